import CryptoPrimitives
import OTPCore
import SQLiteTables

/// Microsoft Authenticator's database (`PhoneFactor` in the app's data folder, pulled from a
/// rooted phone): table `accounts` with `name` (the issuer), `username`, `oath_secret_key`
/// and `account_type`: 0 is a standard TOTP account (base32 secret, six digits), 1 a
/// Microsoft personal account (base64 secret, eight digits). Other types are sign-in
/// approvals by notification and hold no code secret: they are left out, as Aegis does.
public enum MicrosoftAuthenticatorDatabase {
  static let columns = ["name", "username", "oath_secret_key", "account_type", "encrypted_oath_secret_key"]

  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    let rows: [[String: SQLiteValue]]
    do { rows = try SQLiteDatabase(bytes).rows(of: "accounts", columns: columns) } catch { throw .malformed("\(error)") }
    return rows.enumerated().compactMap { index, row in
      guard let type = row["account_type"]?.integer, type == 0 || type == 1 else { return nil }
      return ImportItem("row \(index + 1)", account(row, type: type))
    }
  }

  static func account(_ row: [String: SQLiteValue], type: Int64) -> Result<ImportedAccount, ImportError> {
    let stored = row["oath_secret_key"]?.text ?? ""
    guard !stored.isEmpty else {
      if let encrypted = row["encrypted_oath_secret_key"]?.text, !encrypted.isEmpty {
        return .failure(.entry("the secret is encrypted with a key kept in the phone's keystore"))
      }
      return .failure(.entry("the row has no oath_secret_key"))
    }
    var base32 = stored
    if type == 1 {
      guard var bytes = Base64.decode(stored, canonical: false), !bytes.isEmpty else {
        return .failure(.entry("oath_secret_key is not base64"))
      }
      defer { wipe(&bytes) }
      base32 = Base32.encode(SecretBytes(bytes))
    }
    return EntryBuilder.account(
      kind: "totp", issuer: row["name"]?.text ?? "", name: row["username"]?.text ?? "", base32Secret: base32,
      algorithm: nil, digits: type == 1 ? 8 : 6, period: nil, counter: nil)
  }

}
