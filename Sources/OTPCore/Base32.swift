import CryptoPrimitives

/// Base32 (RFC 4648 §6) as authenticator secrets use it.
///
/// Decoding is lenient the way real QR codes and hand-typed secrets need: any letter case,
/// spaces and hyphens ignored, `=` padding optional (but only at the end). Anything else is an
/// error naming the character and its position. Encoding is uppercase and unpadded.
public enum Base32 {
  private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

  /// The 5-bit value of an alphabet byte (either case), or nil.
  @inline(__always)
  private static func value(of byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
    case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a")
    case UInt8(ascii: "2")...UInt8(ascii: "7"): byte - UInt8(ascii: "2") + 26
    default: nil
    }
  }

  /// Decodes `text` into a secret.
  ///
  /// - Parameter text: base32 text; case, spaces, hyphens and trailing `=` are tolerated.
  /// - Returns: the decoded bytes (possibly empty, when `text` holds no base32 character).
  /// - Throws: `Base32Error.invalidCharacter` for any other character (position counts
  ///   characters from 1), `Base32Error.invalidLength` when the number of base32 characters
  ///   cannot encode whole bytes (1, 3 or 6 left over after groups of 8).
  public static func decode(_ text: String) throws(Base32Error) -> SecretBytes {
    guard let symbols = symbolCount(text.utf8) else { throw firstInvalidCharacter(in: text) }
    return try decode(text.utf8, symbols: symbols)
  }

  /// Decodes base32 text given as UTF-8 bytes, so a secret read from a buffer that is wiped
  /// afterwards never becomes a `String` (which cannot be wiped).
  ///
  /// - Throws: as `decode(_:)` does.
  public static func decode(utf8 bytes: ArraySlice<UInt8>) throws(Base32Error) -> SecretBytes {
    if let secret = decodeSymbolsOnly(bytes) { return secret }
    guard let symbols = symbolCount(bytes) else {
      throw firstInvalidCharacter(in: String(decoding: bytes, as: UTF8.self))
    }
    return try decode(bytes, symbols: symbols)
  }

  /// One pass for the common case, text of alphabet symbols only (as Otter writes it): nil
  /// when any byte is something else, or the length is not one bytes can have.
  private static func decodeSymbolsOnly(_ bytes: ArraySlice<UInt8>) -> SecretBytes? {
    guard ![1, 3, 6].contains(bytes.count % 8) else { return nil }
    return pack(bytes, symbols: bytes.count, skippingOthers: false)
  }

  /// The number of base32 symbols in `bytes`, or nil when a byte is not allowed. This first
  /// pass leaves finding the offending character and its position to the error path, so the
  /// common path never builds Characters.
  @inline(__always)
  private static func symbolCount<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Int? {
    var symbols = 0
    var paddingStarted = false
    for byte in bytes {
      if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") { continue }
      if byte == UInt8(ascii: "=") {
        paddingStarted = true
        continue
      }
      guard value(of: byte) != nil, !paddingStarted else { return nil }
      symbols += 1
    }
    return symbols
  }

  /// Decodes `bytes`, which hold `symbols` base32 symbols and only allowed bytes.
  @inline(__always)
  private static func decode<Bytes: Sequence<UInt8>>(_ bytes: Bytes, symbols: Int) throws(Base32Error) -> SecretBytes {
    guard ![1, 3, 6].contains(symbols % 8), let output = pack(bytes, symbols: symbols, skippingOthers: true) else {
      throw .invalidLength(symbols: symbols)
    }
    return output
  }

  /// The bytes that the `symbols` base32 symbols in `bytes` encode. Other bytes (spaces,
  /// hyphens, padding) are skipped with `skippingOthers`, else they make the result nil.
  @inline(__always)
  private static func pack<Bytes: Sequence<UInt8>>(_ bytes: Bytes, symbols: Int, skippingOthers: Bool) -> SecretBytes? {
    let output = SecretBytes(count: symbols * 5 / 8)
    var buffer: UInt64 = 0
    var bits = 0
    var written = 0
    for byte in bytes {
      guard let symbol = value(of: byte) else {
        if skippingOthers { continue }
        return nil
      }
      buffer = (buffer << 5) | UInt64(symbol)
      bits += 5
      if bits >= 8 {
        bits -= 8
        output[written] = UInt8(truncatingIfNeeded: buffer >> UInt64(bits))
        written += 1
      }
    }
    buffer = 0
    return output
  }

  /// The error for the first character that is not base32 (or comes after padding).
  private static func firstInvalidCharacter(in text: String) -> Base32Error {
    var paddingStarted = false
    for (offset, character) in text.enumerated() {
      let position = offset + 1
      guard let ascii = character.asciiValue else { return .invalidCharacter(character, position: position) }
      if ascii == UInt8(ascii: " ") || ascii == UInt8(ascii: "-") { continue }
      if ascii == UInt8(ascii: "=") {
        paddingStarted = true
        continue
      }
      guard value(of: ascii) != nil, !paddingStarted else { return .invalidCharacter(character, position: position) }
    }
    return .invalidLength(symbols: 0)
  }

  /// Encodes `bytes` as uppercase, unpadded base32.
  public static func encode(_ secret: SecretBytes) -> String {
    var output: [UInt8] = []
    encode(secret, into: &output)
    defer { wipe(&output) }
    return String(decoding: output, as: UTF8.self)
  }

  /// Appends the base32 of `secret` to `output` as ASCII bytes (for text that is wiped after use).
  public static func encode(_ secret: SecretBytes, into output: inout [UInt8]) {
    output.reserveCapacity(output.count + (secret.count * 8 + 4) / 5)
    var buffer: UInt32 = 0
    var bits = 0
    for index in 0..<secret.count {
      buffer = (buffer << 8) | UInt32(secret[index])
      bits += 8
      while bits >= 5 {
        bits -= 5
        output.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
      }
    }
    if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
    buffer = 0
  }
}

/// Why a text is not valid base32.
public enum Base32Error: Error, Equatable, Sendable, CustomStringConvertible {
  /// A character outside the base32 alphabet (and not a tolerated space, hyphen or end padding).
  case invalidCharacter(Character, position: Int)
  /// The count of base32 characters leaves 1, 3 or 6 over, which no byte string encodes to.
  case invalidLength(symbols: Int)

  public var description: String {
    switch self {
    case .invalidCharacter(let character, let position):
      let shown =
        character.isASCII && !(character.asciiValue.map { $0 < 0x20 || $0 == 0x7f } ?? true)
        ? "'\(character)'"
        : "U+" + character.unicodeScalars.map { String($0.value, radix: 16, uppercase: true) }.joined(separator: " U+")
      return "secret is not valid base32 (character \(shown) at position \(position); base32 uses A-Z and 2-7)"
    case .invalidLength(let symbols):
      return "secret is not valid base32 (\(symbols) characters cannot encode whole bytes; is a character missing?)"
    }
  }
}
