extension JSON {
  /// The value as compact JSON (no whitespace), members in their order.
  ///
  /// - Parameter escaping: scalars to write as `\uXXXX` besides those JSON requires (quote,
  ///   backslash, C0 controls). Output meant for a terminal passes the sanitizer's test here.
  public func serialized(escaping: (Unicode.Scalar) -> Bool = { _ in false }) -> [UInt8] {
    var output: [UInt8] = []
    write(to: &output, escaping: escaping)
    return output
  }

  /// The value as compact JSON text.
  public func text(escaping: (Unicode.Scalar) -> Bool = { _ in false }) -> String {
    String(decoding: serialized(escaping: escaping), as: UTF8.self)
  }

  func write(to output: inout [UInt8], escaping: (Unicode.Scalar) -> Bool) {
    switch self {
    case .null: output += Array("null".utf8)
    case .bool(let value): output += Array((value ? "true" : "false").utf8)
    case .number(let text): output += Array(text.utf8)
    case .string(let text): Self.writeString(text, to: &output, escaping: escaping)
    case .array(let items):
      output.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        item.write(to: &output, escaping: escaping)
      }
      output.append(UInt8(ascii: "]"))
    case .object(let members):
      output.append(UInt8(ascii: "{"))
      for (index, member) in members.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        Self.writeString(member.0, to: &output, escaping: escaping)
        output.append(UInt8(ascii: ":"))
        member.1.write(to: &output, escaping: escaping)
      }
      output.append(UInt8(ascii: "}"))
    }
  }

  static let hexDigits = Array("0123456789abcdef".utf8)

  /// Appends `text` as a JSON string (quotes and escapes), as `serialized()` writes it: for a
  /// writer that builds JSON text without a tree.
  public static func appendString(_ text: String, to output: inout [UInt8]) {
    writeString(text, to: &output, escaping: { _ in false })
  }

  static func writeString(_ text: String, to output: inout [UInt8], escaping: (Unicode.Scalar) -> Bool) {
    output.append(UInt8(ascii: "\""))
    // Fast path: printable ASCII without quote or backslash goes out as it is.
    var plain = true
    for byte in text.utf8 where byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
      plain = false
      break
    }
    if plain {
      output.append(contentsOf: text.utf8)
      output.append(UInt8(ascii: "\""))
      return
    }
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
      case "\\": output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case "\n": output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case "\r": output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case "\t": output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      default:
        if scalar.value < 0x20 || escaping(scalar) {
          appendEscape(scalar.value, to: &output)
        } else if scalar.isASCII {
          output.append(UInt8(scalar.value))
        } else {
          UTF8.encode(scalar) { output.append($0) }
        }
      }
    }
    output.append(UInt8(ascii: "\""))
  }

  /// `\uXXXX`, as a surrogate pair above the Basic Multilingual Plane.
  static func appendEscape(_ value: UInt32, to output: inout [UInt8]) {
    if value > 0xFFFF {
      let reduced = value - 0x10000
      appendEscape(0xD800 + (reduced >> 10), to: &output)
      appendEscape(0xDC00 + (reduced & 0x3FF), to: &output)
      return
    }
    output += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
    for shift in [12, 8, 4, 0] { output.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)]) }
  }
}
