/// Why a text is not JSON; `offset` counts bytes from 0.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
  public var offset: Int
  public var reason: String
  public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

extension JSON {
  /// The deepest nesting accepted; deeper input is refused rather than overflowing the stack.
  public static let maximumDepth = 64

  /// Parses `bytes` (UTF-8) as one JSON value with optional surrounding whitespace.
  ///
  /// - Throws: `JSONError` with the byte offset and what was expected.
  public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSON {
    var reader = JSONReader(bytes: bytes)
    reader.skipWhitespace()
    let value = try reader.value(depth: 0)
    reader.skipWhitespace()
    guard reader.isAtEnd else { throw reader.error("unexpected text after the value") }
    return value
  }
}

extension JSONReader {
  func error(_ reason: String) -> JSONError { JSONError(offset: index, reason: reason) }

  /// Skips JSON whitespace (space, tab, line feed, carriage return).
  public mutating func skipWhitespace() {
    while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
      index += 1
    }
  }

  mutating func value(depth: Int) throws(JSONError) -> JSON {
    guard depth < JSON.maximumDepth else { throw error("nested more than \(JSON.maximumDepth) levels") }
    guard index < bytes.count else { throw error("unexpected end of input") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try object(depth: depth)
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw error("expected a value")
    }
  }

  mutating func literal(_ word: String, _ result: JSON) throws(JSONError) -> JSON {
    let expected = Array(word.utf8)
    let count = expected.count
    guard index + count <= bytes.count else { throw error("unexpected end of input") }
    for offset in 0..<count where bytes[index + offset] != expected[offset] {
      throw error("expected \(word)")
    }
    index += count
    return result
  }

  mutating func object(depth: Int) throws(JSONError) -> JSON {
    index += 1
    var members: [(String, JSON)] = []
    members.reserveCapacity(16)  // growing from empty costs five reallocations for a 15-field object
    skipWhitespace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a member name") }
      let key = try string()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
      index += 1
      skipWhitespace()
      members.append((key, try value(depth: depth + 1)))
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of input in an object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
      index += 1
      return .object(members)
    }
  }

  mutating func array(depth: Int) throws(JSONError) -> JSON {
    index += 1
    var items: [JSON] = []
    skipWhitespace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try value(depth: depth + 1))
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of input in an array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
      index += 1
      return .array(items)
    }
  }

  mutating func number() throws(JSONError) -> JSON {
    .number(String(decoding: bytes[try numberRange()], as: UTF8.self))
  }

  /// Scans a number literal starting at `index` and returns its bytes' range.
  mutating func numberRange() throws(JSONError) -> Range<Int> {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit") }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      while index < bytes.count && isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit after '.'") }
      while index < bytes.count && isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
      index += 1
      if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
      guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected an exponent") }
      while index < bytes.count && isDigit(bytes[index]) { index += 1 }
    }
    return start..<index
  }

  func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

  /// A string literal; the opening quote is at `index`.
  mutating func string() throws(JSONError) -> String {
    index += 1
    let start = index
    // Fast path: no escapes. ASCII needs no UTF-8 validation (and the generic validating
    // initializer costs more than the whole scan).
    var high: UInt8 = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let text: String
        if high < 0x80 {
          text = String(decoding: bytes[start..<index], as: UTF8.self)
        } else {
          guard let valid = String(validating: bytes[start..<index], as: UTF8.self) else { throw error("invalid UTF-8") }
          text = valid
        }
        index += 1
        return text
      }
      high |= byte
      if byte == UInt8(ascii: "\\") { break }
      guard byte >= 0x20 else { throw error("control character in a string") }
      index += 1
    }
    var output = Array(bytes[start..<index])
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        guard let text = String(validating: output, as: UTF8.self) else { throw error("invalid UTF-8") }
        index += 1
        return text
      case UInt8(ascii: "\\"):
        index += 1
        guard index < bytes.count else { throw error("unexpected end of input in an escape") }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if (0xD800...0xDBFF).contains(scalar) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
              throw error("unpaired surrogate")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if (0xDC00...0xDFFF).contains(scalar) {
            throw error("unpaired surrogate")
          }
          guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
          UTF8.encode(unicode) { output.append($0) }
        default: throw error("unknown escape")
        }
      default:
        guard byte >= 0x20 else { throw error("control character in a string") }
        output.append(byte)
        index += 1
      }
    }
    throw error("unterminated string")
  }

  mutating func hex4() throws(JSONError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("short \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw error("bad hex digit in \\u escape")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }
}
