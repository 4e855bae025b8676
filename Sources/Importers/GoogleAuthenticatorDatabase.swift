import CryptoPrimitives
import OTPCore
import SQLiteTables

/// Google Authenticator's own database (`databases` in the app's data folder, pulled from a
/// rooted phone): table `accounts` with `email` ("Issuer:name" in older versions), `secret`
/// (base32), `counter`, `type` (0 TOTP, 1 HOTP), `issuer` and, in some versions,
/// `isencrypted`. Google's app has one algorithm (SHA-1), six digits and 30 s.
public enum GoogleAuthenticatorDatabase {
  static let columns = ["email", "secret", "counter", "type", "issuer", "isencrypted"]

  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    let rows: [[String: SQLiteValue]]
    do { rows = try SQLiteDatabase(bytes).rows(of: "accounts", columns: columns) } catch { throw .malformed("\(error)") }
    return rows.enumerated().map { index, row in
      ImportItem("row \(index + 1)", account(row))
    }
  }

  static func account(_ row: [String: SQLiteValue]) -> Result<ImportedAccount, ImportError> {
    guard let secret = row["secret"]?.text, let type = row["type"]?.integer else {
      return .failure(.entry("the row lacks secret or type"))
    }
    if let encrypted = row["isencrypted"]?.integer, encrypted != 0 {
      return .failure(
        .entry("the secret is encrypted with a key kept in the phone's keystore; export a transfer QR code instead"))
    }
    let label = row["email"]?.text ?? ""
    var issuer = row["issuer"]?.text ?? ""
    var name = label
    let parts = label.split(separator: ":", omittingEmptySubsequences: false)
    if parts.count == 2 {
      name = String(parts[1])
      if issuer.isEmpty { issuer = String(parts[0]) }
    }
    let kind: String
    switch type {
    case 0: kind = "totp"
    case 1: kind = "hotp"
    default: return .failure(.entry("unsupported type \(type)"))
    }
    let counter = row["counter"]?.integer.flatMap { UInt64(exactly: $0) } ?? 0
    return EntryBuilder.account(
      kind: kind, issuer: issuer, name: name, base32Secret: secret, algorithm: nil, digits: nil, period: nil,
      counter: counter)
  }

}
