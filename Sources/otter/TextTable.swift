/// Plain text tables with columns padded to their widest cell.
enum Table {
  static func render(_ rows: [[String]]) -> String {
    guard let columns = rows.map(\.count).max() else { return "" }
    let widths = rows.map { $0.map(width) }
    var columnWidths = [Int](repeating: 0, count: columns)
    for row in widths { for (index, width) in row.enumerated() { columnWidths[index] = max(columnWidths[index], width) } }
    var output: [UInt8] = []
    for (row, rowWidths) in zip(rows, widths) {
      for (index, cell) in row.enumerated() {
        if index > 0 { output += [0x20, 0x20] }
        output.append(contentsOf: cell.utf8)
        if index < row.count - 1 { output += repeatElement(0x20, count: columnWidths[index] - rowWidths[index]) }
      }
      output.append(0x0A)
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// The number of characters in `cell` (ASCII is counted by bytes, without grapheme breaking).
  static func width(_ cell: String) -> Int {
    cell.utf8.allSatisfy { $0 < 0x80 } ? cell.utf8.count : cell.count
  }
}
