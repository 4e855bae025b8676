/// Standard base64 (RFC 4648 §4, with padding), both ways.
public enum Base64 {
  private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
  private static let values: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
    return table
  }()

  /// `bytes` as padded base64 text.
  public static func encode(_ bytes: some Collection<UInt8>) -> String {
    let input = Array(bytes)
    var output: [UInt8] = []
    output.reserveCapacity((input.count + 2) / 3 * 4)
    var index = 0
    while index < input.count {
      let count = min(3, input.count - index)
      var group = UInt32(input[index]) << 16
      if count > 1 { group |= UInt32(input[index + 1]) << 8 }
      if count > 2 { group |= UInt32(input[index + 2]) }
      for position in 0..<4 {
        output.append(position <= count ? alphabet[Int((group >> UInt32(18 - 6 * position)) & 63)] : UInt8(ascii: "="))
      }
      index += 3
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// The bytes of padded base64 `text`, or nil.
  ///
  /// - Parameter canonical: also refuse text whose unused low bits are not zero, so that the
  ///   text is exactly what `encode` writes for the bytes (the vault accepts only this: a
  ///   decoder that ignores those bits would let an altered character decode to the same
  ///   bytes). Without it, those bits are ignored, as most decoders do.
  public static func decode(_ text: String, canonical: Bool = true) -> [UInt8]? {
    let characters = Array(text.utf8)
    guard characters.count % 4 == 0 else { return nil }
    var output: [UInt8] = []
    output.reserveCapacity(characters.count / 4 * 3)
    var index = 0
    while index < characters.count {
      let isLast = index + 4 == characters.count
      let padding = isLast ? characters[index...].reversed().prefix { $0 == UInt8(ascii: "=") }.count : 0
      guard padding <= 2 else { return nil }
      var group: UInt32 = 0
      for offset in 0..<4 {
        let character = characters[index + offset]
        let value: UInt8
        if offset >= 4 - padding {
          value = 0
        } else {
          value = values[Int(character)]
          guard value != 0xFF else { return nil }
        }
        group = group << 6 | UInt32(value)
      }
      if canonical {
        if padding == 1 && group & 0xFF != 0 { return nil }
        if padding == 2 && group & 0xFFFF != 0 { return nil }
      }
      output.append(UInt8(group >> 16))
      if padding < 2 { output.append(UInt8((group >> 8) & 0xFF)) }
      if padding < 1 { output.append(UInt8(group & 0xFF)) }
      index += 4
    }
    return output
  }
}
