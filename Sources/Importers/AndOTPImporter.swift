import CryptoPrimitives
import JSONCodec
import OTPCore

/// andOTP's backup: a JSON array of entries with `secret`, `issuer`, `label`, `type`, …; or the
/// encrypted `.json.aes`, that array sealed with AES-256-GCM. The current format starts with the
/// PBKDF2-HMAC-SHA1 iteration count (4 bytes, big-endian) and a 12-byte salt, then the 12-byte
/// nonce, the ciphertext and the 16-byte tag; the old one is the nonce, ciphertext and tag alone,
/// under SHA-256(password). Nothing in the file says which: the current format is tried first.
public enum AndOTPImporter {
  static let saltSize = 12
  static let nonceSize = 12

  /// Whether `bytes` are not JSON (so, for andOTP, an encrypted backup).
  public static func isEncrypted(_ bytes: [UInt8]) -> Bool { (try? JSON.parse(bytes)) == nil }

  /// Whether `bytes` look like a current encrypted andOTP backup: binary, starting with an
  /// iteration count andOTP could have chosen (it picks 140,000–160,000).
  public static func looksEncrypted(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 4 + saltSize + nonceSize + 16 + 2 else { return false }
    let iterations = bytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
    return (1_000...10_000_000).contains(iterations) && String(validating: bytes.prefix(64), as: UTF8.self) == nil
  }

  public static func read(_ bytes: [UInt8], password: SecretBytes? = nil, budget: KDFBudget = .default) throws(ImportError)
    -> [ImportItem]
  {
    if let json = try? JSON.parse(bytes) {
      guard let entries = json.arrayValue else { throw .malformed("an andOTP backup is a JSON array") }
      return items(entries)
    }
    let password = try Sealed.require(password)
    var plaintext = Sealed.bytes(try decrypt(bytes, password: password, budget: budget))
    defer { wipe(&plaintext) }
    guard let entries = try? JSON.parse(plaintext).arrayValue else {
      throw .malformed("the decrypted andOTP backup is not a JSON array")
    }
    return items(entries)
  }

  /// The plaintext of an encrypted backup: the current format, else the old one.
  static func decrypt(_ bytes: [UInt8], password: SecretBytes, budget: KDFBudget) throws(ImportError) -> SecretBytes {
    guard bytes.count >= nonceSize + 16 else { throw .malformed("the file is too short to be an encrypted andOTP backup") }
    let iterations = bytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
    // andOTP writes the count as a Java int, so a first byte of 0x80 or more is the random nonce
    // of the old format. A count over the budget may be one too: the old format is tried then,
    // and the budget named only if that does not open either.
    var overBudget: ImportError?
    if bytes.count >= 4 + saltSize + nonceSize + 16, iterations >= 1, iterations <= Int(Int32.max) {
      let salt = Array(bytes[4..<(4 + saltSize)])
      let nonce = Array(bytes[(4 + saltSize)..<(4 + saltSize + nonceSize)])
      do {
        let key = try Sealed.pbkdf2(password, salt: salt, iterations: iterations, digest: .sha1, budget: budget)
        return try Sealed.openGCM(bytes[(4 + saltSize + nonceSize)...], key: key, nonce: nonce)
      } catch .wrongPassword {
      } catch .overBudget(let error) {
        overBudget = .overBudget(error)
      }
    }
    let oldKey: SecretBytes
    do { oldKey = try Digest.sha256(password) } catch { throw .malformed("\(error)") }
    do { return try Sealed.openGCM(bytes[nonceSize...], key: oldKey, nonce: Array(bytes[..<nonceSize])) } catch .wrongPassword {
      throw overBudget ?? .wrongPassword
    }
  }

  static func items(_ entries: [JSON]) -> [ImportItem] {
    entries.enumerated().map { index, entry in
      guard let secret = entry["secret"]?.stringValue, let type = entry["type"]?.stringValue else {
        return ImportItem("entry \(index + 1)", .failure(.entry("the entry lacks secret or type")))
      }
      var issuer = entry["issuer"]?.stringValue ?? ""
      var name = entry["label"]?.stringValue ?? ""
      // Older andOTP versions keep "Issuer - name" or "Issuer:name" in the label alone, and
      // some wrote "Issuer - Issuer:name".
      if issuer.isEmpty, let dash = name.firstRange(of: " - ") {
        issuer = String(name[..<dash.lowerBound])
        name = String(name[dash.upperBound...])
        if name.hasPrefix(issuer + ":") { name = String(name.dropFirst(issuer.count + 1)) }
      } else if issuer.isEmpty, let colon = name.firstIndex(of: ":") {
        issuer = String(name[..<colon])
        name = String(name[name.index(after: colon)...]).trimmingCharacters()
      }
      let tags = entry["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
      return ImportItem(
        "entry \(index + 1)",
        EntryBuilder.account(
          kind: type, issuer: issuer, name: name, base32Secret: secret, algorithm: entry["algorithm"]?.stringValue,
          digits: entry["digits"]?.int64Value, period: entry["period"]?.int64Value,
          counter: entry["counter"]?.int64Value.flatMap { UInt64(exactly: $0) }, tags: tags))
    }
  }
}
