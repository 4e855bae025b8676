import JSONCodec
import OTPCore

/// Proton Authenticator's JSON export: `{"version": 1, "entries": [{"content": {"uri", …}, "note"}]}`.
public enum ProtonImporter {
  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    let json = try EntryBuilder.parse(bytes, format: "Proton Authenticator")
    guard let entries = json["entries"]?.arrayValue else { throw .malformed("a Proton Authenticator export has an entries list") }
    return entries.enumerated().map { index, entry in
      let location = "entry \(index + 1)"
      guard let uri = entry["content"]?["uri"]?.stringValue else {
        return ImportItem(location, .failure(.entry("the entry lacks content.uri")))
      }
      do {
        let account = try OTPAuthURI.parseImported(uri).account
        return ImportItem(location, .success(ImportedAccount(account: account, note: entry["note"]?.stringValue ?? "")))
      } catch {
        return ImportItem(location, .failure(.from(error)))
      }
    }
  }

  static func matches(_ json: JSON) -> Bool {
    json["version"] != nil && json["entries"]?.arrayValue?.first.map { $0["content"]?["uri"] != nil } ?? false
  }
}
