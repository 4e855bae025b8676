import CryptoPrimitives
import Importers
import OTPCore
import PaperPDF
import QRCodeArt

/// `otter export --format paper`: a printable PDF, one row per account: its QR code (the
/// otpauth URI, so an authenticator can scan it back), issuer, name, settings, and the secret in
/// base32 groups of four for typing in by hand; a header with the date and the account count on
/// every page. Drawn with cairo's PDF surface (`PaperPDF`).
public enum PaperBackup {
  /// A4 in points, its margin, and the rows per page.
  static let pageWidth = 595.0
  static let pageHeight = 842.0
  static let margin = 40.0
  static let headerHeight = 78.0
  static let rowsPerPage = 4
  /// The QR code's side: at most this, and at least 2 points per module when the URI is long.
  static let qrSide = 160.0

  /// The PDF for `accounts` (in display order), dated `time`.
  ///
  /// - Throws: `OtterFailure` 69 without libcairo, 65 for a URI too long for a QR code, 74 when
  ///   cairo fails.
  public static func pdf(_ accounts: [ExportedAccount], at time: Int64) throws(OtterFailure) -> [UInt8] {
    let document: PaperDocument
    do { document = try PaperDocument(width: pageWidth, height: pageHeight, title: "Otter paper backup") } catch {
      throw OtterFailure(error == .noLibrary ? .unavailable : .ioError, "\(error)")
    }
    let pages = max(1, (accounts.count + rowsPerPage - 1) / rowsPerPage)
    let rowHeight = (pageHeight - 2 * margin - headerHeight) / Double(rowsPerPage)
    for page in 0..<pages {
      if page > 0 { document.newPage() }
      header(document, time: time, count: accounts.count, page: page + 1, of: pages)
      let rows = accounts.dropFirst(page * rowsPerPage).prefix(rowsPerPage)
      for (index, entry) in rows.enumerated() {
        try row(document, entry.account, top: margin + headerHeight + Double(index) * rowHeight, height: rowHeight)
      }
    }
    do { return try document.finish() } catch { throw OtterFailure(.ioError, "\(error)") }
  }

  static func header(_ document: PaperDocument, time: Int64, count: Int, page: Int, of pages: Int) {
    document.text("Otter paper backup", x: margin, y: margin + 16, size: 16, bold: true)
    document.text(
      "Made \(Timestamp.text(time)) · \(count) account\(count == 1 ? "" : "s") · page \(page) of \(pages)", x: margin,
      y: margin + 34, size: 10)
    document.text(
      "Each code holds an account's otpauth URI: an authenticator app scans it to add the account back.", x: margin,
      y: margin + 50, size: 8)
    document.text(
      "Anyone holding this paper can make your codes: keep it as safe as the vault, and destroy old copies.", x: margin,
      y: margin + 62, size: 8)
    document.fill(x: margin, y: margin + headerHeight - 8, width: pageWidth - 2 * margin, height: 0.5)
  }

  static func row(_ document: PaperDocument, _ account: OTPAccount, top: Double, height: Double) throws(OtterFailure) {
    var uri = OTPAuthURI.formatUTF8(account)
    defer { wipe(&uri) }
    let matrix: QRMatrix
    do { matrix = try QREncoder.encode(utf8: uri, level: .medium) } catch {
      throw OtterFailure(.dataError, "\(AccountLabel.shown(account)): \(error)")
    }
    let side = min(qrSide, height - 14)
    let module = side / Double(matrix.size)
    drawQR(document, matrix, x: margin, y: top, module: module)
    let left = margin + side + 16
    let width = pageWidth - margin - left
    var y = top + 14
    document.text(
      fitted(
        document, Sanitizer.displayText(account.issuer.isEmpty ? "(no issuer)" : account.issuer), width: width, size: 13,
        bold: true),
      x: left, y: y, size: 13, bold: true)
    y += 16
    document.text(fitted(document, Sanitizer.displayText(account.name), width: width, size: 11), x: left, y: y, size: 11)
    y += 16
    document.text(settings(account), x: left, y: y, size: 9)
    y += 18
    document.text("Secret (base32):", x: left, y: y, size: 8)
    y += 12
    var secret: [UInt8] = []
    defer { wipe(&secret) }
    Base32.encode(account.secret, into: &secret)
    let perLine = max(4, Int(width / document.textWidth("ABCD ", size: 9.5, monospaced: true)) * 4)
    var start = 0
    while start < secret.count && y < top + height - 6 {
      let line = secret[start..<min(start + perLine, secret.count)]
      var grouped: [UInt8] = []
      for (index, byte) in line.enumerated() {
        if index > 0 && index % 4 == 0 { grouped.append(UInt8(ascii: " ")) }
        grouped.append(byte)
      }
      document.text(String(decoding: grouped, as: UTF8.self), x: left, y: y, size: 9.5, monospaced: true)
      wipe(&grouped)
      y += 12
      start += perLine
    }
    document.fill(x: margin, y: top + height - 4, width: pageWidth - 2 * margin, height: 0.25, grey: 0.6)
  }

  /// "TOTP · SHA1 · 6 digits · every 30 s" and what the paper cannot hold.
  static func settings(_ account: OTPAccount) -> String {
    var parts: [String] = []
    switch account.kind {
    case .totp: parts += ["TOTP", account.algorithm.rawValue, "\(account.digits) digits", "every \(account.period) s"]
    case .hotp:
      parts += ["HOTP", account.algorithm.rawValue, "\(account.digits) digits", "counter \(account.counter) when printed"]
    case .steam: parts += ["Steam Guard", "every \(account.period) s"]
    case .motp: parts += ["mOTP", "\(account.digits) digits", "every \(account.period) s", "PIN not printed"]
    case .yandex: parts += ["Yandex Key", "every \(account.period) s", "PIN not printed"]
    }
    return parts.joined(separator: " · ")
  }

  /// `text`, cut with "…" to fit `width` points.
  static func fitted(_ document: PaperDocument, _ text: String, width: Double, size: Double, bold: Bool = false) -> String {
    guard document.textWidth(text, size: size, bold: bold) > width else { return text }
    var cut = text
    while !cut.isEmpty && document.textWidth(cut + "…", size: size, bold: bold) > width { cut.removeLast() }
    return cut + "…"
  }

  /// The dark modules, one rectangle per horizontal run.
  static func drawQR(_ document: PaperDocument, _ matrix: QRMatrix, x: Double, y: Double, module: Double) {
    for row in 0..<matrix.size {
      var column = 0
      while column < matrix.size {
        guard matrix.isDark(row: row, column: column) else {
          column += 1
          continue
        }
        let start = column
        while column < matrix.size && matrix.isDark(row: row, column: column) { column += 1 }
        // A hair wider, so neighbouring rows do not show seams when rasterised.
        document.fill(
          x: x + Double(start) * module, y: y + Double(row) * module, width: Double(column - start) * module + 0.01,
          height: module + 0.01)
      }
    }
  }
}
