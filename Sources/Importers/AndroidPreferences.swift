import XMLTree

/// Android's shared-preferences XML, as apps keep it under `shared_prefs/` (FreeOTP, Authy and
/// TOTP Authenticator keep their tokens in one), and XML text's entities (HTML pages too).
enum AndroidPreferences {
  /// Whether `bytes` start like a preferences file: an XML declaration or `<map>`.
  static func matches(_ bytes: [UInt8]) -> Bool {
    let head = String(decoding: bytes.prefix(512), as: UTF8.self).trimmingLeadingWhitespace()
    return (head.hasPrefix("<?xml") || head.hasPrefix("<map")) && head.contains("<map")
  }

  /// The `<string name="…">value</string>` entries of the `<map>`, in order, read with expat
  /// (entities replaced; no document type allowed, so nothing expands beyond its text).
  static func strings(_ bytes: [UInt8]) throws(ImportError) -> [(name: String, value: String)] {
    let root: XMLElement
    do { root = try XMLDocument.parse(bytes) } catch {
      throw .malformed("the preferences file is not XML Otter can read: \(error)")
    }
    guard root.name == "map" else { throw .malformed("an Android preferences file holds a <map>") }
    return root.children(named: "string").map { (name: $0.attribute("name") ?? "", value: $0.text) }
  }

  /// XML's five entities and numeric character references, for text found outside a parsed
  /// document (a link in an HTML export).
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
