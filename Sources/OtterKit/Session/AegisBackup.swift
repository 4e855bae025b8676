import CryptoPrimitives
import Importers
import OTPCore
import Vault

/// An Aegis backup opened read-only with `--aegis FILE`: its accounts are shown, never imported
/// or changed.
public enum AegisBackup {
  /// Whether the file at `path` is encrypted (so a password is needed).
  public static func isEncrypted(_ path: String) throws(OtterFailure) -> Bool {
    AegisImporter.isEncrypted(try InputSource.read(path))
  }

  /// The accounts of the backup at `path`, as vault contents (in memory only).
  ///
  /// - Throws: `OtterFailure` 77 for a wrong password, 65 for a file that is not an Aegis backup.
  public static func contents(
    path: String, password: SecretBytes?, budget: KDFBudget = .default, now: Int64 = currentTime()
  ) throws(OtterFailure) -> VaultContents {
    var bytes = try InputSource.read(path)
    defer { wipe(&bytes) }
    guard FormatDetector.detect(bytes) == .aegis else { throw OtterFailure(.dataError, "\(path) is not an Aegis backup") }
    let items: [ImportItem]
    do {
      items = try AegisImporter.read(bytes, password: password, budget: budget)
    } catch .wrongPassword {
      throw OtterFailure(.noPermission, "\(ImportError.wrongPassword)")
    } catch {
      throw OtterFailure(.dataError, "\(path): \(error)")
    }
    var contents = VaultContents()
    for item in items {
      switch item.result {
      case .success(let imported):
        contents.add(imported.record(created: now))
      case .failure(let error):
        StandardError.warn("\(path), \(item.location): \(error) (not shown)")
      }
    }
    return contents
  }

  /// The accounts to show for `--aegis FILE`, asking for the backup's password from `source`
  /// when it is encrypted.
  public static func open(path: String, source: PasswordSource, budget: KDFBudget = .default) throws(OtterFailure)
    -> VaultContents
  {
    let password = try isEncrypted(path) ? try source.read(prompt: "Password of the Aegis backup: ") : nil
    return try contents(path: path, password: password, budget: budget)
  }
}

extension ImportedAccount {
  /// A new vault record for this account, created at `time`.
  public func record(created time: Int64) -> VaultRecord {
    VaultRecord(account: account, note: note, tags: tags, favourite: favourite, created: time)
  }
}
