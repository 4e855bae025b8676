import CryptoPrimitives
import OTPCore
import Synchronization
import TUI
import Vault

/// Where the viewer's accounts live and how its changes are kept.
public protocol ViewerSource: AnyObject {
  var path: String { get }
  /// Whether a password protects the accounts (the demo has none).
  var isProtected: Bool { get }
  func exists() -> Bool
  func unlock(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount]
  /// The accounts opened with the key an agent holds (`otter unlock`) or by a key slot that
  /// needs nothing typed (keyring, ssh-agent), or nil.
  func unlockWithoutPassword() -> [ViewerAccount]?
  func create(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount]
  /// Applies `change` to the accounts and keeps the result; returns the accounts as kept.
  func change(_ change: (inout VaultContents) throws(OtterFailure) -> Void) throws(OtterFailure) -> [ViewerAccount]
  /// Forgets the opened vault and its keys; with `agent`, the agent forgets its key too.
  ///
  /// - Returns: whether an agent held the key and forgot it.
  @discardableResult
  func lock(agent: Bool) -> Bool
  /// Warnings about the accounts gathered since the last call (an older copy was opened).
  func takeNotices() -> [String]
}

extension ViewerSource {
  public func takeNotices() -> [String] { [] }
  public func unlockWithoutPassword() -> [ViewerAccount]? { nil }
}

/// The accounts of `contents` as the viewer shows them.
public func viewerAccounts(_ contents: VaultContents) -> [ViewerAccount] {
  contents.records.map {
    ViewerAccount(
      id: $0.id.lowercasedText, account: $0.account, favourite: $0.favourite, note: $0.note, conflicts: $0.conflicts.count,
      groups: $0.tags)
  }
}

/// The real vault file.
public final class VaultViewerSource: ViewerSource {
  let session: VaultSession
  private var vault: UnlockedVault?
  private let notices = Notices()
  private let keepAgent: Bool

  /// With `keepAgent` false, locking the viewer (`L`, auto-lock) also makes the agent forget
  /// this vault's key; with true the agent keeps it until its own time is up.
  public init(session: VaultSession, keepAgent: Bool = false) {
    self.keepAgent = keepAgent
    // Warnings go to the status line: while the screen is up, stderr would write over it.
    let notices = self.notices
    self.session = session.warning { message in notices.messages.withLock { $0.append(message) } }
  }

  public func takeNotices() -> [String] {
    notices.messages.withLock { messages in
      defer { messages = [] }; return messages
    }
  }

  public var path: String { session.location.path }
  public var isProtected: Bool { true }

  public func exists() -> Bool { (try? session.exists()) == true }

  public func unlock(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] {
    let opened = try session.unlock(try session.read(), password: password)
    session.reportConflictCopies(of: opened)
    vault = opened
    return viewerAccounts(opened.contents)
  }

  public func unlockWithoutPassword() -> [ViewerAccount]? {
    guard let bytes = try? session.read(), let opened = session.unlockWithoutPassword(bytes).vault else { return nil }
    session.reportConflictCopies(of: opened)
    vault = opened
    return viewerAccounts(opened.contents)
  }

  public func create(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] {
    vault = try session.create(password: password)
    return []
  }

  /// Re-reads the file under the writer lock with the key already unlocked (no KDF), applies
  /// the change, and saves atomically: a concurrent `otter add` is never lost.
  public func change(_ change: (inout VaultContents) throws(OtterFailure) -> Void) throws(OtterFailure) -> [ViewerAccount] {
    guard let vault else { throw OtterFailure(.noPermission, "the vault is locked") }
    let saved = try session.modify(unlocked: vault, change)
    self.vault = saved
    return viewerAccounts(saved.contents)
  }

  public func lock(agent: Bool) -> Bool {
    defer { vault = nil }
    guard agent, !keepAgent, let vault, let client = session.agent,
      client.status()?.contains(where: { $0.vaultID == vault.vaultID }) == true
    else { return false }
    return client.forget(vault.vaultID)
  }
}

/// Messages gathered from a session's warnings.
final class Notices: Sendable {
  let messages = Mutex<[String]>([])
}

/// Accounts held in memory only, never written anywhere: the built-in demo accounts.
public final class DemoViewerSource: ViewerSource {
  private var contents = VaultContents()

  public init() throws(OtterFailure) {
    let now = currentTime()
    for account in try DemoAccounts.load() { contents.add(VaultRecord(account: account, created: now)) }
  }

  public var path: String { "demo accounts (fake secrets, not saved)" }
  public var isProtected: Bool { false }
  public func exists() -> Bool { true }
  public func unlock(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] { viewerAccounts(contents) }
  public func create(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] { viewerAccounts(contents) }
  public func change(_ change: (inout VaultContents) throws(OtterFailure) -> Void) throws(OtterFailure) -> [ViewerAccount] {
    try change(&contents)
    return viewerAccounts(contents)
  }
  public func lock(agent: Bool) -> Bool { false }
}

/// The viewer on an Aegis backup: read-only.
public final class AegisViewerSource: ViewerSource {
  public let path: String
  public let isProtected: Bool
  private var contents: VaultContents?

  private let budget: KDFBudget

  public init(path: String, budget: KDFBudget = .default) throws(OtterFailure) {
    self.path = path
    self.budget = budget
    isProtected = try AegisBackup.isEncrypted(path)
  }

  public func exists() -> Bool { SecretFile.exists(path) }

  public func unlock(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] {
    let opened = try AegisBackup.contents(path: path, password: isProtected ? password : nil, budget: budget)
    contents = opened
    return viewerAccounts(opened)
  }

  public func create(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] {
    throw OtterFailure(.noInput, "no Aegis backup at \(path)")
  }

  public func change(_ change: (inout VaultContents) throws(OtterFailure) -> Void) throws(OtterFailure) -> [ViewerAccount] {
    throw OtterFailure(.usage, "this Aegis backup is open read-only; import it with `otter import` to change it")
  }

  public func lock(agent: Bool) -> Bool {
    contents = nil
    return false
  }
}
