import TUI

/// Plain text tables with columns padded to their widest cell; the last column is not padded.
public enum Table {
  public static func render(_ rows: [[String]]) -> String {
    let columns = rows.map(\.count).max() ?? 0
    var part = Part(columns: columns)
    for row in rows { part.append(row + Array(repeating: "", count: columns - row.count)) }
    return String(decoding: render([part]), as: UTF8.self)
  }

  /// Rows already turned into bytes, cell by cell, each with its width: a table can be built in
  /// parts on several threads, and padded once every width is known. Nothing in a part refers
  /// to the strings it was made from, so handing parts between threads costs no reference
  /// counting.
  public struct Part: Sendable {
    let columns: Int
    /// The cells' UTF-8, one after another.
    var bytes: [UInt8] = []
    /// Where each cell ends in `bytes`.
    var ends: [Int] = []
    /// Each cell's width in characters.
    var widths: [Int] = []

    public init(columns: Int, reservingRows rows: Int = 0) {
      self.columns = columns
      ends.reserveCapacity(rows * columns)
      widths.reserveCapacity(rows * columns)
      bytes.reserveCapacity(rows * columns * 12)
    }

    /// Adds one row of exactly `columns` cells.
    public mutating func append(_ cells: some Sequence<String>) {
      var count = 0
      for cell in cells {
        bytes.append(contentsOf: cell.utf8)
        ends.append(bytes.count)
        widths.append(Table.width(cell))
        count += 1
      }
      precondition(count == columns, "a table row must have one cell per column")
    }
  }

  /// The text of `parts` in order.
  public static func render(_ parts: [Part]) -> [UInt8] {
    guard let columns = parts.first?.columns, columns > 0 else { return [] }
    var columnWidths = [Int](repeating: 0, count: columns)
    var byteCount = 0
    var rows = 0
    for part in parts {
      precondition(part.columns == columns, "table parts must have the same columns")
      for (index, width) in part.widths.enumerated() where width > columnWidths[index % columns] {
        columnWidths[index % columns] = width
      }
      byteCount += part.bytes.count
      rows += part.ends.count / columns
    }
    var output: [UInt8] = []
    output.reserveCapacity(byteCount + rows * (columnWidths.reduce(0, +) + 2 * columns + 1))
    for part in parts {
      var start = 0
      for (index, end) in part.ends.enumerated() {
        let column = index % columns
        if column > 0 { appendSpaces(2, to: &output) }
        output.append(contentsOf: part.bytes[start..<end])
        start = end
        if column < columns - 1 {
          appendSpaces(columnWidths[column] - part.widths[index], to: &output)
        } else {
          output.append(0x0A)
        }
      }
    }
    return output
  }

  private static func appendSpaces(_ count: Int, to output: inout [UInt8]) {
    for _ in 0..<count { output.append(0x20) }
  }

  /// The terminal cells `cell` takes: wide (CJK, emoji) characters take two (ASCII is counted
  /// by bytes, without grapheme breaking).
  static func width(_ cell: String) -> Int {
    isASCII(cell.utf8.span) ? cell.utf8.count : CellWidth.of(cell)
  }

  private static func isASCII(_ bytes: Swift.Span<UInt8>) -> Bool {
    for index in bytes.indices where bytes[index] >= 0x80 { return false }
    return true
  }
}
