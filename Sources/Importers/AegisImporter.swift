import CryptoPrimitives
import Foundation
import JSONCodec
import OTPCore

/// Aegis exports (docs/vault.md of Aegis): plain, or encrypted with password slots (scrypt +
/// AES-256-GCM key wrap) and an AES-256-GCM database.
public enum AegisImporter {
  /// Whether `bytes` is an encrypted Aegis export (its header has slots).
  public static func isEncrypted(_ bytes: [UInt8]) -> Bool {
    guard let json = try? JSON.parse(bytes), let header = json["header"] else { return false }
    return header["slots"]?.arrayValue != nil
  }

  /// The accounts of an Aegis export; `password` is needed when it is encrypted.
  ///
  /// - Parameter derive: the key derivation for password slots (scrypt; the fuzzer's stand-in).
  /// - Throws: `ImportError.passwordRequired`, `.wrongPassword`, `.malformed` for the whole file.
  public static func read(_ bytes: [UInt8], password: SecretBytes?, derive: KeyDerivation = scryptDerivation)
    throws(ImportError) -> [ImportItem]
  {
    let json = try EntryBuilder.parse(bytes, format: "Aegis")
    guard let header = json["header"], let db = json["db"] else { throw .malformed("not an Aegis export: no header or db") }
    let database: JSON
    if let slots = header["slots"]?.arrayValue {
      guard let password else { throw .passwordRequired }
      guard let params = header["params"], let dbText = db.stringValue else { throw .malformed("the Aegis header has no params") }
      let masterKey = try unlock(slots: slots, password: password, derive: derive)
      guard let nonce = hex(params["nonce"]?.stringValue), let tag = hex(params["tag"]?.stringValue),
        let ciphertext = Data(base64Encoded: dbText)
      else { throw .malformed("the Aegis encrypted database is malformed") }
      let plaintext: SecretBytes
      do {
        plaintext = try AESGCM.open(AESGCM.Sealed(ciphertext: Array(ciphertext), tag: tag), key: masterKey, nonce: nonce, aad: [])
      } catch {
        throw .wrongPassword
      }
      var decrypted = plaintext.copiedBytes()
      defer { wipe(&decrypted) }
      database = try EntryBuilder.parse(decrypted, format: "Aegis database")
    } else {
      database = db
    }
    guard let entries = database["entries"]?.arrayValue else { throw .malformed("the Aegis database has no entries list") }
    return entries.enumerated().map { index, entry in ImportItem("entry \(index + 1)", account(from: entry)) }
  }

  /// The master key from the first password slot (type 1) the password opens; other slot
  /// types (raw, biometric) are skipped.
  static func unlock(slots: [JSON], password: SecretBytes, derive: KeyDerivation) throws(ImportError) -> SecretBytes {
    var sawPasswordSlot = false
    for slot in slots where slot["type"]?.int64Value == 1 {
      sawPasswordSlot = true
      guard let n = slot["n"]?.int64Value, let r = slot["r"]?.int64Value, let p = slot["p"]?.int64Value,
        let salt = hex(slot["salt"]?.stringValue), let key = hex(slot["key"]?.stringValue),
        let nonce = hex(slot["key_params"]?["nonce"]?.stringValue), let tag = hex(slot["key_params"]?["tag"]?.stringValue),
        n > 1, n & (n - 1) == 0
      else { throw .malformed("an Aegis password slot is malformed") }
      let parameters = ScryptParameters(logN: n.trailingZeroBitCount, r: Int(r), p: Int(p))
      do { try parameters.validate() } catch { throw .malformed("an Aegis password slot asks for \(error)") }
      do {
        let kek = try derive(password, salt, parameters)
        return try AESGCM.open(AESGCM.Sealed(ciphertext: key, tag: tag), key: kek, nonce: nonce, aad: [])
      } catch {
        continue
      }
    }
    if !sawPasswordSlot { throw .malformed("the Aegis export has no password slot") }
    throw .wrongPassword
  }

  static func account(from entry: JSON) -> Result<ImportedAccount, ImportError> {
    guard let type = entry["type"]?.stringValue, let info = entry["info"], let secret = info["secret"]?.stringValue else {
      return .failure(.entry("the entry lacks type, info or secret"))
    }
    let counter = info["counter"]?.int64Value.flatMap { UInt64(exactly: $0) }
    return EntryBuilder.account(
      kind: type, issuer: entry["issuer"]?.stringValue ?? "", name: entry["name"]?.stringValue ?? "", base32Secret: secret,
      algorithm: info["algo"]?.stringValue, digits: info["digits"]?.int64Value, period: info["period"]?.int64Value,
      counter: counter, note: entry["note"]?.stringValue ?? "", favourite: entry["favorite"]?.boolValue ?? false)
  }

  static func hex(_ text: String?) -> [UInt8]? { text.flatMap(Hex.decode) }
}
