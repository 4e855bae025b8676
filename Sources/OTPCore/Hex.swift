/// Hexadecimal text, both ways: the one place Otter reads and writes it.
public enum Hex {
  /// The lower-case digits, as ASCII bytes.
  public static let lowerDigits: [UInt8] = Array("0123456789abcdef".utf8)
  /// The upper-case digits, as ASCII bytes.
  public static let upperDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

  /// The value of one hexadecimal digit (either case), or nil.
  @inlinable
  public static func value(of digit: UInt8) -> UInt8? {
    let number = digit &- UInt8(ascii: "0")
    if number < 10 { return number }
    let letter = (digit | 0x20) &- UInt8(ascii: "a")
    return letter < 6 ? letter + 10 : nil
  }

  /// `bytes` as lower-case hexadecimal text.
  public static func encode(_ bytes: some Sequence<UInt8>) -> String {
    var text: [UInt8] = []
    for byte in bytes {
      text.append(lowerDigits[Int(byte >> 4)])
      text.append(lowerDigits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// The bytes of hexadecimal `text` (either case, an even number of digits, nothing else), or nil.
  public static func decode(_ text: String) -> [UInt8]? {
    let digits = Array(text.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    var index = 0
    while index < digits.count {
      guard let high = value(of: digits[index]), let low = value(of: digits[index + 1]) else { return nil }
      bytes.append(high << 4 | low)
      index += 2
    }
    return bytes
  }
}
