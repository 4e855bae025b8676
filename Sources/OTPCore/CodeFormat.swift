/// How codes are shown to people.
public enum CodeFormat {
  /// A numeric code split in two groups for reading: `123 456`, `123 4567`, `1234 5678`,
  /// `12345 67890`. Steam codes and anything shorter than 6 characters are left as they are.
  public static func grouped(_ code: String) -> String {
    let digits = code.utf8
    guard digits.count >= 6, allDigits(digits.span) else { return code }
    let split = digits.count == 7 ? 3 : digits.count / 2
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count + 1)
    for (index, digit) in digits.enumerated() {
      if index == split { bytes.append(UInt8(ascii: " ")) }
      bytes.append(digit)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func allDigits(_ bytes: Span<UInt8>) -> Bool {
    for index in bytes.indices where bytes[index] &- UInt8(ascii: "0") >= 10 { return false }
    return true
  }
}
