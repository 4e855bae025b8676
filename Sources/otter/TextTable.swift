/// Plain text tables with columns padded to their widest cell.
enum Table {
  static func render(_ rows: [[String]]) -> String {
    let columns = rows.map(\.count).max() ?? 0
    return render(cells: rows.flatMap { $0 + Array(repeating: "", count: columns - $0.count) }, columns: columns)
  }

  /// The table of `cells` given row by row, `columns` to a row; the last column is not padded.
  static func render(cells: [String], columns: Int) -> String {
    guard columns > 0, !cells.isEmpty else { return "" }
    precondition(cells.count % columns == 0, "a table's cells must fill whole rows")
    // Every cell's width, once.
    var widths: [Int] = []
    widths.reserveCapacity(cells.count)
    var columnWidths = [Int](repeating: 0, count: columns)
    var byteCount = 0
    for (index, cell) in cells.enumerated() {
      let cellWidth = width(cell)
      widths.append(cellWidth)
      columnWidths[index % columns] = max(columnWidths[index % columns], cellWidth)
      byteCount += cell.utf8.count
    }
    var output: [UInt8] = []
    let rows = cells.count / columns
    output.reserveCapacity(byteCount + rows * (columnWidths.reduce(0, +) + 2 * columns + 1))
    for (index, cell) in cells.enumerated() {
      let column = index % columns
      if column > 0 { appendSpaces(2, to: &output) }
      output.append(contentsOf: cell.utf8)
      if column < columns - 1 {
        appendSpaces(columnWidths[column] - widths[index], to: &output)
      } else {
        output.append(0x0A)
      }
    }
    return String(decoding: output, as: UTF8.self)
  }

  private static func appendSpaces(_ count: Int, to output: inout [UInt8]) {
    for _ in 0..<count { output.append(0x20) }
  }

  /// The number of characters in `cell` (ASCII is counted by bytes, without grapheme breaking).
  static func width(_ cell: String) -> Int {
    isASCII(cell.utf8.span) ? cell.utf8.count : cell.count
  }

  private static func isASCII(_ bytes: Span<UInt8>) -> Bool {
    for index in bytes.indices where bytes[index] >= 0x80 { return false }
    return true
  }
}
