import Vault

/// The accounts a reading command shows: the vault, or an Aegis backup opened read-only with
/// `--aegis FILE`.
public struct AccountSource: Sendable {
  public let session: VaultSession
  /// The Aegis backup to read instead of the vault.
  public let aegis: String?

  public init(session: VaultSession, aegis: String?) {
    self.session = session
    self.aegis = aegis
  }

  /// The accounts to show.
  public func contents() throws(OtterFailure) -> VaultContents {
    guard let aegis else { return try session.open().contents }
    return try AegisBackup.open(path: aegis, source: session.passwordSource, budget: session.budget)
  }

  /// Refuses `--aegis` for commands that change the vault.
  public func requireVault(_ command: String) throws(OtterFailure) {
    if aegis != nil {
      throw OtterFailure(
        .usage, "--aegis opens a backup read-only; `otter \(command)` changes the vault (import the backup first)")
    }
  }
}
