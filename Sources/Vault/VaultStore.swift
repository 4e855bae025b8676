import Posix

#if canImport(Glibc)
  import Glibc
#endif

/// Where the vault lives: the file, its backup, its lock file and its folder.
public struct VaultLocation: Sendable, Equatable {
  public let path: String

  public init(path: String) { self.path = path }

  public var folder: String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
  public var backupPath: String { path + ".bak" }
  public var lockPath: String { path + ".lock" }

  /// The vault to use: the `--vault` flag, else `OTTER_VAULT`, else
  /// `$XDG_DATA_HOME/otter/vault.otter`, else `$HOME/.local/share/otter/vault.otter`.
  public static func resolve(flag: String?, environment: [String: String]) -> VaultLocation {
    if let flag, !flag.isEmpty { return VaultLocation(path: flag) }
    if let variable = environment["OTTER_VAULT"], !variable.isEmpty { return VaultLocation(path: variable) }
    if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
      return VaultLocation(path: data + "/otter/vault.otter")
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/"
    return VaultLocation(path: home + "/.local/share/otter/vault.otter")
  }
}

/// Reads and writes the vault file so that no failure or crash loses it.
///
/// Writes go to a temporary file in the same folder, are flushed with `fsync`, and replace the
/// vault with `rename`; the folder is flushed after. The previous vault stays as
/// `vault.otter.bak` (a hard link to the old file, so the vault path never disappears). Writers
/// hold an exclusive `flock` on `vault.otter.lock`; readers take no lock, since a rename shows
/// them either the old file or the new one, whole.
public struct VaultStore: Sendable {
  public let location: VaultLocation
  /// The largest vault file read (a 10,000-account vault is about 3 MiB).
  static let maximumFileSize = 256 << 20

  public init(location: VaultLocation) { self.location = location }

  /// Whether a vault file exists at the location.
  public func exists() throws(StoreError) -> Bool {
    try StoreError.map { () throws(SystemError) in try Posix.status(location.path) != nil }
  }

  /// The vault's bytes, after checking that no other user can write it or its folder.
  ///
  /// - Throws: `StoreError.notFound`, `.unsafePermissions`, or `.system` for I/O errors.
  public func read() throws(StoreError) -> [UInt8] {
    guard let info = try StoreError.map({ () throws(SystemError) in try Posix.status(location.path) }) else {
      throw .notFound(path: location.path)
    }
    try checkSafe(info, path: location.path, isFolder: false)
    if let folderInfo = try StoreError.map({ () throws(SystemError) in try Posix.status(location.folder) }) {
      try checkSafe(folderInfo, path: location.folder, isFolder: true)
    }
    return try StoreError.map { () throws(SystemError) in
      let fd = try Posix.open(location.path, O_RDONLY)
      defer { Posix.close(fd) }
      return try Posix.readAll(fd, path: location.path, limit: Self.maximumFileSize)
    }
  }

  private func checkSafe(_ info: stat, path: String, isFolder: Bool) throws(StoreError) {
    let mode = info.st_mode & 0o7777
    let isSticky = mode & mode_t(S_ISVTX) != 0
    if mode & 0o022 != 0 && !(isFolder && isSticky) {
      throw .unsafePermissions(
        path: path,
        detail:
          "it can be written by other users (mode \(String(mode, radix: 8))); run `chmod go-w \(path)` if that is not intended")
    }
    if !isFolder && info.st_uid != Posix.effectiveUser {
      throw .unsafePermissions(path: path, detail: "it belongs to another user (uid \(info.st_uid))")
    }
  }

  /// Creates the vault's folder (mode 0700) and any missing parents.
  public func createFolder() throws(StoreError) {
    var current = location.folder.hasPrefix("/") ? "" : "."
    for component in location.folder.split(separator: "/") {
      current += "/" + component
      try StoreError.map { () throws(SystemError) in
        if try Posix.status(current) == nil { try Posix.makeFolder(current, mode: 0o700) }
      }
    }
  }

  /// Replaces the vault with `bytes` atomically; with `createOnly`, fails if a vault exists.
  ///
  /// - Throws: `StoreError.alreadyExists` (with `createOnly`), `.system` on any I/O failure, in
  ///   which case the previous vault is untouched.
  ///   Call it while holding the writer lock: it removes temporary files that a killed writer
  ///   left behind, which is only safe when no other writer can be running.
  public func write(_ bytes: [UInt8], createOnly: Bool = false) throws(StoreError) {
    removeStaleTemporaries()
    let temporary = location.folder + "/.\(baseName).tmp-\(Posix.processID)-\(UInt32.random(in: 0...UInt32.max))"
    let fd = try StoreError.map { () throws(SystemError) in try Posix.open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600) }
    var committed = false
    defer {
      if !committed { Posix.unlink(temporary) }
    }
    try StoreError.map { () throws(SystemError) in
      defer { Posix.close(fd) }
      try Posix.setMode(fd, 0o600, path: temporary)
      try Posix.writeAll(fd, bytes, path: temporary)
      try Posix.sync(fd, path: temporary)
    }
    if createOnly {
      // link(2) refuses to replace an existing name: no window where two creators both win.
      do { try Posix.link(temporary, location.path) } catch {
        throw error.code == EEXIST ? .alreadyExists(path: location.path) : StoreError(error)
      }
      Posix.unlink(temporary)
    } else {
      try StoreError.map { () throws(SystemError) in
        try keepBackup()
        try Posix.rename(temporary, location.path)
      }
    }
    committed = true
    try StoreError.map { () throws(SystemError) in try Posix.syncFolder(location.folder) }
  }

  /// Makes `vault.otter.bak` another name for the current vault file before it is replaced.
  private func keepBackup() throws(SystemError) {
    guard try Posix.status(location.path) != nil else { return }
    let temporary = location.backupPath + ".tmp-\(Posix.processID)"
    Posix.unlink(temporary)
    try Posix.link(location.path, temporary)
    try Posix.rename(temporary, location.backupPath)
  }

  /// Deletes `.vault.otter.tmp-*` and `vault.otter.bak.tmp-*` files of writers that died.
  private func removeStaleTemporaries() {
    guard let names = try? Posix.folderEntries(location.folder) else { return }
    let backupBase = baseName + ".bak.tmp-"
    for name in names where name.hasPrefix("." + baseName + ".tmp-") || name.hasPrefix(backupBase) {
      Posix.unlink(location.folder + "/" + name)
    }
  }

  private var baseName: String {
    guard let slash = location.path.lastIndex(of: "/") else { return location.path }
    return String(location.path[location.path.index(after: slash)...])
  }

  /// Runs `body` while holding the exclusive writer lock.
  ///
  /// - Parameter lockFailure: turns a failure to open or take the lock into the caller's error.
  /// - Throws: what `lockFailure` makes of a lock problem; whatever `body` throws.
  public func withWriteLock<Result, Failure: Error>(
    lockFailure: (StoreError) -> Failure, _ body: () throws(Failure) -> Result
  ) throws(Failure) -> Result {
    let opened = Swift.Result { () throws(StoreError) -> Int32 in
      let fd = try StoreError.map { () throws(SystemError) in try Posix.open(location.lockPath, O_RDWR | O_CREAT, mode: 0o600) }
      do throws(SystemError) { try Posix.lockExclusive(fd, path: location.lockPath) } catch {
        Posix.close(fd)
        throw StoreError(error)
      }
      return fd
    }
    let fd: Int32
    switch opened {
    case .success(let value): fd = value
    case .failure(let error): throw lockFailure(error)
    }
    defer { Posix.close(fd) }  // closing the descriptor releases the lock
    return try body()
  }
}
