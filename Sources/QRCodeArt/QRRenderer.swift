/// Draws a QR code as terminal text.
public enum QRRenderer {
  /// The quiet zone (light border) the QR standard asks for, in modules.
  public static let quietZone = 4

  /// How a terminal shows the code.
  public enum Style: Sendable {
    /// Two modules per character cell with `▀ ▄ █` and space. Light modules are drawn with the
    /// foreground colour, which suits light text on a dark terminal (as `qrencode -t UTF8`).
    case halfBlocks
    /// One module per two characters, `##` for a drawn module: for terminals without UTF-8.
    case ascii
  }

  /// The lines of `matrix` with its quiet zone.
  ///
  /// - Parameter invert: draw the dark modules instead of the light ones (dark text on a light
  ///   terminal).
  public static func lines(_ matrix: QRMatrix, style: Style = .halfBlocks, invert: Bool = false) -> [String] {
    let total = matrix.size + 2 * quietZone
    func drawn(_ row: Int, _ column: Int) -> Bool {
      // Rows past the bottom (the missing half of an odd last line) count as light.
      guard row < total else { return !invert }
      let dark = matrix.isDark(row: row - quietZone, column: column - quietZone)
      return invert ? dark : !dark
    }
    var lines: [String] = []
    switch style {
    case .halfBlocks:
      for row in stride(from: 0, to: total, by: 2) {
        var line = ""
        line.reserveCapacity(total * 3)
        for column in 0..<total {
          switch (drawn(row, column), drawn(row + 1, column)) {
          case (true, true): line += "█"
          case (true, false): line += "▀"
          case (false, true): line += "▄"
          case (false, false): line += " "
          }
        }
        lines.append(line)
      }
    case .ascii:
      for row in 0..<total {
        lines.append(String((0..<total).flatMap { drawn(row, $0) ? ["#", "#"] : [" ", " "] }))
      }
    }
    return lines
  }

  /// The width in terminal columns that `lines(_:style:)` needs.
  public static func width(of matrix: QRMatrix, style: Style) -> Int {
    let total = matrix.size + 2 * quietZone
    return style == .halfBlocks ? total : 2 * total
  }
}
