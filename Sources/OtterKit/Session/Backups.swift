import FoundationEssentials
import OTPCore
import Posix
import Vault

#if canImport(Glibc)
  import Glibc
#endif

/// Automatic backups: every save of the vault also writes a copy of the new file into a
/// backup folder, named with its time and generation (`vault-20261205T061152Z-g42.otter`), the
/// vault file itself (same format, same password), so `otter list --vault COPY` opens it. The
/// newest `keep` copies of each vault are kept; copies of other vaults in the folder are left
/// alone. A copy that cannot be written never fails the save: it is said.
///
/// The settings are this machine's, in `$XDG_CONFIG_HOME/otter/backup` (else
/// `~/.config/otter/backup`): lines `folder=PATH`, `keep=N`, `enabled=false`.
public struct BackupSettings: Sendable, Equatable {
  public var folder: String
  public var keep: Int
  public var enabled: Bool

  public static let defaultKeep = 20
  public static let allowedKeep = 1...10_000

  public init(folder: String, keep: Int = defaultKeep, enabled: Bool = true) {
    self.folder = folder
    self.keep = keep
    self.enabled = enabled
  }

  /// The settings file, or nil without `XDG_CONFIG_HOME` and `HOME`.
  public static func settingsPath(environment: [String: String] = Environment.all) -> String? {
    UserFolder.config.otter("backup", environment: environment)
  }

  /// The default folder: `$XDG_DATA_HOME/otter/backups`, else `~/.local/share/otter/backups`.
  public static func defaultFolder(environment: [String: String] = Environment.all) -> String? {
    UserFolder.data.otter("backups", environment: environment)
  }

  /// This machine's settings; nil when there is nowhere to keep copies (no `HOME`).
  public static func standard(environment: [String: String] = Environment.all) -> BackupSettings? {
    var settings = defaultFolder(environment: environment).map { BackupSettings(folder: $0) }
    guard let path = settingsPath(environment: environment),
      let fd = try? Posix.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
    else { return settings }
    defer { Posix.close(fd) }
    guard let bytes = try? Posix.readAll(fd, path: path, limit: 16 << 10) else { return settings }
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
      guard let equals = line.firstIndex(of: "=") else { continue }
      let key = line[..<equals]
      let value = String(line[line.index(after: equals)...])
      switch key {
      case "folder" where value.hasPrefix("/"):
        settings = BackupSettings(folder: value, keep: settings?.keep ?? defaultKeep, enabled: settings?.enabled ?? true)
      case "keep": if let keep = Int(value), allowedKeep.contains(keep) { settings?.keep = keep }
      case "enabled": settings?.enabled = value != "false"
      default: continue
      }
    }
    return settings
  }

  /// Writes these settings to this machine's settings file (atomically, 0600).
  ///
  /// - Throws: `OtterFailure` 73 when it cannot be written.
  public func store(environment: [String: String] = Environment.all) throws(OtterFailure) {
    guard let path = Self.settingsPath(environment: environment) else {
      throw OtterFailure(.cannotCreate, "neither XDG_CONFIG_HOME nor HOME is set: there is nowhere to keep the setting")
    }
    let text = "folder=\(folder)\nkeep=\(keep)\nenabled=\(enabled)\n"
    do {
      try Posix.makeFolders(VaultLocation(path: path).folder, mode: 0o700)
      try Posix.replaceFile(path, with: Array(text.utf8))
    } catch {
      throw OtterFailure(.cannotCreate, "cannot write \(path): \(Posix.errorText(error.code))")
    }
  }
}

/// The copies in a backup folder, and writing and restoring them.
public enum Backups {
  /// One copy of a vault in the backup folder.
  public struct Copy: Sendable, Equatable {
    public var path: String
    public var time: Int64
    public var generation: UInt64
  }

  /// The longest copy read (a vault of 100,000 accounts is under 64 MiB).
  static let maximumCopy = 256 << 20

  /// `vault-20261205T061152Z-g42.otter` for the vault file `vault.otter`.
  static func name(for location: VaultLocation, time: Int64, generation: UInt64, id: String? = nil) -> String {
    var base = location.baseName
    if base.hasSuffix(".otter") { base.removeLast(6) }
    if base.isEmpty || base.hasPrefix(".") { base = "vault" + base }
    if let id { base += "-" + id }
    let stamp = Timestamp.iso8601(time).filter { $0 != "-" && $0 != ":" }
    return "\(base)-\(stamp)-g\(generation).otter"
  }

  /// The time and generation a copy's name gives, or nil for another file.
  static func parse(_ name: String) -> (time: Int64, generation: UInt64)? {
    guard name.hasSuffix(".otter") else { return nil }
    let stem = name.dropLast(6)
    guard let dash = stem.lastIndex(of: "-"), stem[stem.index(after: dash)...].hasPrefix("g"),
      let generation = UInt64(stem[stem.index(dash, offsetBy: 2)...])
    else { return nil }
    let before = stem[..<dash]
    guard before.count >= 17, let time = Timestamp.parseCompact(String(before.suffix(16))) else { return nil }
    return (time, generation)
  }

  /// Makes the folder (0700) if it is missing and checks that it is private and ours.
  ///
  /// - Throws: a message saying what is wrong.
  public static func prepare(_ folder: String) throws(OtterFailure) {
    do { try Posix.makeFolders(folder, mode: 0o700) } catch {
      throw OtterFailure(
        .cannotCreate, "cannot create the backup folder \(Sanitizer.displayText(folder)): \(Posix.errorText(error.code))")
    }
    guard let info = try? Posix.status(folder), info.st_mode & S_IFMT == S_IFDIR else {
      throw OtterFailure(.cannotCreate, "the backup folder \(Sanitizer.displayText(folder)) is not a folder")
    }
    guard info.st_uid == Posix.effectiveUser, info.st_mode & 0o077 == 0 else {
      throw OtterFailure(
        .cannotCreate,
        "the backup folder \(Sanitizer.displayText(folder)) can be read by others or is not yours: chmod 700 it, or pick another")
    }
  }

  /// Writes `bytes` (the vault file just saved at `location`) as a copy and removes this
  /// vault's copies beyond the newest `keep`.
  ///
  /// - Throws: `OtterFailure` saying why no copy was written.
  public static func write(_ bytes: [UInt8], of location: VaultLocation, settings: BackupSettings, at time: Int64)
    throws(OtterFailure)
  {
    try prepare(settings.folder)
    let vaultID = try? VaultFile.vaultID(of: bytes)
    let generation = (try? VaultFile.generation(of: bytes)) ?? 0
    var path = settings.folder + "/" + name(for: location, time: time, generation: generation)
    // Another vault's copy of the same file name, generation and second: this one's name gets
    // its vault id, so neither replaces the other.
    if (try? Posix.linkStatus(path)) != nil, identity(of: path) != vaultID {
      let id = String((vaultID?.lowercasedText ?? "unknown").prefix(8))
      path = settings.folder + "/" + name(for: location, time: time, generation: generation, id: id)
    }
    do { try Posix.replaceFile(path, with: bytes) } catch {
      throw OtterFailure(.ioError, "cannot write \(Sanitizer.displayText(path)): \(Posix.errorText(error.code))")
    }
    guard let vaultID else { return }
    for old in copies(of: vaultID, in: settings.folder).dropFirst(settings.keep) { Posix.unlink(old.path) }
  }

  /// How much of a copy is read to find its vault id: its key slots and header.
  static let identityPrefix = 64 << 10

  /// This vault's copies in `folder`, newest first (by time, then generation). A file whose
  /// header names another vault, or no vault, is not one. Only each file's first bytes are
  /// read, so a save after which old copies are pruned stays cheap with a large vault.
  public static func copies(of vaultID: UUID, in folder: String) -> [Copy] {
    guard let names = try? Posix.folderEntries(folder) else { return [] }
    var found: [Copy] = []
    for name in names {
      guard let (time, generation) = parse(name) else { continue }
      let path = folder + "/" + name
      guard let id = identity(of: path), id == vaultID else { continue }
      found.append(Copy(path: path, time: time, generation: generation))
    }
    return found.sorted { ($0.time, $0.generation, $0.path) > ($1.time, $1.generation, $1.path) }
  }

  /// The vault id in the header of the file at `path`, from its first bytes (a format-1 file
  /// is read whole).
  public static func identity(of path: String) -> UUID? {
    guard let fd = try? Posix.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) else { return nil }
    defer { Posix.close(fd) }
    guard let info = try? Posix.status(of: fd, path: path), info.st_mode & S_IFMT == S_IFREG else { return nil }
    guard let prefix = try? Posix.readPrefix(fd, count: min(identityPrefix, Int(info.st_size)), path: path) else { return nil }
    if let identity = try? VaultFile.identity(ofPrefix: prefix) { return identity.vaultID }
    return (try? readCopy(path)).flatMap { try? VaultFile.vaultID(of: $0) }
  }

  /// The bytes of a copy: a regular file of ours, not a link.
  public static func readCopy(_ path: String) throws(OtterFailure) -> [UInt8] {
    let fd: Int32
    do { fd = try Posix.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) } catch {
      throw OtterFailure(.noInput, "cannot open \(path): \(Posix.errorText(error.code))")
    }
    defer { Posix.close(fd) }
    guard let info = try? Posix.status(of: fd, path: path), info.st_mode & S_IFMT == S_IFREG else {
      throw OtterFailure(.noInput, "\(path) is not a file")
    }
    do { return try Posix.readAll(fd, path: path, limit: maximumCopy) } catch {
      throw OtterFailure(.ioError, "cannot read \(path): \(Posix.errorText(error.code))")
    }
  }
}
