/// The few protocol-buffer wire rules the Google transfer payload needs (varints and
/// length-delimited fields), read and written by hand: the message has eight scalar fields,
/// and a hand-written reader is easy to fuzz and cannot allocate more than its input.
struct ProtoReader {
  let bytes: [UInt8]
  var index = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var isAtEnd: Bool { index >= bytes.count }

  struct Malformed: Error {
    var reason: String
  }

  mutating func varint() throws(Malformed) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard index < bytes.count else { throw Malformed(reason: "truncated varint") }
      let byte = bytes[index]
      index += 1
      guard shift < 64 else { throw Malformed(reason: "varint longer than 64 bits") }
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
    }
  }

  /// The next field's number and wire type, or nil at the end.
  mutating func tag() throws(Malformed) -> (field: Int, wire: Int)? {
    guard !isAtEnd else { return nil }
    let key = try varint()
    guard key >> 3 > 0, key >> 3 < 1 << 29 else { throw Malformed(reason: "invalid field number") }
    return (Int(key >> 3), Int(key & 7))
  }

  mutating func lengthDelimited() throws(Malformed) -> [UInt8] {
    let length = try varint()
    guard length <= UInt64(bytes.count - index) else { throw Malformed(reason: "field longer than the data") }
    defer { index += Int(length) }
    return Array(bytes[index..<(index + Int(length))])
  }

  /// Skips a field of `wire` type.
  mutating func skip(wire: Int) throws(Malformed) {
    switch wire {
    case 0: _ = try varint()
    case 1: try advance(8)
    case 2: _ = try lengthDelimited()
    case 5: try advance(4)
    default: throw Malformed(reason: "unsupported wire type \(wire)")
    }
  }

  private mutating func advance(_ count: Int) throws(Malformed) {
    guard bytes.count - index >= count else { throw Malformed(reason: "truncated field") }
    index += count
  }
}

struct ProtoWriter {
  var bytes: [UInt8] = []

  mutating func varint(_ value: UInt64) {
    var remaining = value
    while remaining >= 0x80 {
      bytes.append(UInt8(remaining & 0x7F) | 0x80)
      remaining >>= 7
    }
    bytes.append(UInt8(remaining))
  }

  mutating func field(_ number: Int, varint value: UInt64) {
    varint(UInt64(number) << 3)
    varint(value)
  }

  mutating func field(_ number: Int, bytes value: [UInt8]) {
    varint(UInt64(number) << 3 | 2)
    varint(UInt64(value.count))
    bytes += value
  }
}
