import CryptoPrimitives
import OTPCore
import Posix
import Vault

/// What `otter add` reads: otpauth URIs from standard input or a hidden paste, or one bare
/// secret for an account described by flags. Everything is read (and checked) before the
/// vault's password is asked, so a bad paste never costs a password.
public struct AddInput {
  /// Whether standard input carries the vault's password (then it cannot carry URIs).
  public var passwordOnStandardInput: Bool

  public init(passwordOnStandardInput: Bool) {
    self.passwordOnStandardInput = passwordOnStandardInput
  }

  /// Whether to ask on the terminal (standard input is one).
  public var interactive: Bool { Posix.isTerminal(0) }

  /// The accounts of the URIs on standard input (each bad line's problem beside them), or of
  /// one URI pasted at a hidden prompt.
  public func uris() throws(OtterFailure) -> (accounts: [OTPAccount], problems: [String]) {
    if interactive {
      var trimmed = try pasted("Paste an otpauth URI (hidden): ")
      defer { wipe(&trimmed) }
      do { return ([try OTPAuthURI.parse(utf8: trimmed).account], []) } catch {
        throw OtterFailure(.dataError, "\(error); nothing was added")
      }
    }
    try refuseStandardInput("the URIs")
    var input = try InputSource.read("-")
    defer { wipe(&input) }
    if let kind = InputSource.importableKind(of: input) {
      throw OtterFailure(
        .dataError, "standard input looks like \(kind), not otpauth URIs: use `otter import FILE`; nothing was added")
    }
    return URIInput.accounts(InputSource.dataLines(input))
  }

  /// The account `template` describes, for the secret pasted at a hidden prompt or on the first
  /// line of standard input.
  public func secret(for template: ManualAccount) throws(OtterFailure) -> OTPAccount {
    var text: [UInt8]
    if interactive {
      text = try pasted("Secret for \(AccountLabel.shown(try template.labelOnly())) (hidden): ")
    } else {
      try refuseStandardInput("the secret")
      var input = try InputSource.read("-")
      defer { wipe(&input) }
      text = Array(input[..<(input.firstIndex(of: UInt8(ascii: "\n")) ?? input.count)])
    }
    defer { wipe(&text) }
    return try template.account(secret: text)
  }

  /// What was pasted at a hidden prompt on `/dev/tty`, trimmed.
  private func pasted(_ prompt: String) throws(OtterFailure) -> [UInt8] {
    guard TerminalPrompt.isAvailable else {
      throw OtterFailure(.usage, "no terminal to ask on; pipe the URIs (or the secret) to otter add")
    }
    var bytes = try TerminalPrompt.readSecret(prompt: prompt).copiedBytes()
    defer { wipe(&bytes) }
    return InputSource.trimmed(bytes)
  }

  private func refuseStandardInput(_ what: String) throws(OtterFailure) {
    if passwordOnStandardInput {
      throw OtterFailure(.usage, "standard input cannot carry both the password and \(what); use a password file")
    }
  }
}

extension ManualAccount {
  /// An account with this label and a placeholder secret, only to show the label in a prompt.
  func labelOnly() throws(OtterFailure) -> OTPAccount {
    do { return try OTPAccount(kind: .totp, issuer: issuer, name: name, secret: SecretBytes([0])) } catch {
      throw OtterFailure(.dataError, "\(error)")
    }
  }
}

extension AddInput {
  /// `otter add`'s step after reading: the PIN of each mOTP or Yandex account asked for (no
  /// URI carries one), then every account added under the write lock (duplicates skipped),
  /// a report line for each on standard output and each problem on standard error.
  ///
  /// - Throws: `OtterFailure` 65 when nothing could be added or any line had a problem (after
  ///   the good ones were added).
  /// - Parameter showCodes: print each added account's current code (the site that showed
  ///   the QR code is waiting for one): its label on standard error, the code on standard output.
  public static func add(
    _ read: [OTPAccount], problems readProblems: [String], pins: PINPrompt, to session: VaultSession,
    showCodes: Bool = true
  ) throws(OtterFailure) {
    var problems = readProblems
    let accounts = read.compactMap { account -> OTPAccount? in
      switch pins.complete(account) {
      case .success(let completed): return completed
      case .failure(let error):
        problems.append("\(AccountLabel.shown(account)): \(error)")
        return nil
      }
    }
    for problem in problems { StandardError.write("otter: \(problem)\n") }
    guard !accounts.isEmpty else {
      throw OtterFailure(.dataError, problems.isEmpty ? "no otpauth URI was given; nothing was added" : "nothing was added")
    }
    var added: [OTPAccount] = []
    let report = try session.modifyIfChanged { vault throws(OtterFailure) -> ([String], changed: Bool) in
      let now = currentTime()
      var index = DuplicateIndex(vault.contents.records)
      let lines = accounts.map { account in
        let shown = AccountLabel.shown(account)
        if index.contains(account) { return "skipped \(shown): already in the vault" }
        index.insert(account)
        vault.contents.add(VaultRecord(account: account, created: now))
        added.append(account)
        return "added \(shown)"
      }
      return (lines, !added.isEmpty)
    }
    StandardOutput.shared.write(report.joined(separator: "\n") + "\n")
    if showCodes { printCodes(of: added) }
    if !problems.isEmpty {
      StandardOutput.shared.flush()
      throw OtterFailure(.dataError, "\(problems.count) line\(problems.count == 1 ? "" : "s") could not be added (see above)")
    }
  }

  /// The current code of each time-based account just added, for the site waiting for one
  /// (at most ten; an HOTP account's code is made with `otter code`, which advances its counter).
  static func printCodes(of added: [OTPAccount]) {
    let now = currentTime()
    for account in added.prefix(10) where account.isTimeBased {
      guard let code = try? OTPGenerator(account: account).code(at: now) else {
        continue
      }
      let left = TimeStep.remaining(at: now, period: account.period)
      StandardOutput.shared.flush()
      StandardError.write("otter: \(AccountLabel.shown(account)): current code (\(left) s left):\n")
      StandardOutput.shared.write(code + "\n")
      StandardOutput.shared.flush()
    }
  }
}
