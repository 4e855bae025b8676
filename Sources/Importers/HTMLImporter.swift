import OTPCore

/// An HTML page that lists otpauth links (Authenticator Pro's and other apps' HTML exports):
/// every `otpauth://` or `otpauth-migration://` link in it, entities decoded, as a URI list.
public enum HTMLImporter {
  public static func read(_ bytes: [UInt8]) -> [ImportItem] {
    let text = String(decoding: bytes, as: UTF8.self)
    var links: [String] = []
    var seen = Set<String>()
    var rest = Substring(text)
    while let start = rest.firstRange(of: "otpauth") {
      let tail = rest[start.lowerBound...]
      let end = tail.firstIndex { $0 == "\"" || $0 == "'" || $0 == "<" || $0 == ">" || $0.isWhitespace } ?? tail.endIndex
      let link = AndroidPreferences.unescape(tail[..<end])
      if link.hasPrefix("otpauth://") || link.hasPrefix("otpauth-migration://"), seen.insert(link).inserted { links.append(link) }
      rest = tail[end...]
    }
    return URIListImporter.read(Array(links.joined(separator: "\n").utf8))
  }

  static func matches(_ text: String) -> Bool {
    let lower = text.prefix(512).lowercased()
    return (lower.hasPrefix("<!doctype html") || lower.hasPrefix("<html")) && text.contains("otpauth")
  }
}

extension String {
  func trimmingCharacters() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
