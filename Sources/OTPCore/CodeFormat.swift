/// How codes are shown to people.
public enum CodeFormat {
  /// A numeric code split in two groups for reading: `123 456`, `123 4567`, `1234 5678`,
  /// `12345 67890`. Steam codes and anything shorter than 6 characters are left as they are.
  public static func grouped(_ code: String) -> String {
    let digits = code.utf8
    guard digits.count >= 6, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return code }
    let split = digits.count == 7 ? 3 : digits.count / 2
    let middle = digits.index(digits.startIndex, offsetBy: split)
    return String(code[..<middle]) + " " + String(code[middle...])
  }
}
