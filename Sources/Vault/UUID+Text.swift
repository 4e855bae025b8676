import FoundationEssentials
import OTPCore

extension UUID {
  /// Parses the canonical 36-character form (8-4-4-4-12 hexadecimal digits, either case) from
  /// the UTF-8 bytes in `range`.
  ///
  /// Foundation's `UUID(uuidString:)` goes through `sscanf` on Linux, which cost more than the
  /// rest of decoding an account; this accepts only the canonical form, which it also accepts.
  ///
  /// - Returns: nil for any other text.
  init?(canonicalText bytes: [UInt8], in range: Range<Int>) {
    guard range.count == 36 else { return nil }
    let start = range.lowerBound
    // The groups 8-4-4-4-12 into two 64-bit halves: 8+4+4 digits, then 4+12.
    guard bytes[start + 8] == UInt8(ascii: "-"), bytes[start + 13] == UInt8(ascii: "-"),
      bytes[start + 18] == UInt8(ascii: "-"), bytes[start + 23] == UInt8(ascii: "-"),
      let first = Self.hexNumber(bytes, start, 8), let second = Self.hexNumber(bytes, start + 9, 4),
      let third = Self.hexNumber(bytes, start + 14, 4), let fourth = Self.hexNumber(bytes, start + 19, 4),
      let fifth = Self.hexNumber(bytes, start + 24, 12)
    else { return nil }
    let high = first << 32 | second << 16 | third
    let low = fourth << 48 | fifth
    func byte(_ half: UInt64, _ index: Int) -> UInt8 { UInt8(truncatingIfNeeded: half >> UInt64(56 - 8 * index)) }
    self.init(
      uuid: (
        byte(high, 0), byte(high, 1), byte(high, 2), byte(high, 3), byte(high, 4), byte(high, 5), byte(high, 6),
        byte(high, 7), byte(low, 0), byte(low, 1), byte(low, 2), byte(low, 3), byte(low, 4), byte(low, 5), byte(low, 6),
        byte(low, 7)
      ))
  }

  /// The canonical form in lowercase, as the vault stores ids (no `sprintf`, unlike
  /// `uuidString`).
  public var lowercasedText: String {
    let value = uuid
    let bytes = [
      value.0, value.1, value.2, value.3, value.4, value.5, value.6, value.7, value.8, value.9, value.10, value.11,
      value.12, value.13, value.14, value.15,
    ]
    var text: [UInt8] = []
    text.reserveCapacity(36)
    for (index, byte) in bytes.enumerated() {
      if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
      text.append(Hex.lowerDigits[Int(byte >> 4)])
      text.append(Hex.lowerDigits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// The value of `count` hexadecimal digits (either case) at `start`, or nil.
  private static func hexNumber(_ bytes: [UInt8], _ start: Int, _ count: Int) -> UInt64? {
    var value: UInt64 = 0
    for index in start..<(start + count) {
      guard let digit = Hex.value(of: bytes[index]) else { return nil }
      value = value << 4 | UInt64(digit)
    }
    return value
  }
}
