/// A pull reader over JSON text: the caller asks for the value it expects next.
///
/// `JSON.parse` builds a whole tree; a reader lets a decoder that knows its schema go straight
/// from bytes to its own values, with no tree to allocate and free. Every `read…` method skips
/// leading whitespace. The narrow ones (`readPlainString`, `readInt64`, `readBool`) return nil
/// instead of throwing when the text is valid JSON of another shape (an escaped string, a
/// fraction), so a caller can go back to `offset` and fall back to `readValue()`.
public struct JSONReader {
  /// The UTF-8 text being read.
  public let bytes: [UInt8]
  /// The byte offset of the next thing to read.
  var index = 0

  public init(bytes: [UInt8]) { self.bytes = bytes }

  /// The byte offset of the next thing to read; set it to go back to an earlier position.
  public var offset: Int {
    get { index }
    set { index = newValue }
  }

  /// Whether the whole text has been read (trailing whitespace included).
  public var isAtEnd: Bool { index == bytes.count }

  /// Consumes `byte` (after whitespace) if it comes next.
  ///
  /// - Returns: whether it was there.
  public mutating func consume(_ byte: UInt8) -> Bool {
    skipWhitespace()
    guard index < bytes.count, bytes[index] == byte else { return false }
    index += 1
    return true
  }

  /// Consumes `literal` (after whitespace) if those exact bytes come next: a quick test for
  /// text in a known shape, such as a member name with its colon.
  ///
  /// - Returns: whether they were there.
  public mutating func consume(_ literal: [UInt8]) -> Bool {
    skipWhitespace()
    guard matches(literal) else { return false }
    index += literal.count
    return true
  }

  /// Reads one whole value of any kind as a tree.
  ///
  /// - Parameter depth: how deep the value sits in the text (0 for the top level), so that the
  ///   nesting limit applies as it would to `JSON.parse` of the whole text.
  /// - Throws: `JSONError` at the first byte that is not JSON.
  public mutating func readValue(depth: Int = 0) throws(JSONError) -> JSON {
    skipWhitespace()
    return try value(depth: depth)
  }

  /// Reads a string, decoding escapes.
  ///
  /// - Throws: `JSONError` when no valid string comes next.
  public mutating func readString() throws(JSONError) -> String {
    skipWhitespace()
    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string") }
    return try string()
  }

  /// Reads a string that has no escapes and only printable ASCII, and returns the range of its
  /// bytes (between the quotes) without making a `String`: for names, enum values and secrets.
  ///
  /// - Returns: nil, with `offset` unspecified, when anything else comes next.
  public mutating func readPlainString() -> Range<Int>? {
    skipWhitespace()
    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
    let start = index + 1
    guard let end = Self.plainStringEnd(bytes.span, from: start) else { return nil }
    index = end + 1
    return start..<end
  }

  /// The offset of the quote that closes a plain string starting at `start`, or nil.
  private static func plainStringEnd(_ span: Span<UInt8>, from start: Int) -> Int? {
    var end = start
    while end < span.count {
      let byte = span[end]
      if byte == UInt8(ascii: "\"") { return end }
      guard byte &- 0x20 < 0x5F, byte != UInt8(ascii: "\\") else { return nil }
      end += 1
    }
    return nil
  }

  /// Reads a number written as a whole number that fits in `Int64` (no fraction, no exponent).
  ///
  /// - Returns: nil, with `offset` unspecified, when anything else comes next.
  public mutating func readInt64() -> Int64? {
    skipWhitespace()
    guard index < bytes.count, bytes[index] == UInt8(ascii: "-") || isDigit(bytes[index]),
      let range = try? numberRange()
    else { return nil }
    var position = range.lowerBound
    let negative = bytes[position] == UInt8(ascii: "-")
    if negative { position += 1 }
    var magnitude: UInt64 = 0
    while position < range.upperBound {
      let byte = bytes[position]
      guard isDigit(byte) else { return nil }  // a fraction or an exponent
      let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
      guard !overflow1, !overflow2 else { return nil }
      magnitude = sum
      position += 1
    }
    if negative {
      guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
      return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
    }
    guard magnitude <= UInt64(Int64.max) else { return nil }
    return Int64(magnitude)
  }

  /// Reads a number written as a whole number from 0 to 2^64 − 1 (no sign, fraction or exponent).
  ///
  /// - Returns: nil, with `offset` unspecified, when anything else comes next.
  public mutating func readUInt64() -> UInt64? {
    skipWhitespace()
    guard index < bytes.count, isDigit(bytes[index]), let range = try? numberRange() else { return nil }
    var value: UInt64 = 0
    for position in range {
      let byte = bytes[position]
      guard isDigit(byte) else { return nil }
      let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
      guard !overflow1, !overflow2 else { return nil }
      value = sum
    }
    return value
  }

  /// Reads `true` or `false`.
  ///
  /// - Returns: nil, with `offset` unspecified, when anything else comes next.
  public mutating func readBool() -> Bool? {
    skipWhitespace()
    // Local literals rather than shared arrays: threads reading at the same time would contend
    // on a shared array's reference count.
    if matches([0x74, 0x72, 0x75, 0x65]) {  // true
      index += 4
      return true
    }
    if matches([0x66, 0x61, 0x6C, 0x73, 0x65]) {  // false
      index += 5
      return false
    }
    return nil
  }

  /// Whether the bytes at `offset` are `word`.
  func matches(_ word: [UInt8]) -> Bool {
    guard index + word.count <= bytes.count else { return false }
    return Self.equal(bytes.span, at: index, word.span)
  }

  private static func equal(_ text: Span<UInt8>, at start: Int, _ word: Span<UInt8>) -> Bool {
    for offset in word.indices where text[start + offset] != word[offset] { return false }
    return true
  }
}
