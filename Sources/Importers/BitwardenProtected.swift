import CryptoPrimitives
import JSONCodec

/// Bitwarden's password-protected JSON export: `{"encrypted": true, "passwordProtected": true,
/// "salt", "kdfType" (0 PBKDF2-SHA256, 1 Argon2id), "kdfIterations", "kdfMemory" (MiB),
/// "kdfParallelism", "encKeyValidation_DO_NOT_EDIT", "data"}`. The password and the salt give a
/// 32-byte key (PBKDF2-SHA256 over the salt's UTF-8 bytes; or Argon2id over the SHA-256 of
/// them), stretched with HKDF-Expand-SHA-256 into an encryption key (info "enc") and a MAC key
/// (info "mac"). `data` and the validation string are Bitwarden's type-2 strings,
/// `2.IV|CIPHERTEXT|MAC` in base64: AES-256-CBC, and HMAC-SHA-256 of IV and ciphertext, checked
/// in constant time before anything is decrypted. The plaintext is the unencrypted export.
enum BitwardenProtected {
  static func open(_ json: JSON, password: SecretBytes, budget: KDFBudget) throws(ImportError) -> JSON {
    guard let salt = json["salt"]?.stringValue, let kind = json["kdfType"]?.int64Value,
      let iterations = json["kdfIterations"]?.int64Value.flatMap({ Int(exactly: $0) }),
      let validation = json["encKeyValidation_DO_NOT_EDIT"]?.stringValue, let data = json["data"]?.stringValue
    else { throw .malformed("the password-protected Bitwarden export lacks its salt, key derivation or data") }
    let key: SecretBytes
    switch kind {
    case 0:
      key = try Sealed.pbkdf2(password, salt: Array(salt.utf8), iterations: iterations, digest: .sha256, budget: budget)
    case 1:
      guard let memory = json["kdfMemory"]?.int64Value.flatMap({ Int(exactly: $0) }), memory > 0, memory <= 1 << 20,
        let lanes = json["kdfParallelism"]?.int64Value.flatMap({ Int(exactly: $0) })
      else { throw .malformed("the export's Argon2id parameters are missing or out of range") }
      let saltHash: SecretBytes
      do { saltHash = try Digest.sha256(SecretBytes(Array(salt.utf8))) } catch { throw .malformed("\(error)") }
      key = try Sealed.argon2id(
        password, salt: saltHash.copiedBytes(), passes: iterations, memoryKiB: memory * 1024, lanes: lanes, budget: budget)
    default:
      throw .malformed("the export uses key derivation type \(kind), which Otter does not know")
    }
    let encryption = try expand(key, "enc")
    let authentication = try expand(key, "mac")
    // The validation string opens only with the right password: a MAC that fails is that.
    _ = try decrypt(validation, encryption: encryption, authentication: authentication)
    let plaintext = try decrypt(
      data, encryption: encryption, authentication: authentication,
      wrongIs: .malformed("the data's MAC does not match; the file was altered"))
    var bytes = plaintext.copiedBytes()
    defer { wipe(&bytes) }
    do { return try JSON.parse(bytes) } catch { throw .malformed("the decrypted Bitwarden export is not JSON") }
  }

  /// HKDF-Expand with SHA-256 of `key` for `info`, one 32-byte block (RFC 5869 §2.3).
  static func expand(_ key: SecretBytes, _ info: String) throws(ImportError) -> SecretBytes {
    do {
      var block = try referenceHMAC(algorithm: .sha256, key: key, message: Array(info.utf8) + [1])
      defer { wipe(&block) }
      return SecretBytes(Array(block.prefix(32)))
    } catch {
      throw .malformed("the key could not be stretched: \(error)")
    }
  }

  /// The plaintext of a type-2 string, after its MAC is checked.
  static func decrypt(
    _ text: String, encryption: SecretBytes, authentication: SecretBytes, wrongIs failure: ImportError = .wrongPassword
  ) throws(ImportError) -> SecretBytes {
    guard text.hasPrefix("2.") else { throw .malformed("an encrypted string is not of Bitwarden's type 2 (AES-CBC with HMAC)") }
    let parts = text.dropFirst(2).split(separator: "|", omittingEmptySubsequences: false)
    guard parts.count == 3 else { throw .malformed("an encrypted string lacks its IV, data or MAC") }
    let iv = try Sealed.base64(String(parts[0]), "the IV")
    let ciphertext = try Sealed.base64(String(parts[1]), "the data")
    let mac = try Sealed.base64(String(parts[2]), "the MAC")
    guard iv.count == 16, mac.count == 32 else { throw .malformed("an encrypted string's IV or MAC has the wrong length") }
    let computed: [UInt8]
    do { computed = try referenceHMAC(algorithm: .sha256, key: authentication, message: iv + ciphertext) } catch {
      throw .malformed("\(error)")
    }
    guard SecretBytes(Array(computed.prefix(32))).constantTimeEquals(SecretBytes(mac)) else { throw failure }
    do { return try AESCBC.decrypt(ciphertext[...], key: encryption, iv: iv) } catch {
      throw .malformed("the data cannot be decrypted: \(error)")
    }
  }
}
