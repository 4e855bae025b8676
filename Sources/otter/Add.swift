import ArgumentParser
import Foundation
import OTPCore
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
    // On a terminal the password is asked first, then the URI; from a pipe, the URIs are read
    // and checked before the password is needed.
    let interactive = isatty(0) != 0
    let password = interactive ? try options.readPassword() : nil
    let lines = try readURIs(interactive: interactive)
    var accounts: [OTPAccount] = []
    var problems: [String] = []
    for line in lines {
      do {
        let parsed = try OTPAuthURI.parse(line.text)
        for warning in parsed.warnings { StandardError.warn("line \(line.number): \(warning)") }
        accounts.append(parsed.account)
      } catch {
        problems.append("line \(line.number): \(error)")
      }
    }
    guard problems.isEmpty else {
      throw OtterFailure(.dataError, problems.joined(separator: "\notter: ") + "\notter: nothing was added")
    }
    guard !accounts.isEmpty else { throw OtterFailure(.dataError, "no otpauth URI was given; nothing was added") }

    let report = try options.modifyVault(password: password) { vault throws(OtterFailure) -> [String] in
      var lines: [String] = []
      let now = currentTime()
      for account in accounts {
        let shown = Sanitizer.displayText(account.issuer.isEmpty ? account.name : "\(account.issuer): \(account.name)")
        if vault.contents.containsDuplicate(of: account) {
          lines.append("skipped \(shown): already in the vault")
          continue
        }
        vault.contents.records.append(VaultRecord(account: account, created: now))
        lines.append("added \(shown)")
      }
      return lines
    }
    StandardOutput.shared.write(report.joined(separator: "\n") + "\n")
  }

  /// The URI lines from standard input, or one pasted at a hidden prompt on a terminal.
  private func readURIs(interactive: Bool) throws(OtterFailure) -> [(number: Int, text: String)] {
    if !interactive {
      guard !options.passwordSource.usesStandardInput else {
        throw OtterFailure(.usage, "standard input cannot carry both the password and the URIs; use a password file")
      }
      return InputSource.lines(try InputSource.read("-")).filter { !$0.text.isEmpty && !$0.text.hasPrefix("#") }
    }
    let pasted = try TerminalPrompt.readSecret(prompt: "Paste an otpauth URI (hidden): ")
    let text = String(decoding: (0..<pasted.count).map { pasted[$0] }, as: UTF8.self)
    return [(1, text.trimmingCharacters(in: .whitespacesAndNewlines))]
  }
}
