import CryptoPrimitives
import JSONCodec
import OTPCore

/// A Steam Guard `.maFile` (Steam Desktop Authenticator and the tools that read it): one account
/// with `shared_secret` (base64) and `account_name`; or the older wrapper `{"accounts": {…}}`
/// holding several.
public enum SteamImporter {
  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    let json = try EntryBuilder.parse(bytes, format: "Steam Guard maFile")
    let accounts: [JSON]
    if case .object(let members)? = json["accounts"] {
      accounts = members.map(\.1)
    } else {
      accounts = [json]
    }
    return accounts.enumerated().map { index, account in
      let location = accounts.count == 1 ? "the account" : "account \(index + 1)"
      guard let shared = account["shared_secret"]?.stringValue, var secret = Base64.decode(shared, canonical: false),
        !secret.isEmpty
      else { return ImportItem(location, .failure(.entry("shared_secret is missing or not base64"))) }
      defer { wipe(&secret) }
      return ImportItem(
        location,
        EntryBuilder.account(
          kind: "steam", issuer: "Steam", name: account["account_name"]?.stringValue ?? "",
          base32Secret: Base32.encode(SecretBytes(secret)), algorithm: nil, digits: nil, period: nil, counter: nil))
    }
  }

  static func matches(_ json: JSON) -> Bool {
    if json["shared_secret"] != nil { return true }
    if case .object(let members)? = json["accounts"] { return members.first?.1["shared_secret"] != nil }
    return false
  }
}
