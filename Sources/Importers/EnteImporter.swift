import CryptoPrimitives
import JSONCodec
import OTPCore

/// ente Auth's encrypted export: `{"version": 1, "kdfParams": {"memLimit", "opsLimit", "salt"},
/// "encryptedData", "encryptionNonce"}`. The key is Argon2id (one lane, `opsLimit` passes over
/// `memLimit` bytes) of the password; the data is one XChaCha20-Poly1305 secretstream message
/// whose header is `encryptionNonce`; the plaintext is otpauth URIs, one per line (the same as
/// ente's plain export, which imports as a URI list).
public enum EnteImporter {
  public static func read(_ bytes: [UInt8], password: SecretBytes? = nil, budget: KDFBudget = .default) throws(ImportError)
    -> [ImportItem]
  {
    let json = try EntryBuilder.parse(bytes, format: "ente Auth")
    guard let version = json["version"]?.int64Value else { throw .malformed("an ente Auth export has a version") }
    guard version == 1 else {
      throw .malformed("this ente Auth export has version \(version); Otter reads version 1 (export it again, or plain)")
    }
    guard let parameters = json["kdfParams"], let memory = parameters["memLimit"]?.int64Value,
      let passes = parameters["opsLimit"]?.int64Value, memory > 0, passes > 0
    else { throw .malformed("the ente Auth export lacks its key derivation parameters") }
    let salt = try Sealed.base64(parameters["salt"]?.stringValue, "the salt")
    let data = try Sealed.base64(json["encryptedData"]?.stringValue, "encryptedData")
    let header = try Sealed.base64(json["encryptionNonce"]?.stringValue, "encryptionNonce")
    guard let memoryKiB = Int(exactly: memory / 1024), let passCount = Int(exactly: passes) else {
      throw .malformed("the ente Auth export's key derivation parameters are out of range")
    }
    let key = try Sealed.argon2id(
      try Sealed.require(password), salt: salt, passes: passCount, memoryKiB: memoryKiB, lanes: 1, budget: budget)
    let plaintext: SecretBytes
    do { plaintext = try XChaCha20SecretStream.openSingleMessage(data, header: header, key: key) } catch .authenticationFailed {
      throw .wrongPassword
    } catch {
      throw .malformed("the encrypted data cannot be opened: \(error)")
    }
    var text = Sealed.bytes(plaintext)
    defer { wipe(&text) }
    return URIListImporter.read(text)
  }

  /// Whether `json` is an ente Auth encrypted export.
  static func matches(_ json: JSON) -> Bool { json["kdfParams"] != nil && json["encryptedData"] != nil }
}
