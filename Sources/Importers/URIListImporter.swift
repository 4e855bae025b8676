import OTPCore

/// otpauth URIs, one per line; blank lines and `#` comments are skipped. `zbarimg`'s output
/// (`QR-Code:otpauth…` lines) reads the same: the symbology prefix is dropped.
public enum URIListImporter {
  public static func read(_ bytes: [UInt8]) -> [ImportItem] {
    var items: [ImportItem] = []
    for (index, raw) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
      var line = String(decoding: raw, as: UTF8.self).trimmingCharacters()
      if line.hasPrefix("QR-Code:") { line = String(line.dropFirst("QR-Code:".count)) }
      guard !line.isEmpty, !line.hasPrefix("#") else { continue }
      let location = "line \(index + 1)"
      if line.lowercased().hasPrefix("otpauth-migration://") {
        items += GoogleMigration.read(link: line, location: location)
        continue
      }
      do {
        items.append(ImportItem(location, .success(ImportedAccount(account: try OTPAuthURI.parseImported(line).account))))
      } catch {
        items.append(ImportItem(location, .failure(.from(error))))
      }
    }
    return items
  }
}
