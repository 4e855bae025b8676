import JSONCodec
import OTPCore

/// Bitwarden's unencrypted JSON export: items whose `login.totp` is an otpauth URI, a bare
/// base32 secret, or `steam://SECRET`.
public enum BitwardenImporter {
  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    let json = try EntryBuilder.parse(bytes, format: "Bitwarden")
    if json["encrypted"]?.boolValue == true {
      throw .malformed("this Bitwarden export is encrypted; export it as unencrypted JSON")
    }
    guard let items = json["items"]?.arrayValue else { throw .malformed("a Bitwarden export has an items list") }
    var result: [ImportItem] = []
    for (index, item) in items.enumerated() {
      guard let totp = item["login"]?["totp"]?.stringValue, !totp.isEmpty else { continue }
      let location = "item \(index + 1)"
      let name = item["login"]?["username"]?.stringValue ?? ""
      let issuer = item["name"]?.stringValue ?? ""
      if totp.lowercased().hasPrefix("otpauth://") {
        do {
          result.append(ImportItem(location, .success(ImportedAccount(account: try OTPAuthURI.parse(totp).account))))
        } catch {
          result.append(ImportItem(location, .failure(.from(error))))
        }
      } else if totp.lowercased().hasPrefix("steam://") {
        result.append(
          ImportItem(
            location,
            EntryBuilder.account(
              kind: "steam", issuer: issuer, name: name, base32Secret: String(totp.dropFirst(8)), algorithm: nil, digits: nil,
              period: nil, counter: nil)))
      } else {
        result.append(
          ImportItem(
            location,
            EntryBuilder.account(
              kind: "totp", issuer: issuer, name: name, base32Secret: totp, algorithm: nil, digits: nil, period: nil,
              counter: nil)))
      }
    }
    return result
  }
}
