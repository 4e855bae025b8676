import OTPCore

/// `otter verify`: checks one code against one account, with or without a state file.
public struct CodeCheck {
  public let account: OTPAccount
  public let window: Int

  public init(account: OTPAccount, window: Int) {
    self.account = account
    self.window = window
  }

  /// The account's name in a state file.
  var stateName: String { account.issuer.isEmpty ? account.name : account.issuer + ":" + account.name }

  /// Whether `code` is valid at `now`; with `statePath`, it and every earlier step or counter
  /// are then used up, and an HOTP counter moves past the accepted one.
  ///
  /// - Throws: `OtterFailure` 65 for an account that cannot make codes or a state file of
  ///   another account, 73/74 when the state file cannot be saved.
  public func run(_ code: String, now: Int64, statePath: String?) throws(OtterFailure) -> CodeVerifier.Outcome {
    guard account.hasPINIfNeeded else {
      throw OtterFailure(.dataError, "a \(account.kind.rawValue) account needs its PIN, which an otpauth URI never holds")
    }
    let verifier: CodeVerifier
    do { verifier = try CodeVerifier(account: account) } catch { throw OtterFailure(.dataError, "\(error)") }
    let check = { (last: UInt64?, counter: UInt64) throws(OtterFailure) -> CodeVerifier.Outcome in
      do {
        return try verifier.check(code, now: now, expectedCounter: counter, window: window, lastAccepted: last)
      } catch {
        throw OtterFailure(.dataError, "\(error)")
      }
    }
    guard let statePath else { return try check(nil, account.counter) }
    let kind = account.kind.rawValue
    return try VerifyState.update(at: statePath) { (state: VerifyState?) throws(OtterFailure) in
      if let state, state.account != stateName || state.kind != kind {
        throw OtterFailure(
          .dataError,
          "\(statePath) belongs to \(Sanitizer.displayText(state.account)) (\(state.kind)), not this account; give another --state file"
        )
      }
      let counter = state?.counter ?? account.counter
      let outcome = try check(state?.lastAccepted, counter)
      guard case .accepted(let used, _) = outcome else { return (nil, outcome) }
      if account.kind == .hotp {
        guard used < UInt64.max else { throw OtterFailure(.dataError, "\(OTPError.counterOverflow)") }
        return (VerifyState(account: stateName, kind: kind, lastAccepted: used, counter: used + 1), outcome)
      }
      return (VerifyState(account: stateName, kind: kind, lastAccepted: used), outcome)
    }
  }
}
