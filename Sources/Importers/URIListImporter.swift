import OTPCore

/// otpauth URIs, one per line; blank lines and `#` comments are skipped.
public enum URIListImporter {
  public static func read(_ bytes: [UInt8]) -> [ImportItem] {
    var items: [ImportItem] = []
    for (index, raw) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
      let line = String(decoding: raw, as: UTF8.self).trimmingCharacters()
      guard !line.isEmpty, !line.hasPrefix("#") else { continue }
      let location = "line \(index + 1)"
      if line.hasPrefix("otpauth-migration://") {
        items += GoogleMigration.read(link: line, location: location)
        continue
      }
      do {
        items.append(ImportItem(location, .success(ImportedAccount(account: try OTPAuthURI.parse(line).account))))
      } catch {
        items.append(ImportItem(location, .failure(.from(error))))
      }
    }
    return items
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
