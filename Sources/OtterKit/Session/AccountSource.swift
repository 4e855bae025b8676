import FoundationEssentials
import OTPCore
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

  /// The account `query` names, ready for its codes: a time-based one as stored; an HOTP one
  /// with its counter advanced by `count` in the vault, saved atomically under the lock
  /// before any code is shown (so no code is ever shown twice), and returned as it was
  /// before, whose counter makes the first code. An Aegis backup is read-only: its counter
  /// is not advanced, and a warning says so.
  ///
  /// - Throws: `OtterFailure` 64 for `timeGiven` with an HOTP account, else as `open` and
  ///   `AccountQuery.single` do.
  public func accountForCodes(_ query: String, count: Int, timeGiven: Bool) throws(OtterFailure) -> (OTPAccount, UUID) {
    try accountForCodes(AccountQuery.single(query, in: try contents()), count: count, timeGiven: timeGiven)
  }

  /// The same for `record`, already chosen (`otter pick`).
  public func accountForCodes(_ record: VaultRecord, count: Int, timeGiven: Bool) throws(OtterFailure) -> (OTPAccount, UUID) {
    if record.account.isTimeBased { return (record.account, record.id) }
    guard !timeGiven else {
      throw OtterFailure(.usage, "--at applies to time-based accounts; this one is hotp (counter \(record.account.counter))")
    }
    if aegis != nil {
      StandardError.warn("the Aegis backup is read-only: this HOTP code's counter is not advanced anywhere")
      return (record.account, record.id)
    }
    let used = try session.modify { vault throws(OtterFailure) -> OTPAccount in
      do { return try vault.contents.advanceCounter(id: record.id, by: UInt64(count), at: currentTime()) } catch {
        throw OtterFailure(.dataError, "\(error)")
      }
    }
    return (used, record.id)
  }
}
