import ArgumentParser
import CryptoPrimitives
import OTPCore
import OtterKit
import Posix
import Vault

/// `otter add`: add accounts from otpauth URIs.
struct Add: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Add accounts from otpauth URIs on standard input (one per line), or pasted at a hidden prompt.",
    discussion: """
      URIs are never taken from the command line. Blank lines and lines starting with # are \
      skipped. If any line is not a valid URI, nothing is added and each bad line is reported. \
      An account with the same secret, issuer and name as a stored one is skipped.
      """)

  @OptionGroup var options: VaultOptions

  func run() throws {
    let session = try options.writableSession(for: "add")
    // On a terminal the password is asked first, then the URI; from a pipe, the URIs are read
    // and checked before the password is needed.
    let interactive = Posix.isTerminal(0)
    let password = interactive ? try session.readPassword() : nil
    let accounts = try URIInput.accounts(try readURIs(interactive: interactive))
    let report = try session.modify(password: password) { vault throws(OtterFailure) -> [String] in
      let now = currentTime()
      return accounts.map { account in
        let shown = AccountLabel.shown(account)
        if vault.contents.containsDuplicate(of: account) { return "skipped \(shown): already in the vault" }
        vault.contents.add(VaultRecord(account: account, created: now))
        return "added \(shown)"
      }
    }
    StandardOutput.shared.write(report.joined(separator: "\n") + "\n")
  }

  /// The URI lines from standard input, or one pasted at a hidden prompt on a terminal.
  private func readURIs(interactive: Bool) throws(OtterFailure) -> [(number: Int, text: String)] {
    if !interactive {
      guard !options.passwordSource.usesStandardInput else {
        throw OtterFailure(.usage, "standard input cannot carry both the password and the URIs; use a password file")
      }
      return InputSource.dataLines(try InputSource.read("-"))
    }
    let pasted = try TerminalPrompt.readSecret(prompt: "Paste an otpauth URI (hidden): ")
    var bytes = pasted.copiedBytes()
    defer { wipe(&bytes) }
    return [(1, InputSource.trimmed(String(decoding: bytes, as: UTF8.self)))]
  }
}
