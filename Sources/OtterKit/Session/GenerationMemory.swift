import FoundationEssentials
import Posix
import Vault

#if canImport(Glibc)
  import Glibc
#endif

/// The highest generation seen of each vault on this machine, so that opening an older copy
/// (restored from a backup, an old sync version, a copy someone put back) is noticed.
///
/// One small file, `$XDG_STATE_HOME/otter/generations` (else `~/.local/state/otter/…`), mode
/// 0600, a line `<vault id> <generation> <path>` per vault, updated under an exclusive `flock`.
/// The path is the vault file's: a copy with the same id elsewhere (a conflict copy, a twin
/// made by copying the file, another branch's checkout) neither raises nor checks the memory,
/// so opening it never makes the real vault look rolled back. (A line without a path, from an
/// earlier Otter, takes the path of the next vault file with that id saved or opened.)
/// Losing or damaging it only loses the warning: every failure here is ignored.
public struct GenerationMemory: Sendable {
  public let path: String

  /// The most vaults remembered (the oldest entries go first).
  static let maximumEntries = 256

  public init(path: String) { self.path = path }

  /// The file in the user's state folder, or nil when neither `XDG_STATE_HOME` nor `HOME` is set.
  public static func standard(environment: [String: String] = Environment.all) -> GenerationMemory? {
    UserFolder.state.otter("generations", environment: environment).map(GenerationMemory.init(path:))
  }

  /// The generation remembered for `vault` at the file `path`, if any (nil for a copy of it
  /// at another path).
  public func remembered(_ vault: UUID, path: String) -> UInt64? {
    update { entries in
      entries.first { $0.id == vault.lowercasedText && Self.matches($0.path, path) }?.generation
    }
  }

  /// Remembers `generation` for `vault` at `path`; with `onlyIfHigher`, keeps a higher one
  /// already there. A copy (the id remembered for another file that still exists) changes
  /// nothing.
  public func remember(_ vault: UUID, _ generation: UInt64, onlyIfHigher: Bool, path: String) {
    _ = update { entries -> Void in
      let id = vault.lowercasedText
      if let index = entries.firstIndex(where: { $0.id == id }) {
        if !Self.matches(entries[index].path, path), let other = entries[index].path, (try? Posix.status(other)) != nil {
          return
        }
        if onlyIfHigher && entries[index].generation >= generation && Self.matches(entries[index].path, path) { return }
        entries.remove(at: index)
      }
      entries.append((id, generation, path))
      if entries.count > Self.maximumEntries { entries.removeFirst(entries.count - Self.maximumEntries) }
    }
  }

  /// Whether a remembered path (nil: from an earlier Otter) names the file at `path`.
  static func matches(_ remembered: String?, _ path: String) -> Bool {
    guard let remembered else { return true }
    return VaultSession.samePath(remembered, path)
  }

  /// Runs `body` on the entries under the lock (`generations.lock`) and, if they changed,
  /// writes them to a new file that replaces the old one (a full disk or a crash leaves the
  /// old file whole, never an empty one).
  private func update<Result>(_ body: (inout [(id: String, generation: UInt64, path: String?)]) -> Result?) -> Result? {
    try? Posix.makeFolders(VaultLocation(path: path).folder, mode: 0o700)
    guard let lock = try? Posix.open(path + ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK, mode: 0o600) else {
      return nil
    }
    defer { Posix.close(lock) }
    guard (try? Posix.lockExclusive(lock, path: path)) != nil else { return nil }
    var bytes: [UInt8] = []
    if let fd = try? Posix.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) {
      defer { Posix.close(fd) }
      guard let info = try? Posix.status(of: fd, path: path), info.st_mode & S_IFMT == S_IFREG,
        info.st_uid == Posix.effectiveUser, let read = try? Posix.readAll(fd, path: path, limit: 64 << 10)
      else { return nil }
      bytes = read
    }
    var entries = Self.entries(bytes)
    let line = { (entry: (id: String, generation: UInt64, path: String?)) in
      "\(entry.id) \(entry.generation)" + (entry.path.map { " " + $0 } ?? "")
    }
    let before = entries.map(line)
    let result = body(&entries)
    let lines = entries.map(line)
    if lines != before { try? Posix.replaceFile(path, with: Array(lines.map { $0 + "\n" }.joined().utf8)) }
    return result
  }

  /// Generations at or above this are not remembered: no vault saves that often, so such a
  /// number is damage (and the next one must not overflow).
  static let implausible: UInt64 = 1 << 62

  static func entries(_ bytes: [UInt8]) -> [(id: String, generation: UInt64, path: String?)] {
    var entries: [(id: String, generation: UInt64, path: String?)] = []
    for line in bytes.split(separator: UInt8(ascii: "\n")) {
      let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2)
      guard parts.count >= 2, parts[0].count == 36, let generation = UInt64(String(decoding: parts[1], as: UTF8.self)),
        generation < implausible
      else { continue }
      let path = parts.count == 3 ? String(decoding: parts[2], as: UTF8.self) : nil
      entries.append((String(decoding: parts[0], as: UTF8.self), generation, path.flatMap { $0.hasPrefix("/") ? $0 : nil }))
    }
    return entries
  }
}
