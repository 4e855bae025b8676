import JSONCodec

/// FreeOTP's `tokens.xml` (Android shared preferences, pulled from a rooted phone or an adb
/// backup): `<map>` of `<string name="issuer:label">` elements, each holding one token's JSON
/// with XML entities; `tokenOrder` lists their order.
enum FreeOTPXML {
  static func matches(_ bytes: [UInt8]) -> Bool {
    let head = String(decoding: bytes.prefix(512), as: UTF8.self).trimmingLeadingWhitespace()
    return (head.hasPrefix("<?xml") || head.hasPrefix("<map")) && head.contains("<map")
  }

  static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    var items: [ImportItem] = []
    var number = 0
    for (name, value) in try strings(bytes) where name != "tokenOrder" {
      number += 1
      guard let token = try? JSON.parse(Array(value.utf8)) else {
        items.append(ImportItem("token \(number)", .failure(.entry("the token is not JSON"))))
        continue
      }
      items.append(FreeOTPImporter.item(token, location: "token \(number)"))
    }
    return items
  }

  /// The `<string name="…">value</string>` entries of an Android shared-preferences file, in
  /// order, unescaped (FreeOTP, Authy and TOTP Authenticator keep their tokens in one).
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
      guard let semicolon = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semicolon) <= 10 else {
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
