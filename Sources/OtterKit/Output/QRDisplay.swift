import CursesTerminal
import QRCodeArt

/// How `otter qr` shows an enrollment QR code: drawn on the terminal, or written as a PNG.
public enum QRDisplay {
  /// The QR matrix of `text`.
  ///
  /// - Throws: `OtterFailure` 65 when the text does not fit in a QR code.
  public static func encode(_ text: [UInt8], level: QRErrorCorrection) throws(OtterFailure) -> QRMatrix {
    do { return try QREncoder.encode(utf8: text, level: level) } catch { throw OtterFailure(.dataError, "\(error)") }
  }

  /// Writes `matrix` as a PNG to a new 0600 file (an old one only with `force`).
  public static func writePNG(_ matrix: QRMatrix, to path: String, force: Bool, label: String) throws(OtterFailure) {
    try SecretFile.refuseExisting(path, force: force)
    try SecretFile.write(PNGWriter.png(matrix), to: path)
    StandardError.write("otter: wrote the QR code of \(label) to \(path); the image reveals the secret\n")
  }

  /// Draws `matrix`: on a terminal, on the alternate screen until a key is pressed, so that the
  /// code never stays in the scrollback; with `print`, or when standard output is not a
  /// terminal, as lines on standard output after a warning on standard error.
  ///
  /// - Parameter ascii: draw with `##` even where the terminal speaks UTF-8.
  /// - Throws: `OtterFailure` 65 when the code is wider than the terminal.
  public static func draw(_ matrix: QRMatrix, label: String, ascii: Bool, invert: Bool, print: Bool) throws(OtterFailure) {
    let style: QRRenderer.Style = ascii || !TerminalInfo.isUTF8 ? .ascii : .halfBlocks
    let width = QRRenderer.width(of: matrix, style: style)
    if let columns = TerminalInfo.columns(), width > columns {
      throw OtterFailure(
        .dataError,
        "the QR code is \(width) columns wide but the terminal has \(columns); use a smaller font, a wider window, or --png FILE")
    }
    let art = QRRenderer.lines(matrix, style: style, invert: invert)
    let warning = "this QR code reveals the secret of \(label); anyone who scans or photographs it can make its codes"
    if !print, let screen = AlternateScreen() {
      defer { screen.end() }
      screen.show(["otter: " + warning + ". Any key returns."] + art)
      screen.waitForKey()
      return
    }
    StandardError.write("otter: \(warning)\n")
    StandardOutput.shared.write(art.joined(separator: "\n") + "\n")
  }
}
