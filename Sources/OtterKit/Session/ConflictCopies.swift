import FoundationEssentials
import Posix
import Vault

#if canImport(Glibc)
  import Glibc
#endif

/// The copies a sync tool keeps beside the vault when two machines changed it between syncs.
///
/// For a vault file `vault.otter`, exactly these names (the tools' own patterns):
/// - Syncthing: `vault.sync-conflict-20261201-101500-ABCDEFG.otter` (date, time, the first
///   seven characters of the device id);
/// - Nextcloud: `vault (conflicted copy 2026-12-01 101500).otter`;
/// - Dropbox: `vault (alice's conflicted copy 2026-12-01).otter`.
/// Only files that are Otter vaults with the vault's own id count.
public enum ConflictCopies {
  /// Whether `name` is a conflict copy's name for the vault file named `vaultName`.
  public static func isConflictName(_ name: String, of vaultName: String) -> Bool {
    let (stem, suffix) = split(vaultName)
    guard name.count > vaultName.count, name.hasPrefix(stem), name.hasSuffix(suffix) else { return false }
    let middle = Array(name.dropFirst(stem.count).dropLast(suffix.count))
    return isSyncthing(middle) || isNextcloud(middle) || isDropbox(middle)
  }

  /// The conflict copies beside the vault file at `path` that are Otter vaults with `vaultID`,
  /// as full paths in name order.
  public static func find(besides path: String, vaultID: UUID) -> [String] {
    let location = VaultLocation(path: path)
    let name = location.baseName
    guard let entries = try? Posix.folderEntries(location.folder) else { return [] }
    return entries.filter { isConflictName($0, of: name) }.sorted().map { location.folder + "/" + $0 }.filter {
      isCopy($0, of: vaultID)
    }
  }

  /// Whether the file at `path` is a regular file of this user's, an Otter vault with `vaultID`.
  static func isCopy(_ path: String, of vaultID: UUID) -> Bool {
    guard let fd = try? Posix.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) else { return false }
    defer { Posix.close(fd) }
    guard let info = try? Posix.status(of: fd, path: path), info.st_mode & S_IFMT == S_IFREG,
      info.st_uid == Posix.effectiveUser, info.st_size <= 256 << 20,
      let bytes = try? Posix.readAll(fd, path: path, limit: 256 << 20)
    else { return false }
    return (try? VaultFile.vaultID(of: bytes)) == vaultID
  }

  /// `vault.otter` → ("vault", ".otter"); a name without a dot (or only a leading one) has no
  /// suffix.
  static func split(_ name: String) -> (stem: String, suffix: String) {
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
    return (String(name[..<dot]), String(name[dot...]))
  }

  /// `.sync-conflict-YYYYMMDD-HHMMSS-XXXXXXX`
  static func isSyncthing(_ middle: [Character]) -> Bool {
    let prefix = Array(".sync-conflict-")
    guard middle.count == prefix.count + 8 + 1 + 6 + 1 + 7, Array(middle.prefix(prefix.count)) == prefix else { return false }
    let rest = Array(middle.dropFirst(prefix.count))
    return digits(rest[0..<8]) && rest[8] == "-" && digits(rest[9..<15]) && rest[15] == "-"
      && rest[16...].allSatisfy { ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") }
  }

  /// ` (conflicted copy YYYY-MM-DD HHMMSS)`
  static func isNextcloud(_ middle: [Character]) -> Bool {
    let prefix = Array(" (conflicted copy ")
    guard middle.count == prefix.count + 10 + 1 + 6 + 1, Array(middle.prefix(prefix.count)) == prefix, middle.last == ")"
    else { return false }
    let rest = Array(middle.dropFirst(prefix.count))
    return isDate(rest[0..<10]) && rest[10] == " " && digits(rest[11..<17])
  }

  /// ` (NAME's conflicted copy YYYY-MM-DD)`
  static func isDropbox(_ middle: [Character]) -> Bool {
    let marker = Array("'s conflicted copy ")
    guard middle.count > 2 + marker.count + 10 + 1, middle.prefix(2) == [" ", "("], middle.last == ")" else { return false }
    let date = middle[(middle.count - 11)..<(middle.count - 1)]
    let before = Array(middle[2..<(middle.count - 11)])
    guard before.count > marker.count, Array(before.suffix(marker.count)) == marker else { return false }
    let owner = before.dropLast(marker.count)
    return isDate(date) && !owner.contains { $0 == "(" || $0 == ")" || $0 == "/" }
  }

  private static func digits(_ characters: ArraySlice<Character>) -> Bool {
    !characters.isEmpty && characters.allSatisfy { $0 >= "0" && $0 <= "9" }
  }

  /// `YYYY-MM-DD`
  private static func isDate(_ characters: ArraySlice<Character>) -> Bool {
    let c = Array(characters)
    return c.count == 10 && digits(c[0..<4]) && c[4] == "-" && digits(c[5..<7]) && c[7] == "-" && digits(c[8..<10])
  }

  /// What became of a conflict copy asked to be removed.
  public enum Removal: Equatable {
    case removed
    /// It no longer held the bytes that were merged: kept, at its own name or, when a new file
    /// took that name meanwhile, at this one.
    case changed(keptAs: String?)
  }

  /// Removes the conflict copy at `path` only if it still holds `bytes`, comparing and removing
  /// the same file: it is first renamed aside (atomic: a sync tool writing the name meanwhile
  /// writes a new file), then the renamed file is compared, and unlinked or put back.
  public static func remove(_ path: String, holding bytes: [UInt8]) -> Removal {
    let location = VaultLocation(path: path)
    let aside = location.folder + "/.otter-removing-\(Posix.processID)-" + location.baseName
    guard (try? Posix.rename(path, aside)) != nil else { return .changed(keptAs: nil) }
    let now = try? Posix.open(aside, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
    var current: [UInt8]?
    if let now {
      current = try? Posix.readAll(now, path: aside, limit: 64 << 20)
      Posix.close(now)
    }
    if current == bytes {
      Posix.unlink(aside)
      return .removed
    }
    // Put back without replacing a file that took the name meanwhile (link refuses to).
    if (try? Posix.link(aside, path)) != nil {
      Posix.unlink(aside)
      return .changed(keptAs: nil)
    }
    return .changed(keptAs: aside)
  }
}
