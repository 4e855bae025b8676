import JSONCodec
import OTPCore

/// LastPass Authenticator's export (plain JSON): `{"deviceId", "deviceSecret", "localDeviceId",
/// "deviceName", "version", "accounts": [{"accountID", "issuerName", "originalIssuerName",
/// "userName", "originalUserName", "secret", "timeStep", "digits", "algorithm", "isFavorite",
/// "creationTimestamp", "folderData": {"folderId", "position"}, …}], "folders": […]}` — the
/// shape 2FAS's and Bitwarden Authenticator's importers of it read. Every account is TOTP.
public enum LastPassImporter {
  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    let json = try EntryBuilder.parse(bytes, format: "LastPass Authenticator")
    guard let accounts = json["accounts"]?.arrayValue else {
      throw .malformed("a LastPass Authenticator export has an accounts list")
    }
    return accounts.enumerated().map { index, account in
      let location = "account \(index + 1)"
      guard let secret = account["secret"]?.stringValue else {
        return ImportItem(location, .failure(.entry("the account has no secret")))
      }
      let issuer = account["issuerName"]?.stringValue ?? account["originalIssuerName"]?.stringValue ?? ""
      let name = account["userName"]?.stringValue ?? account["originalUserName"]?.stringValue ?? ""
      return ImportItem(
        location,
        EntryBuilder.account(
          kind: "totp", issuer: issuer, name: name, base32Secret: secret, algorithm: account["algorithm"]?.stringValue,
          digits: account["digits"]?.int64Value, period: account["timeStep"]?.int64Value, counter: nil,
          favourite: account["isFavorite"]?.boolValue ?? false))
    }
  }

  /// Whether `json` is a LastPass Authenticator export.
  static func matches(_ json: JSON) -> Bool {
    guard let accounts = json["accounts"]?.arrayValue else { return false }
    return json["deviceSecret"] != nil || accounts.first.map { $0["issuerName"] != nil && $0["timeStep"] != nil } ?? false
  }
}
