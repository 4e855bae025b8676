import CryptoPrimitives
import OTPCore
import TUI
import Vault

/// Where the viewer's accounts live and how its changes are kept.
protocol ViewerSource: AnyObject {
  var path: String { get }
  /// Whether a password protects the accounts (the demo has none).
  var isProtected: Bool { get }
  func exists() -> Bool
  func unlock(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount]
  func create(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount]
  /// Applies `change` to the accounts and keeps the result; returns the accounts as kept.
  func change(_ change: (inout VaultContents) throws(OtterFailure) -> Void) throws(OtterFailure) -> [ViewerAccount]
  /// Forgets the opened vault and its keys.
  func lock()
}

func viewerAccounts(_ contents: VaultContents) -> [ViewerAccount] {
  contents.records.map { ViewerAccount(id: $0.id.lowercasedText, account: $0.account, favourite: $0.favourite) }
}

/// The real vault file.
final class VaultViewerSource: ViewerSource {
  let options: VaultOptions
  private var vault: UnlockedVault?

  init(options: VaultOptions) { self.options = options }

  var path: String { options.location.path }
  var isProtected: Bool { true }

  func exists() -> Bool { (try? options.store.exists()) == true }

  func unlock(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] {
    let opened = try options.decode(try options.read(), password: password)
    vault = opened
    return viewerAccounts(opened.contents)
  }

  func create(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] {
    do { try options.store.createFolder() } catch { throw VaultOptions.failure(for: error) }
    let created: UnlockedVault
    do { created = try VaultFile.create(password: password) } catch { throw OtterFailure(.ioError, "\(error)") }
    do {
      try options.store.withWriteLock { () throws in try options.save(created, createOnly: true) }
    } catch let failure as OtterFailure {
      throw failure
    } catch let error as StoreError {
      throw VaultOptions.failure(for: error)
    } catch {
      throw OtterFailure(.ioError, "\(error)")
    }
    vault = created
    return []
  }

  /// Re-reads the file under the writer lock with the key already unlocked (no KDF), applies
  /// the change, and saves atomically: a concurrent `otter add` is never lost.
  func change(_ change: (inout VaultContents) throws(OtterFailure) -> Void) throws(OtterFailure) -> [ViewerAccount] {
    guard let vault else { throw OtterFailure(.noPermission, "the vault is locked") }
    let store = options.store
    do {
      let saved = try store.withWriteLock { () throws -> UnlockedVault in
        let fresh = try VaultFile.decode(try store.read(), sameKeyAs: vault)
        try change(&fresh.contents)
        try store.write(try VaultFile.encode(fresh))
        return fresh
      }
      self.vault = saved
      return viewerAccounts(saved.contents)
    } catch let failure as OtterFailure {
      throw failure
    } catch let error as StoreError {
      throw VaultOptions.failure(for: error)
    } catch {
      throw OtterFailure(.dataError, "\(error)")
    }
  }

  func lock() { vault = nil }
}

/// The built-in demo accounts, in memory only: nothing is written anywhere.
final class DemoViewerSource: ViewerSource {
  private var contents = VaultContents()

  init() throws {
    let now = currentTime()
    contents.records = try DemoAccounts.load().map { VaultRecord(account: $0, created: now) }
  }

  var path: String { "demo accounts (fake secrets, not saved)" }
  var isProtected: Bool { false }
  func exists() -> Bool { true }
  func unlock(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] { viewerAccounts(contents) }
  func create(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] { viewerAccounts(contents) }
  func change(_ change: (inout VaultContents) throws(OtterFailure) -> Void) throws(OtterFailure) -> [ViewerAccount] {
    try change(&contents)
    return viewerAccounts(contents)
  }
  func lock() {}
}
