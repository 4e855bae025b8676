import CryptoPrimitives
import JSONCodec
import OTPCore

/// 2FAS's `.2fas` backup: `services`, each with `secret` and an `otp` object; or, when the backup
/// has a password (2FAS's default), `servicesEncrypted`: `base64(ciphertext ‖ tag):base64(salt):
/// base64(iv)`, AES-256-GCM under PBKDF2-HMAC-SHA256(password, salt, 10,000 iterations), whose
/// plaintext is the services list.
public enum TwoFASImporter {
  /// 2FAS's fixed PBKDF2 iteration count.
  static let iterations = 10_000

  /// Whether `bytes` are an encrypted 2FAS backup (a password is needed).
  public static func isEncrypted(_ bytes: [UInt8]) -> Bool {
    guard let json = try? JSON.parse(bytes) else { return false }
    return json["servicesEncrypted"]?.stringValue?.isEmpty == false
  }

  public static func read(_ bytes: [UInt8], password: SecretBytes? = nil, budget: KDFBudget = .default) throws(ImportError)
    -> [ImportItem]
  {
    let json = try EntryBuilder.parse(bytes, format: "2FAS")
    guard let version = json["schemaVersion"]?.int64Value, (1...4).contains(version) else {
      let shown = json["schemaVersion"].map { Sanitizer.quoted($0.text(), limit: 20) } ?? "none"
      throw .malformed(
        "this 2FAS backup has schema version \(shown); Otter reads versions 1 to 4 (export it again from a current 2FAS)")
    }
    if let sealed = json["servicesEncrypted"]?.stringValue, !sealed.isEmpty {
      return items(try decrypt(sealed, password: try Sealed.require(password), budget: budget))
    }
    guard let services = json["services"]?.arrayValue else { throw .malformed("a 2FAS backup has a services list") }
    return items(services)
  }

  /// The services list inside `servicesEncrypted`.
  static func decrypt(_ sealed: String, password: SecretBytes, budget: KDFBudget) throws(ImportError) -> [JSON] {
    let parts = sealed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    guard parts.count >= 3 else { throw .malformed("servicesEncrypted has \(parts.count) parts; 2FAS writes data:salt:iv") }
    let data = try Sealed.base64(parts[0], "the encrypted services")
    let salt = try Sealed.base64(parts[1], "the salt")
    let iv = try Sealed.base64(parts[2], "the IV")
    let key = try Sealed.pbkdf2(password, salt: salt, iterations: iterations, digest: .sha256, budget: budget)
    var plaintext = Sealed.bytes(try Sealed.openGCM(data[...], key: key, nonce: iv))
    defer { wipe(&plaintext) }
    guard let services = try? JSON.parse(plaintext).arrayValue else {
      throw .malformed("the decrypted 2FAS services are not a JSON list")
    }
    return services
  }

  static func items(_ services: [JSON]) -> [ImportItem] {
    services.enumerated().map { index, service in
      guard let secret = service["secret"]?.stringValue, let otp = service["otp"] else {
        return ImportItem("service \(index + 1)", .failure(.entry("the service lacks secret or otp")))
      }
      // 2FAS writes "" for an issuer it has none for: the service's name is the issuer then.
      let given = otp["issuer"]?.stringValue ?? ""
      let issuer = given.isEmpty ? service["name"]?.stringValue ?? "" : given
      let name = otp["account"]?.stringValue ?? otp["label"]?.stringValue ?? ""
      return ImportItem(
        "service \(index + 1)",
        EntryBuilder.account(
          kind: otp["tokenType"]?.stringValue ?? "TOTP", issuer: issuer, name: name, base32Secret: secret,
          algorithm: otp["algorithm"]?.stringValue, digits: otp["digits"]?.int64Value, period: otp["period"]?.int64Value,
          counter: otp["counter"]?.int64Value.flatMap { UInt64(exactly: $0) }))
    }
  }
}
