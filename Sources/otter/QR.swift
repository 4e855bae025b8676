import ArgumentParser
import Foundation
import OTPCore
import QRCodeArt
import Vault

#if canImport(Glibc)
  import Glibc
#endif

/// `otter qr`: an account's enrollment QR code, in the terminal or as a PNG.
struct QR: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show the enrollment QR code of an account (it reveals the secret).",
    discussion: """
      The code holds the account's otpauth URI, so a phone can scan it from the screen. \
      With --uri, any URI read from FILE or standard input is rendered instead (handy for \
      testing an enrollment page). Terminals without UTF-8 get an ASCII rendering.
      """)

  @Argument(help: "The account, as issuer:name or a unique part of it.")
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
    let text: String
    let label: String
    if let uriSource {
      // Render the URI as given (trimmed), so services can test exactly what they publish.
      let (account, line) = try Code.readURI(from: uriSource)
      text = line
      label = account.issuer.isEmpty ? account.name : "\(account.issuer): \(account.name)"
    } else if let query {
      let record = try Code.single(query, in: try options.openContents())
      text = OTPAuthURI.format(record.account)
      label = record.label
    } else {
      return
    }
    let matrix: QRMatrix
    do {
      matrix = try QREncoder.encode(text, level: QRErrorCorrection(rawValue: level.uppercased()) ?? .medium)
    } catch {
      throw OtterFailure(.dataError, "\(error)")
    }
    let shown = Sanitizer.displayText(label)
    if let png {
      try writePNG(PNGWriter.png(matrix), to: png)
      StandardError.write("otter: wrote the QR code of \(shown) to \(png); the image reveals the secret\n")
      return
    }
    let style: QRRenderer.Style = ascii || !Locale.isUTF8 ? .ascii : .halfBlocks
    let width = QRRenderer.width(of: matrix, style: style)
    if let columns = TerminalSize.columns(), width > columns {
      throw OtterFailure(
        .dataError,
        "the QR code is \(width) columns wide but the terminal has \(columns); use a smaller font, a wider window, or --png FILE")
    }
    StandardError.write(
      "otter: this QR code reveals the secret of \(shown); anyone who scans or photographs it can make its codes\n")
    StandardOutput.shared.write(QRRenderer.lines(matrix, style: style, invert: invert).joined(separator: "\n") + "\n")
  }

  /// Writes a secret-bearing file: mode 0600, never over an existing file unless --force.
  func writePNG(_ bytes: [UInt8], to path: String) throws(OtterFailure) {
    if FileManager.default.fileExists(atPath: path) && !force {
      throw OtterFailure(.cannotCreate, "\(path) exists; add --force to overwrite it")
    }
    try SecretFile.write(bytes, to: path)
  }
}

/// Files that hold secrets: created 0600 from the first byte.
enum SecretFile {
  static func write(_ bytes: [UInt8], to path: String) throws(OtterFailure) {
    _ = unlink(path)
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw OtterFailure(.cannotCreate, "cannot create \(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        throw OtterFailure(.ioError, "cannot write \(path): \(String(cString: strerror(errno)))")
      }
      offset += written
    }
    guard fsync(fd) == 0 else { throw OtterFailure(.ioError, "cannot write \(path): \(String(cString: strerror(errno)))") }
  }
}

/// The terminal's size, when standard output is one.
enum TerminalSize {
  /// Columns of the terminal on standard output, or `COLUMNS`, or nil when neither is known.
  ///
  /// The corresponding C function is `ioctl(TIOCGWINSZ)`.
  static func columns() -> Int? {
    var size = winsize()
    if isatty(1) != 0 && ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 { return Int(size.ws_col) }
    if let text = ProcessInfo.processInfo.environment["COLUMNS"], let value = Int(text), value > 0 { return value }
    return nil
  }
}

extension Locale {
  /// Whether the character encoding from LC_ALL, LC_CTYPE or LANG (first one set) is UTF-8.
  static var isUTF8: Bool {
    let environment = ProcessInfo.processInfo.environment
    let value = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
    let lower = value.lowercased()
    return lower.contains("utf-8") || lower.contains("utf8")
  }
}
