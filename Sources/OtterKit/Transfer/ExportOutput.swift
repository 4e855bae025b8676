import CryptoPrimitives
import CursesTerminal
import Importers
import OTPCore
import Posix
import QRCodeArt

/// Where `otter export` puts what it made: a new 0600 file, or standard output after a
/// confirmation when that is a terminal; Google transfer codes one batch at a time.
public struct ExportOutput {
  /// The output file, or nil for standard output.
  public var path: String?
  public var force: Bool
  /// Whether to skip the confirmation before secrets reach a terminal.
  public var yes: Bool
  /// Whether what is written holds the secrets unencrypted (URIs, a plain Aegis export).
  public var plaintext = true

  public init(path: String?, force: Bool, yes: Bool) {
    self.path = path
    self.force = force
    self.yes = yes
  }

  /// Refuses an existing output file unless `force` is set.
  public func refuseExisting() throws(OtterFailure) {
    if let path { try SecretFile.refuseExisting(path, force: force) }
  }

  /// Writes `bytes` (holding `count` accounts) to the file, or to standard output.
  public func deliver(_ bytes: [UInt8], count: Int) throws(OtterFailure) {
    if let path {
      try SecretFile.refuseExisting(path, force: force)
      try SecretFile.write(bytes, to: path)
      StandardError.write(
        "otter: wrote \(count) account\(count == 1 ? "" : "s") to \(Sanitizer.displayText(path)) (mode 0600); it holds every "
          + "secret\(plaintext ? " unencrypted: delete it once it has been used" : "")\n")
      return
    }
    try confirmTerminal("This prints the secrets of \(count) account\(count == 1 ? "" : "s") to the terminal. Continue? [y/N] ")
    StandardOutput.shared.write(bytes: bytes[...])
  }

  /// Asks `question` when standard output is a terminal (unless `yes`).
  ///
  /// - Throws: `OtterFailure` 1 when the answer is no.
  public func confirmTerminal(_ question: String) throws(OtterFailure) {
    guard Posix.isTerminal(1), !yes else { return }
    guard try TerminalPrompt.confirm(question) else { throw OtterFailure(.ambiguous, "nothing was exported") }
  }

  /// Google Authenticator transfer codes: to a file as links, or on the terminal as QR codes,
  /// one batch at a time.
  public func google(_ accounts: [OTPAccount], batchSize: Int) throws(OtterFailure) {
    let (links, skipped) = GoogleMigration.links(for: accounts, batchSize: batchSize)
    for (account, reason) in skipped { StandardError.warn("skipped \(AccountLabel.shown(account)): \(reason)") }
    guard !links.isEmpty else { throw OtterFailure(.dataError, "no account can be transferred to Google Authenticator") }
    let count = accounts.count - skipped.count
    if path != nil || !Posix.isTerminal(1) {
      var text = Array(links.map { $0 + "\n" }.joined().utf8)
      defer { wipe(&text) }
      try deliver(text, count: count)
      return
    }
    try confirmTerminal("This shows QR codes with the secrets of \(count) accounts. Continue? [y/N] ")
    let style: QRRenderer.Style = TerminalInfo.isUTF8 ? .halfBlocks : .ascii
    var batches: [[String]] = []
    for link in links {
      let matrix: QRMatrix
      do { matrix = try QREncoder.encode(link, level: .low) } catch { throw OtterFailure(.dataError, "\(error)") }
      if let columns = TerminalInfo.columns(), QRRenderer.width(of: matrix, style: style) > columns {
        throw OtterFailure(
          .dataError,
          "the QR code needs \(QRRenderer.width(of: matrix, style: style)) columns; widen the terminal or use --batch-size 1")
      }
      batches.append(QRRenderer.lines(matrix, style: style))
    }
    // The alternate screen: nothing of the codes is left in the scrollback when it ends.
    guard let screen = AlternateScreen() else { throw OtterFailure(.usage, "no terminal to show the codes on") }
    defer { screen.end() }
    for (index, art) in batches.enumerated() {
      let next = index < batches.count - 1 ? "Press any key for the next code." : "Press any key to finish."
      screen.show(
        ["Google Authenticator transfer code \(index + 1) of \(batches.count): scan it with Import accounts. \(next)"] + art)
      guard screen.waitForKey() else { throw OtterFailure(.ambiguous, "stopped after code \(index + 1) of \(batches.count)") }
    }
  }
}

extension ExportOutput {
  /// `otter export`: the accounts of `source` in `format` (uri, aegis, aegis-encrypted,
  /// google), delivered here. An existing file is refused before any password is asked; the
  /// export's own password comes from `passwordFile` or is asked twice.
  public func export(format: String, from source: AccountSource, passwordFile: String?, batchSize: Int)
    throws(OtterFailure)
  {
    try refuseExisting()
    let accounts = try source.contents().sortedRecords.map {
      ExportedAccount(id: $0.id, account: $0.account, note: $0.note, favourite: $0.favourite, groups: $0.tags)
    }
    var bytes: [UInt8]
    switch format {
    case "uri":
      bytes = Exporter.uriList(accounts)
      let withPIN = accounts.filter { $0.account.pin != nil }.count
      if withPIN > 0 {
        StandardError.warn(
          "\(withPIN) mOTP or Yandex account\(withPIN == 1 ? " is" : "s are") written without \(withPIN == 1 ? "its" : "their") PIN (no otpauth URI carries one); an import asks for it"
        )
      }
    case "aegis":
      bytes = Exporter.aegisPlain(accounts)
    case "aegis-encrypted":
      let password = try PasswordSource.fileOrTerminal(passwordFile).read(
        prompt: "Password for the Aegis export: ", confirm: true,
        noTerminal: "there is no terminal to ask the export's password on; give it with --export-password-file PATH")
      do { bytes = try Exporter.aegisEncrypted(accounts, password: password) } catch {
        throw OtterFailure(.ioError, "cannot encrypt the export: \(error)")
      }
    case "paper":
      guard let path else { throw OtterFailure(.usage, "--format paper writes a PDF: give -o FILE.pdf") }
      if Posix.isTerminal(0), !yes {
        guard
          try TerminalPrompt.confirm(
            "This writes every secret of \(accounts.count) account\(accounts.count == 1 ? "" : "s") to \(Sanitizer.displayText(path)), for printing. Continue? [y/N] "
          )
        else { throw OtterFailure(.ambiguous, "nothing was exported") }
      }
      bytes = try PaperBackup.pdf(accounts, at: currentTime())
    default:
      try google(accounts.map(\.account), batchSize: batchSize)
      return
    }
    defer { wipe(&bytes) }
    try deliver(bytes, count: accounts.count)
  }
}
