import OTPCore

/// A small, bounded reader of one Java-serialized map of strings (`ObjectOutputStream` writing a
/// `java.util.HashMap` or `LinkedHashMap`), as FreeOTP 2 writes its backup. It knows only what
/// such a stream holds: class descriptions with primitive fields, the map's block data, strings
/// (short and long, modified UTF-8), back references and null; a boxed value (`Boolean`,
/// `Integer`…: an object whose classes hold primitive fields only) is read and left out, as it
/// holds no token. Anything else (arrays, object fields, proxies, exceptions) is refused.
///
/// Linear in the stream: every length is checked against the bytes left before it is read, and
/// nesting is limited to a few levels.
struct JavaSerializedMap {
  /// The map's entries whose key and value are both strings, in the stream's order.
  private(set) var entries: [(key: String, value: String)] = []

  /// Whether `bytes` start like a Java serialization stream (magic `AC ED`, version 5).
  static func matches(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0xAC, 0xED, 0x00, 0x05]) }

  init(_ bytes: [UInt8]) throws(ImportError) {
    var reader = Reader(bytes: bytes)
    guard Self.matches(bytes) else { throw .malformed("the file is not a Java serialization stream") }
    reader.position = 4
    guard case .map(let items) = try reader.content(depth: 0) else {
      throw .malformed("the Java serialization stream does not hold a map")
    }
    guard items.count.isMultiple(of: 2) else { throw .malformed("the serialized map has a key without a value") }
    for index in stride(from: 0, to: items.count, by: 2) {
      if case .string(let key) = items[index], case .string(let value) = items[index + 1] {
        entries.append((key, value))
      }
    }
  }

  /// One value of the stream.
  enum Value {
    case null
    case string(String)
    case boxed
    case map([Value])
  }

  struct ClassDescription {
    var name: String
    var flags: UInt8
    var fields: [UInt8]
    var superclass: Int?
  }

  /// A handle-table entry: what a back reference can point at.
  enum Handle {
    case description(Int)
    case value(Value)
  }

  struct Reader {
    let bytes: [UInt8]
    var position = 0
    var descriptions: [ClassDescription] = []
    var handles: [Handle] = []

    static let maps: Set<String> = ["java.util.HashMap", "java.util.LinkedHashMap", "java.util.Hashtable"]
    static let baseHandle = 0x7E_0000

    mutating func byte() throws(ImportError) -> UInt8 {
      guard position < bytes.count else { throw .malformed("the Java serialization stream is cut short") }
      defer { position += 1 }
      return bytes[position]
    }

    mutating func take(_ count: Int) throws(ImportError) -> ArraySlice<UInt8> {
      guard count >= 0, count <= bytes.count - position else {
        throw .malformed("the Java serialization stream is cut short (a length runs past its end)")
      }
      defer { position += count }
      return bytes[position..<position + count]
    }

    mutating func integer(_ width: Int) throws(ImportError) -> UInt64 {
      try take(width).reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func utf(long: Bool = false) throws(ImportError) -> String {
      let length = try integer(long ? 8 : 2)
      guard length <= UInt64(bytes.count - position) else {
        throw .malformed("the Java serialization stream is cut short (a string runs past its end)")
      }
      return Self.modifiedUTF8(try take(Int(length)))
    }

    /// Java's modified UTF-8: U+0000 as `C0 80`, characters beyond the BMP as two encoded
    /// surrogates. Decoded to UTF-16, then to a string (a malformed unit becomes U+FFFD).
    static func modifiedUTF8(_ bytes: ArraySlice<UInt8>) -> String {
      var units: [UInt16] = []
      units.reserveCapacity(bytes.count)
      var index = bytes.startIndex
      func continuation(_ at: Int) -> UInt16? {
        at < bytes.endIndex && bytes[at] & 0xC0 == 0x80 ? UInt16(bytes[at] & 0x3F) : nil
      }
      while index < bytes.endIndex {
        let lead = bytes[index]
        if lead < 0x80 {
          units.append(UInt16(lead))
          index += 1
        } else if lead & 0xE0 == 0xC0, let low = continuation(index + 1) {
          units.append(UInt16(lead & 0x1F) << 6 | low)
          index += 2
        } else if lead & 0xF0 == 0xE0, let middle = continuation(index + 1), let low = continuation(index + 2) {
          units.append(UInt16(lead & 0x0F) << 12 | middle << 6 | low)
          index += 3
        } else {
          units.append(0xFFFD)
          index += 1
        }
      }
      return String(decoding: units, as: UTF16.self)
    }

    mutating func reference() throws(ImportError) -> Handle {
      let handle = Int(try integer(4)) - Self.baseHandle
      guard handle >= 0, handle < handles.count else {
        throw .malformed("the Java serialization stream refers to an object it does not hold")
      }
      return handles[handle]
    }

    /// A class description (new, a reference to one, or null), as an index into `descriptions`.
    mutating func classDescription(depth: Int) throws(ImportError) -> Int? {
      switch try byte() {
      case 0x70: return nil
      case 0x71:
        guard case .description(let index) = try reference() else {
          throw .malformed("the Java serialization stream refers to a class where it needs one")
        }
        return index
      case 0x72:
        let name = try utf()
        _ = try take(8)  // serialVersionUID
        let index = descriptions.count
        descriptions.append(ClassDescription(name: name, flags: 0, fields: [], superclass: nil))
        handles.append(.description(index))
        let flags = try byte()
        let count = Int(try integer(2))
        var fields: [UInt8] = []
        for _ in 0..<count {
          let type = try byte()
          _ = try utf()
          guard Self.primitiveSize(type) != nil else {
            throw .malformed(
              "the serialized \(Sanitizer.quoted(name, limit: 60)) has an object field, which a FreeOTP backup never holds")
          }
          fields.append(type)
        }
        guard try byte() == 0x78 else {
          throw .malformed("the serialized \(Sanitizer.quoted(name, limit: 60)) carries class annotations")
        }
        descriptions[index].flags = flags
        descriptions[index].fields = fields
        descriptions[index].superclass = try classDescription(depth: depth + 1)
        return index
      default:
        throw .malformed("the Java serialization stream holds something other than a map of strings")
      }
    }

    static func primitiveSize(_ type: UInt8) -> Int? {
      switch type {
      case UInt8(ascii: "B"), UInt8(ascii: "Z"): 1
      case UInt8(ascii: "C"), UInt8(ascii: "S"): 2
      case UInt8(ascii: "I"), UInt8(ascii: "F"): 4
      case UInt8(ascii: "J"), UInt8(ascii: "D"): 8
      default: nil
      }
    }

    /// One content item: a string, null, a reference, a map or a boxed value.
    mutating func content(depth: Int) throws(ImportError) -> Value {
      guard depth < 4 else { throw .malformed("the Java serialization stream nests too deep") }
      switch try byte() {
      case 0x70: return .null
      case 0x71:
        guard case .value(let value) = try reference() else {
          throw .malformed("the Java serialization stream refers to a class where it needs a value")
        }
        return value
      case 0x74, 0x7C:
        let text = try utf(long: bytes[position - 1] == 0x7C)
        handles.append(.value(.string(text)))
        return .string(text)
      case 0x73: return try object(depth: depth)
      default:
        throw .malformed("the Java serialization stream holds something other than a map of strings")
      }
    }

    /// An object: its class chain from the top, each class's primitive fields, and, for a class
    /// with its own `writeObject`, the annotation that follows (a map's entries).
    mutating func object(depth: Int) throws(ImportError) -> Value {
      guard let top = try classDescription(depth: depth) else {
        throw .malformed("a serialized object has no class")
      }
      var chain: [Int] = []
      var next: Int? = top
      while let index = next, chain.count < 8 {
        chain.append(index)
        next = descriptions[index].superclass
      }
      let handle = handles.count
      handles.append(.value(.boxed))
      let isMap = chain.contains { Self.maps.contains(descriptions[$0].name) }
      var items: [Value] = []
      for index in chain.reversed() {
        let description = descriptions[index]
        guard description.flags & 0x02 != 0, description.flags & 0x04 == 0 else {
          throw .malformed("the serialized \(Sanitizer.quoted(description.name, limit: 60)) is not a plain Serializable class")
        }
        for field in description.fields { _ = try take(Self.primitiveSize(field) ?? 0) }
        guard description.flags & 0x01 != 0 else { continue }
        while true {
          switch bytes.indices.contains(position) ? bytes[position] : 0 {
          case 0x78:
            position += 1
          case 0x77:
            position += 1
            _ = try take(Int(try byte()))
            continue
          case 0x7A:
            position += 1
            _ = try take(Int(try integer(4)))
            continue
          default:
            guard isMap else {
              throw .malformed(
                "the serialized \(Sanitizer.quoted(description.name, limit: 60)) holds objects Otter does not read")
            }
            items.append(try content(depth: depth + 1))
            continue
          }
          break
        }
      }
      let value: Value = isMap ? .map(items) : .boxed
      handles[handle] = .value(value)
      return value
    }
  }
}
