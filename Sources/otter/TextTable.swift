/// Plain text tables with columns padded to their widest cell.
enum Table {
  static func render(_ rows: [[String]]) -> String {
    var columns = 0
    for row in rows { columns = max(columns, row.count) }
    guard columns > 0 else { return rows.isEmpty ? "" : String(repeating: "\n", count: rows.count) }
    // Every cell's width, once, in one flat array.
    var widths: [Int] = []
    widths.reserveCapacity(rows.count * columns)
    var columnWidths = [Int](repeating: 0, count: columns)
    var byteCount = 0
    for row in rows {
      for (index, cell) in row.enumerated() {
        let cellWidth = width(cell)
        widths.append(cellWidth)
        columnWidths[index] = max(columnWidths[index], cellWidth)
        byteCount += cell.utf8.count
      }
    }
    var output: [UInt8] = []
    output.reserveCapacity(byteCount + rows.count * (columnWidths.reduce(0, +) + 2 * columns + 1))
    var cellIndex = 0
    for row in rows {
      for (index, cell) in row.enumerated() {
        if index > 0 { appendSpaces(2, to: &output) }
        output.append(contentsOf: cell.utf8)
        if index < row.count - 1 { appendSpaces(columnWidths[index] - widths[cellIndex], to: &output) }
        cellIndex += 1
      }
      output.append(0x0A)
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
