import CryptoPrimitives
import Foundation
import Importers
import OTPCore
import TUI
import Vault

/// An Aegis backup opened read-only with `--aegis FILE`: its accounts are shown, never imported
/// or changed.
enum AegisBackup {
  /// Whether the file at `path` is encrypted (so a password is needed).
  static func isEncrypted(_ path: String) throws(OtterFailure) -> Bool {
    AegisImporter.isEncrypted(try InputSource.read(path))
  }

  /// The accounts of the backup at `path`, as vault contents (in memory only).
  ///
  /// - Throws: `OtterFailure` 77 for a wrong password, 65 for a file that is not an Aegis backup.
  static func contents(path: String, password: SecretBytes?) throws(OtterFailure) -> VaultContents {
    var bytes = try InputSource.read(path)
    defer { wipe(&bytes) }
    guard FormatDetector.detect(bytes) == .aegis else { throw OtterFailure(.dataError, "\(path) is not an Aegis backup") }
    let items: [ImportItem]
    do {
      items = try AegisImporter.read(bytes, password: password)
    } catch .wrongPassword {
      throw OtterFailure(.noPermission, "\(ImportError.wrongPassword)")
    } catch {
      throw OtterFailure(.dataError, "\(path): \(error)")
    }
    var contents = VaultContents()
    let now = currentTime()
    for item in items {
      switch item.result {
      case .success(let imported):
        contents.records.append(
          VaultRecord(
            account: imported.account, note: imported.note, tags: imported.tags, favourite: imported.favourite, created: now))
      case .failure(let error):
        StandardError.warn("\(path), \(item.location): \(error) (not shown)")
      }
    }
    return contents
  }
}

/// The viewer on an Aegis backup: read-only.
final class AegisViewerSource: ViewerSource {
  let path: String
  let isProtected: Bool
  private var contents: VaultContents?

  init(path: String) throws(OtterFailure) {
    self.path = path
    isProtected = try AegisBackup.isEncrypted(path)
  }

  func exists() -> Bool { FileManager.default.fileExists(atPath: path) }

  func unlock(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] {
    let opened = try AegisBackup.contents(path: path, password: isProtected ? password : nil)
    contents = opened
    return viewerAccounts(opened)
  }

  func create(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] {
    throw OtterFailure(.noInput, "no Aegis backup at \(path)")
  }

  func change(_ change: (inout VaultContents) throws(OtterFailure) -> Void) throws(OtterFailure) -> [ViewerAccount] {
    throw OtterFailure(.usage, "this Aegis backup is open read-only; import it with `otter import` to change it")
  }

  func lock() { contents = nil }
}
