import ArgumentParser
import OtterKit

/// `otter audit`: the vault's accounts checked for what deserves a look.
struct Audit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract:
      "Check the accounts: shared secrets, duplicate names, short secrets, odd HOTP counters, and what Google's transfer cannot carry.",
    discussion: """
      Exit status 0 when nothing is found, 1 when something is (so a script can check a vault). \
      Checks: shared-secret (two accounts with one secret), same-name (the same issuer and name \
      twice, ignoring case), short-secret (under 80 bits), hotp-counter (negative to apps that \
      store it signed, or above 2^32), google-transfer (Steam, mOTP, Yandex, periods other than \
      30 s, 7, 9 or 10 digits). Secrets are never shown.
      """)

  @Flag(help: "Print one JSON object: accounts (the number audited) and findings (check, detail, accounts, ids).")
  var json = false

  @OptionGroup var options: VaultOptions

  func run() throws {
    let audit = VaultAudit(try options.accounts.contents())
    StandardOutput.shared.write(json ? audit.json : audit.text)
    if !audit.findings.isEmpty {
      StandardOutput.shared.flush()
      throw ExitCode(1)
    }
  }
}
