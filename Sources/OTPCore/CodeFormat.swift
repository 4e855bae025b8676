/// How codes are shown to people.
public enum CodeFormat {
  /// A numeric code split in two groups for reading: `123 456`, `123 4567`, `1234 5678`,
  /// `12345 67890`. Steam codes and anything shorter than 6 characters are left as they are.
  public static func grouped(_ code: String) -> String {
    let bytes = Array(code.utf8)
    guard bytes.count >= 6, bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return code }
    let split = bytes.count == 7 ? 3 : bytes.count / 2
    return String(decoding: bytes[..<split] + [UInt8(ascii: " ")] + bytes[split...], as: UTF8.self)
  }
}
