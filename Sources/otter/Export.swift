import ArgumentParser
import OtterKit

/// `otter export`: the vault's accounts for another app, a backup, or a phone.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract:
      "Export the accounts: otpauth URIs, Aegis (plain or encrypted), Google Authenticator transfer QR codes, or a paper backup (PDF).",
    discussion: """
      Exports hold every secret. A file is created with mode 0600 and never overwritten \
      without --force; printing to a terminal asks first. --format google shows transfer \
      QR codes one batch at a time for Google Authenticator's "Import accounts" scanner. \
      --format paper -o FILE.pdf draws a printable backup: one QR code per account with its \
      issuer, name, settings and the secret in base32 groups (asks first on a terminal).
      """)

  @Option(help: ArgumentHelp("uri, aegis, aegis-encrypted, google or paper.", valueName: "FORMAT"))
  var format: String

  @Option(
    name: [.short, .customLong("output")], help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
  var output: String?

  @Flag(help: "Overwrite the output file if it exists.")
  var force = false

  @Flag(help: "Do not ask before printing secrets to a terminal.")
  var yes = false

  @Option(help: ArgumentHelp("aegis-encrypted: the export's password (first line of PATH); else asked twice.", valueName: "PATH"))
  var exportPasswordFile: String?

  @Option(help: ArgumentHelp("google: accounts per QR code (1 to 10).", valueName: "N"))
  var batchSize = 5

  @OptionGroup var options: VaultOptions

  static let formats = ["uri", "aegis", "aegis-encrypted", "google", "paper"]

  func validate() throws {
    guard Self.formats.contains(format) else {
      throw ValidationError("--format must be one of \(Self.formats.joined(separator: ", ")).")
    }
    guard (1...10).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 10.") }
  }

  func run() throws {
    var destination = ExportOutput(path: output, force: force, yes: yes)
    destination.plaintext = format != "aegis-encrypted"
    try destination.export(
      format: format, from: options.accounts, passwordFile: exportPasswordFile, batchSize: batchSize)
  }
}
