import CryptoPrimitives
import OTPCore
import Posix

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
