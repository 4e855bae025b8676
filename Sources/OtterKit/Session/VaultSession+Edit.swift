import OTPCore
import Vault

extension VaultSession {
  /// `otter edit`: the account `query` names changed by `changes` and, with `newPIN`, given a
  /// new PIN (read before the vault is opened, so the write lock is not held while someone
  /// types). Settings the account's kind does not have are refused, nothing changed.
  ///
  /// - Returns: "changed Issuer: name", the label as it is after the edit.
  /// - Throws: `OtterFailure` 64 for a setting the kind does not have, 65 for a value it
  ///   cannot take, else as `modify` and `AccountQuery.single` do.
  public func edit(_ query: String, _ changes: AccountChanges, newPIN source: PasswordSource?) throws(OtterFailure)
    -> String
  {
    let newPIN = try source?.read(
      prompt: "New PIN for \(query) (hidden): ", noTerminal: "no terminal to ask on; give the PIN with --pin-file PATH")
    return try modify { vault throws(OtterFailure) -> String in
      let record = try AccountQuery.single(query, in: vault.contents)
      let kind = record.account.kind
      if changes.counter != nil && kind != .hotp {
        throw OtterFailure(.usage, "--counter is for HOTP accounts; this one is \(kind)")
      }
      if changes.period != nil && kind == .hotp {
        throw OtterFailure(.usage, "--period is for time-based accounts; this one is hotp")
      }
      if changes.digits != nil && kind == .steam { throw OtterFailure(.usage, "Steam codes always have 5 characters") }
      if newPIN != nil && !kind.needsPIN {
        throw OtterFailure(.usage, "--pin is for mOTP and Yandex accounts; this one is \(kind)")
      }
      do {
        if !changes.isEmpty { try vault.contents.edit(id: record.id, changes, at: currentTime()) }
        if let newPIN { try vault.contents.setPIN(id: record.id, newPIN, at: currentTime()) }
      } catch {
        throw OtterFailure(.dataError, "\(error); nothing was changed")
      }
      let after = vault.contents.record(id: record.id)?.label ?? record.label
      return "changed \(Sanitizer.displayText(after))"
    }
  }
}
