/// Android's shared-preferences XML, as apps keep it under `shared_prefs/` (FreeOTP, Authy and
/// TOTP Authenticator keep their tokens in one), and XML text's entities (HTML pages too).
enum AndroidPreferences {
  /// Whether `bytes` start like a preferences file: an XML declaration or `<map>`.
  static func matches(_ bytes: [UInt8]) -> Bool {
    let head = String(decoding: bytes.prefix(512), as: UTF8.self).trimmingLeadingWhitespace()
    return (head.hasPrefix("<?xml") || head.hasPrefix("<map")) && head.contains("<map")
  }

  /// The `<string name="…">value</string>` entries, in order, unescaped.
  static func strings(_ bytes: [UInt8]) throws(ImportError) -> [(name: String, value: String)] {
    let text = String(decoding: bytes, as: UTF8.self)
    guard text.contains("<map") else { throw .malformed("an Android preferences file holds a <map>") }
    var entries: [(name: String, value: String)] = []
    var rest = Substring(text)
    while let open = rest.firstRange(of: "<string name=\"") {
      rest = rest[open.upperBound...]
      guard let nameEnd = rest.firstIndex(of: "\""), let close = rest.firstRange(of: "</string>") else {
        throw .malformed("a <string> element of the preferences file is not closed")
      }
      let name = unescape(rest[..<nameEnd])
      guard let valueStart = rest[nameEnd...].firstIndex(of: ">"), valueStart < close.lowerBound else {
        throw .malformed("a <string> element of the preferences file is malformed")
      }
      entries.append((name, unescape(rest[rest.index(after: valueStart)..<close.lowerBound])))
      rest = rest[close.upperBound...]
    }
    return entries
  }

  /// XML's five entities and numeric character references.
  static func unescape(_ text: Substring) -> String {
    guard text.contains("&") else { return String(text) }
    var result = ""
    var rest = text
    while let amp = rest.firstIndex(of: "&") {
      result += rest[..<amp]
      // An entity is short: look for its `;` in the next ten characters only (a scan to the end
      // for every `&` made an 80 KB file take minutes).
      guard let semicolon = rest[amp...].prefix(11).firstIndex(of: ";") else {
        result += "&"
        rest = rest[rest.index(after: amp)...]
        continue
      }
      let entity = rest[rest.index(after: amp)..<semicolon]
      switch entity {
      case "quot": result += "\""
      case "amp": result += "&"
      case "lt": result += "<"
      case "gt": result += ">"
      case "apos": result += "'"
      default:
        let number =
          entity.hasPrefix("#x")
          ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
        if let number, let scalar = Unicode.Scalar(number) {
          result.unicodeScalars.append(scalar)
        } else {
          result += "&" + entity + ";"
        }
      }
      rest = rest[rest.index(after: semicolon)...]
    }
    return result + rest
  }
}
