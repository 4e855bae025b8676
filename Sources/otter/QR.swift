import ArgumentParser
import CryptoPrimitives
import OTPCore
import OtterKit
import QRCodeArt

/// `otter qr`: an account's enrollment QR code, in the terminal or as a PNG.
struct QR: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "qr",
    abstract: "Show the enrollment QR code of an account (it reveals the secret).",
    discussion: """
      The code holds the account's otpauth URI, so a phone can scan it from the screen. \
      With --uri, any URI read from FILE or standard input is rendered instead (handy for \
      testing an enrollment page). On a terminal the code is shown on the alternate screen \
      until a key is pressed, so it does not stay in the scrollback; --print, or output to a \
      pipe or file, prints it instead. Terminals without UTF-8 get an ASCII rendering.
      """)

  @Argument(help: "The account, as issuer:name or a unique part of it.", completion: .custom(AccountCompletion.complete))
  var query: String?

  @Option(
    name: .customLong("uri"), help: ArgumentHelp("Render one otpauth URI from FILE ('-' for standard input).", valueName: "FILE"))
  var uriSource: String?

  @Option(help: ArgumentHelp("Error correction: L, M (default), Q or H.", valueName: "LEVEL"))
  var level: String = "M"

  @Flag(help: "Draw dark modules instead of light ones (for dark text on a light terminal).")
  var invert = false

  @Flag(help: "Use ASCII (##) even when the terminal speaks UTF-8.")
  var ascii = false

  @Flag(
    help: "Print the code to standard output (where it stays in the scrollback) instead of showing it until a key is pressed.")
  var print = false

  @Option(help: ArgumentHelp("Write the code as a PNG image to FILE (mode 0600) instead of drawing it.", valueName: "FILE"))
  var png: String?

  @Flag(help: "Overwrite the --png file if it exists.")
  var force = false

  @OptionGroup var options: VaultOptions

  func validate() throws {
    if (query == nil) == (uriSource == nil) { throw ValidationError("Name an account (otter qr QUERY) or give --uri -.") }
    if QRErrorCorrection(rawValue: level.uppercased()) == nil { throw ValidationError("--level must be L, M, Q or H.") }
  }

  func run() throws {
    var text: [UInt8]
    let label: String
    if let uriSource {
      // Render the URI as given (trimmed), so services can test exactly what they publish.
      let (account, line) = try URIInput.single(from: uriSource)
      text = Array(line.utf8)
      label = AccountLabel.shown(account)
    } else if let query {
      let record = try AccountQuery.single(query, in: try options.accounts.contents())
      text = OTPAuthURI.formatUTF8(record.account)
      label = Sanitizer.displayText(record.label)
    } else {
      return
    }
    defer { wipe(&text) }
    let matrix = try QRDisplay.encode(text, level: QRErrorCorrection(rawValue: level.uppercased()) ?? .medium)
    if let png {
      try QRDisplay.writePNG(matrix, to: png, force: force, label: label)
    } else {
      try QRDisplay.draw(matrix, label: label, ascii: ascii, invert: invert, print: print)
    }
  }
}
