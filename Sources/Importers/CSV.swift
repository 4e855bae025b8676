/// Comma-separated values (RFC 4180): quoted fields with doubled quotes inside, CRLF or LF
/// line ends. Bitwarden's CSV export is read with it.
enum CSV {
  /// The rows of `text`; each row's fields, unquoted. Blank lines are skipped.
  static func rows(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var iterator = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = nil
    func endRow() {
      row.append(field)
      field = ""
      if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
      row = []
    }
    while let scalar = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if scalar == "\"" {
          if let next = iterator.next() {
            if next == "\"" {
              field.unicodeScalars.append("\"")
            } else {
              quoted = false
              pending = next
            }
          } else {
            quoted = false
          }
        } else {
          field.unicodeScalars.append(scalar)
        }
        continue
      }
      switch scalar {
      case "\"" where field.isEmpty: quoted = true
      case ",":
        row.append(field)
        field = ""
      case "\r": continue
      case "\n": endRow()
      default: field.unicodeScalars.append(scalar)
      }
    }
    if !field.isEmpty || !row.isEmpty { endRow() }
    return rows
  }
}
