/// Percent-encoding (RFC 3986 §2.1) for the parts of an otpauth URI.
public enum PercentEncoding {
  /// Decodes `raw` (bytes of the URI from `offset`), turning `+` into a space when asked.
  ///
  /// - Parameters:
  ///   - raw: the encoded bytes.
  ///   - part: which part of the URI this is, for the error message.
  ///   - offset: where `raw` starts in the whole URI, so errors give a position from 1.
  ///   - plusIsSpace: true for query values (form encoding writes spaces as `+`).
  /// - Throws: `URIError.badPercentEscape` for `%` not followed by two hex digits;
  ///   `URIError.invalidUTF8` when the decoded bytes are not UTF-8.
  static func decode(_ raw: ArraySlice<UInt8>, part: String, plusIsSpace: Bool) throws(URIError) -> String {
    let bytes = try decodeBytes(raw, part: part, plusIsSpace: plusIsSpace)
    guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8(part: part) }
    return text
  }

  /// Decodes `raw` to bytes (no UTF-8 check), for a value that must not become a `String` (the
  /// secret); the caller wipes the result.
  static func decodeBytes(_ raw: ArraySlice<UInt8>, part: String, plusIsSpace: Bool) throws(URIError) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(raw.count)
    var index = raw.startIndex
    while index < raw.endIndex {
      let byte = raw[index]
      if byte == UInt8(ascii: "%") {
        guard index + 2 < raw.endIndex, let high = Hex.value(of: raw[index + 1]), let low = Hex.value(of: raw[index + 2])
        else { throw .badPercentEscape(part: part, position: index + 1) }
        bytes.append(high << 4 | low)
        index += 3
      } else {
        bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
        index += 1
      }
    }
    return bytes
  }

  /// The bytes of percent-encoded `text` (`+` kept as it is), or nil for a broken escape.
  public static func decodedBytes(_ text: String) -> [UInt8]? {
    try? decodeBytes(Array(text.utf8)[...], part: "text", plusIsSpace: false)
  }

  /// Encodes `text`, leaving only RFC 3986 unreserved characters as they are.
  public static func encode(_ text: String) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count)
    let hex = Hex.upperDigits
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"):
        output.append(byte)
      default:
        output.append(UInt8(ascii: "%"))
        output.append(hex[Int(byte >> 4)])
        output.append(hex[Int(byte & 15)])
      }
    }
    return String(decoding: output, as: UTF8.self)
  }
}
