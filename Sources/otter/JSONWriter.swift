import OTPCore

/// A JSON value with the few shapes Otter prints.
enum JSONValue {
  case string(String)
  case integer(Int64)
  case unsigned(UInt64)
  case null
  case object([(String, JSONValue)])
  case array([JSONValue])

  /// The value as compact JSON text (RFC 8259), keys in the order given.
  var text: String {
    var output = ""
    write(to: &output)
    return output
  }

  func write(to output: inout String) {
    switch self {
    case .string(let value): JSONValue.writeString(value, to: &output)
    case .integer(let value): output += String(value)
    case .unsigned(let value): output += String(value)
    case .null: output += "null"
    case .object(let members):
      output += "{"
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { output += "," }
        JSONValue.writeString(key, to: &output)
        output += ":"
        value.write(to: &output)
      }
      output += "}"
    case .array(let items):
      output += "["
      for (index, item) in items.enumerated() {
        if index > 0 { output += "," }
        item.write(to: &output)
      }
      output += "]"
    }
  }

  /// Writes `value` quoted, escaping quotes, backslashes and every control character, so an
  /// imported label can never put a raw escape sequence into JSON output.
  static func writeString(_ value: String, to output: inout String) {
    output += "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      default:
        // Controls, bidi overrides and line separators are escaped: a terminal showing the
        // output must neither run an escape sequence nor reorder the text.
        if Sanitizer.isUnsafe(scalar) {
          let hex = String(scalar.value, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    output += "\""
  }
}
