import ArgumentParser
import CryptoPrimitives
import Foundation
import Importers
import OTPCore
import QRCodeArt
import Vault

/// `otter export`: the vault's accounts for another app, a backup, or a phone.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Export the accounts: otpauth URIs, Aegis (plain or encrypted), or Google Authenticator transfer QR codes.",
    discussion: """
      Exports hold every secret. A file is created with mode 0600 and never overwritten \
      without --force; printing to a terminal asks first. --format google shows transfer \
      QR codes one batch at a time for Google Authenticator's "Import accounts" scanner.
      """)

  @Option(help: ArgumentHelp("uri, aegis, aegis-encrypted or google.", valueName: "FORMAT"))
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

  static let formats = ["uri", "aegis", "aegis-encrypted", "google"]

  func validate() throws {
    guard Self.formats.contains(format) else {
      throw ValidationError("--format must be one of \(Self.formats.joined(separator: ", ")).")
    }
    guard (1...10).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 10.") }
  }

  func run() throws {
    // Refuse an existing file before asking for any password.
    if let output, FileManager.default.fileExists(atPath: output), !force {
      throw OtterFailure(.cannotCreate, "\(output) exists; add --force to overwrite it")
    }
    let contents = try options.openContents()
    let accounts = contents.sortedRecords.map {
      ExportedAccount(id: $0.id, account: $0.account, note: $0.note, favourite: $0.favourite)
    }
    var bytes: [UInt8]
    switch format {
    case "uri":
      bytes = Exporter.uriList(accounts)
    case "aegis":
      bytes = Exporter.aegisPlain(accounts)
    case "aegis-encrypted":
      let password = try (exportPasswordFile.map { PasswordSource.file($0) } ?? .terminal)
        .read(prompt: "Password for the Aegis export: ", confirm: true)
      do { bytes = try Exporter.aegisEncrypted(accounts, password: password) } catch {
        throw OtterFailure(.ioError, "cannot encrypt the export: \(error)")
      }
    default:
      try exportGoogle(accounts.map(\.account))
      return
    }
    defer { wipe(&bytes) }
    try deliver(bytes, count: accounts.count)
  }

  /// Writes `bytes` to the output file (0600, no overwrite without --force) or to stdout
  /// (after a confirmation when stdout is a terminal).
  func deliver(_ bytes: [UInt8], count: Int) throws(OtterFailure) {
    if let output {
      if FileManager.default.fileExists(atPath: output) && !force {
        throw OtterFailure(.cannotCreate, "\(output) exists; add --force to overwrite it")
      }
      try SecretFile.write(bytes, to: output)
      StandardError.write(
        "otter: wrote \(count) account\(count == 1 ? "" : "s") to \(output) (mode 0600); it holds every secret\n")
      return
    }
    try confirmTerminal("This prints the secrets of \(count) account\(count == 1 ? "" : "s") to the terminal. Continue? [y/N] ")
    StandardOutput.shared.write(bytes: bytes[...])
  }

  func confirmTerminal(_ question: String) throws(OtterFailure) {
    guard isatty(1) != 0, !yes else { return }
    guard try TerminalPrompt.confirm(question) else { throw OtterFailure(.ambiguous, "nothing was exported") }
  }

  /// Google Authenticator transfer codes: to a file as links, or on the terminal as QR codes,
  /// one batch at a time.
  func exportGoogle(_ accounts: [OTPAccount]) throws(OtterFailure) {
    let (links, skipped) = GoogleMigration.links(for: accounts, batchSize: batchSize)
    for (account, reason) in skipped {
      StandardError.warn(
        "skipped \(Sanitizer.displayText(account.issuer.isEmpty ? account.name : "\(account.issuer): \(account.name)")): \(reason)"
      )
    }
    guard !links.isEmpty else { throw OtterFailure(.dataError, "no account can be transferred to Google Authenticator") }
    if output != nil || isatty(1) == 0 {
      var text = Array(links.map { $0 + "\n" }.joined().utf8)
      defer { wipe(&text) }
      try deliver(text, count: accounts.count - skipped.count)
      return
    }
    try confirmTerminal("This shows QR codes with the secrets of \(accounts.count - skipped.count) accounts. Continue? [y/N] ")
    let style: QRRenderer.Style = Locale.isUTF8 ? .halfBlocks : .ascii
    for (index, link) in links.enumerated() {
      let matrix: QRMatrix
      do { matrix = try QREncoder.encode(link, level: .low) } catch { throw OtterFailure(.dataError, "\(error)") }
      if let columns = TerminalSize.columns(), QRRenderer.width(of: matrix, style: style) > columns {
        throw OtterFailure(
          .dataError,
          "the QR code needs \(QRRenderer.width(of: matrix, style: style)) columns; widen the terminal or use --batch-size 1")
      }
      StandardOutput.shared.write("\u{1b}[2J\u{1b}[H")
      StandardOutput.shared.write(
        "Google Authenticator transfer code \(index + 1) of \(links.count): scan it with Import accounts.\n")
      StandardOutput.shared.write(QRRenderer.lines(matrix, style: style).joined(separator: "\n") + "\n")
      StandardOutput.shared.flush()
      if index < links.count - 1 {
        _ = try TerminalPrompt.confirm("Press Enter for the next code ")
      }
    }
    _ = try TerminalPrompt.confirm("Press Enter to clear the screen ")
    StandardOutput.shared.write("\u{1b}[2J\u{1b}[H")
  }
}
