import CryptoPrimitives
import JSONCodec
import OTPCore

/// Authenticator Pro (Stratum) backups: the plain JSON (`Authenticators`, each with `Type`,
/// `Issuer`, `Username`, `Secret`, `Algorithm`, `Digits`, `Period`, `Counter`), or that JSON
/// encrypted. The current encrypted format is `AUTHENTICATORPRO`, a 16-byte salt, a 12-byte IV
/// and AES-256-GCM (ciphertext ‖ tag) under Argon2id (3 passes, 64 MiB, 4 lanes); the legacy
/// one is `AuthenticatorPro`, a 20-byte salt, a 16-byte IV and AES-256-CBC under
/// PBKDF2-HMAC-SHA1 (64,000 iterations).
public enum AuthenticatorProImporter {
  static let header = Array("AUTHENTICATORPRO".utf8)
  static let legacyHeader = Array("AuthenticatorPro".utf8)

  /// Whether `bytes` start with either encrypted header.
  public static func isEncrypted(_ bytes: [UInt8]) -> Bool {
    bytes.starts(with: header) || bytes.starts(with: legacyHeader)
  }

  public static func read(_ bytes: [UInt8], password: SecretBytes? = nil, budget: KDFBudget = .default) throws(ImportError)
    -> [ImportItem]
  {
    guard isEncrypted(bytes) else { return try items(EntryBuilder.parse(bytes, format: "Authenticator Pro")) }
    let password = try Sealed.require(password)
    var plaintext = Sealed.bytes(try decrypt(bytes, password: password, budget: budget))
    defer { wipe(&plaintext) }
    guard let json = try? JSON.parse(plaintext) else {
      // CBC authenticates nothing: a wrong password gives bytes that are not the JSON.
      throw bytes.starts(with: legacyHeader) ? .wrongPassword : .malformed("the decrypted Authenticator Pro backup is not JSON")
    }
    return try items(json)
  }

  static func decrypt(_ bytes: [UInt8], password: SecretBytes, budget: KDFBudget) throws(ImportError) -> SecretBytes {
    let body = bytes.dropFirst(header.count)
    if bytes.starts(with: header) {
      guard body.count >= 16 + 12 + 16 else { throw .malformed("the encrypted Authenticator Pro backup is cut short") }
      let salt = Array(body.prefix(16))
      let iv = Array(body.dropFirst(16).prefix(12))
      let key = try Sealed.argon2id(password, salt: salt, passes: 3, memoryKiB: 1 << 16, lanes: 4, budget: budget)
      return try Sealed.openGCM(body.dropFirst(28), key: key, nonce: iv)
    }
    guard body.count >= 20 + 16 + 16 else { throw .malformed("the encrypted Authenticator Pro backup is cut short") }
    let salt = Array(body.prefix(20))
    let iv = Array(body.dropFirst(20).prefix(16))
    let key = try Sealed.pbkdf2(password, salt: salt, iterations: 64_000, digest: .sha1, budget: budget)
    do { return try AESCBC.decrypt(body.dropFirst(36), key: key, iv: iv) } catch { throw .wrongPassword }
  }

  static func items(_ json: JSON) throws(ImportError) -> [ImportItem] {
    guard let entries = json["Authenticators"]?.arrayValue else {
      throw .malformed("an Authenticator Pro backup has an Authenticators list")
    }
    let algorithms = ["SHA1", "SHA256", "SHA512"]
    return entries.enumerated().map { index, entry in
      let location = "authenticator \(index + 1)"
      guard let type = entry["Type"]?.int64Value, let secret = entry["Secret"]?.stringValue else {
        return ImportItem(location, .failure(.entry("the entry lacks Type or Secret")))
      }
      let kind: String
      switch type {
      case 1: kind = "hotp"
      case 2: kind = "totp"
      case 4: kind = "steam"
      case 3: kind = "motp"
      case 5: kind = "yandex"
      default: return ImportItem(location, .failure(.entry("unsupported type \(type)")))
      }
      guard let algorithm = entry["Algorithm"]?.int64Value.flatMap({ Int(exactly: $0) }), algorithms.indices.contains(algorithm)
      else { return ImportItem(location, .failure(.entry("unsupported algorithm"))) }
      // Authenticator Pro keeps an mOTP secret as the hex text mOTP services show.
      var base32 = secret
      if kind == "motp", var bytes = Hex.decode(secret), !bytes.isEmpty {
        base32 = Base32.encode(SecretBytes(bytes))
        wipe(&bytes)
      }
      return ImportItem(
        location,
        EntryBuilder.account(
          kind: kind, issuer: entry["Issuer"]?.stringValue ?? "", name: entry["Username"]?.stringValue ?? "",
          base32Secret: base32, algorithm: algorithms[algorithm], digits: entry["Digits"]?.int64Value,
          period: entry["Period"]?.int64Value, counter: entry["Counter"]?.int64Value.flatMap { UInt64(exactly: $0) },
          pin: entry["Pin"]?.stringValue))
    }
  }
}
