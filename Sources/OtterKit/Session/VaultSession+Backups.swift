import FoundationEssentials
import JSONCodec
import OTPCore
import Posix
import Vault

/// `otter backup list` and `restore`: the copies of this session's vault.
extension VaultSession {
  /// A copy as `backup list` shows it: its number (1 the newest), time, generation and
  /// accounts (nil when the current key does not open it: a copy from before a key change).
  public struct ListedCopy: Sendable {
    public var number: Int
    public var copy: Backups.Copy
    public var accounts: Int?
    /// Whether it is byte for byte the vault file as it is now.
    public var current = false
  }

  /// The vault's id: from the file, else (a missing or damaged vault) from its newest copy
  /// named after it in `folder`.
  public func backupVaultID(in folder: String) -> UUID? {
    if let bytes = try? read(), let id = try? VaultFile.vaultID(of: bytes) { return id }
    var stem = location.baseName
    if stem.hasSuffix(".otter") { stem.removeLast(6) }
    let names = ((try? Posix.folderEntries(folder)) ?? []).filter { $0.hasPrefix(stem + "-") }.sorted(by: >)
    for name in names where Backups.parse(name) != nil {
      if let id = Backups.identity(of: folder + "/" + name) { return id }
    }
    return nil
  }

  /// The copies of this vault in the backup folder, newest first, numbered from 1; with
  /// `key`, each one's accounts are counted.
  public func backupCopies(settings: BackupSettings, key: UnlockedVault?) -> [ListedCopy] {
    guard let id = key?.vaultID ?? backupVaultID(in: settings.folder) else { return [] }
    let now = try? read()
    return Backups.copies(of: id, in: settings.folder).enumerated().map { index, copy in
      var listed = ListedCopy(number: index + 1, copy: copy, accounts: nil)
      guard let bytes = try? Backups.readCopy(copy.path) else { return listed }
      listed.current = bytes == now
      if let key, let opened = try? VaultFile.decode(bytes, sameKeyAs: key) { listed.accounts = opened.contents.records.count }
      return listed
    }
  }

  /// Replaces the vault with the copy at `path`, under the writer lock: the current file (if
  /// it is a vault of this id, and not already the newest copy) is first written to the backup
  /// folder as one more copy; the rollback memory is told the copy's generation, so opening it
  /// gives no warning about an older copy. A damaged file is not copied (`VaultStore` keeps
  /// the previous version as `.bak` at every write).
  ///
  /// - Returns: whether the vault as it was is among the copies.
  /// - Throws: `OtterFailure` 65 when the copy is not a vault file, 74/73 when the current
  ///   vault cannot be backed up (nothing is replaced then) or the copy not written.
  @discardableResult
  public func restore(from path: String, settings: BackupSettings) throws(OtterFailure) -> Bool {
    let bytes = try Backups.readCopy(path)
    guard let vaultID = try? VaultFile.vaultID(of: bytes), let generation = try? VaultFile.generation(of: bytes) else {
      throw OtterFailure(.dataError, "\(Sanitizer.displayText(path)) is not a vault copy")
    }
    return try withWriteLock { () throws(OtterFailure) -> Bool in
      let newest = Backups.copies(of: vaultID, in: settings.folder).first.flatMap { try? Backups.readCopy($0.path) }
      let current = try? read()
      let kept = current.map { (try? VaultFile.vaultID(of: $0)) == vaultID } ?? false
      if let current, kept, current != newest {
        do throws(OtterFailure) { try Backups.write(current, of: location, settings: settings, at: currentTime()) } catch {
          throw OtterFailure(
            error.status, "the current vault could not be backed up first (\(error.message)); nothing was restored")
        }
      }
      do throws(StoreError) { try store.write(bytes) } catch { throw Self.failure(for: error) }
      generations?.remember(vaultID, generation, onlyIfHigher: false, path: memoryPath)
      return kept
    }
  }
}

/// What `otter backup list` prints.
public enum BackupListing {
  public static func table(_ copies: [VaultSession.ListedCopy]) -> String {
    let rows: [[String]] = copies.map { listed in
      [
        String(listed.number), Timestamp.iso8601(listed.copy.time), String(listed.copy.generation),
        listed.accounts.map(String.init) ?? "?",
        Sanitizer.displayText(VaultLocation(path: listed.copy.path).baseName) + (listed.current ? "  (the vault now)" : ""),
      ]
    }
    return Table.render([["N", "TIME", "GENERATION", "ACCOUNTS", "FILE"]] + rows)
  }

  public static func json(_ copies: [VaultSession.ListedCopy]) -> String {
    JSON.array(
      copies.map { listed in
        .object([
          ("number", .integer(listed.number)), ("time", .string(Timestamp.iso8601(listed.copy.time))),
          ("generation", .integer(listed.copy.generation)), ("accounts", listed.accounts.map { .integer($0) } ?? .null),
          ("path", .string(listed.copy.path)), ("current", .bool(listed.current)),
        ])
      }
    ).terminalSafeText + "\n"
  }
}
