import CryptoPrimitives
import JSONCodec
import OTPCore

/// FreeOTP 2's encrypted backup. The Backup menu writes `externalBackup.xml`, which despite its
/// name is a Java-serialized map (`JavaSerializedMap`) of the app's `tokenBackup` preferences;
/// the same map pulled from a phone is `shared_prefs/tokenBackup.xml`, Android's preferences XML.
/// Either way it holds:
/// - `masterKey`: Gson's JSON of `MasterKey`: `mAlgorithm` (`PBKDF2withHmacSHA512`, or
///   `…SHA1` on older phones), `mIterations`, `mSalt` (32 bytes) and `mEncryptedKey`;
/// - per token, `UUID`: `{"key": "<Gson's JSON of EncryptedKey>"}` and `UUID-token`: the
///   token's fields (`FreeOTPImporter.item`).
///
/// An `EncryptedKey` is `mCipher` (`AES/GCM/NoPadding`), `mCipherText` (ciphertext and tag),
/// `mParameters` (the DER of GCMParameters: the nonce, and the tag length when not 12) and
/// `mToken`, the wrapped key's algorithm name (`AES`, `HmacSHA1`…), which is also the AAD. The
/// password through PBKDF2 (as many bytes as the salt) opens the master key; the master key
/// opens each token's HMAC secret. Byte arrays are Gson's lists of signed numbers.
enum FreeOTPBackup {
  /// A serialized map, or a preferences file holding a `masterKey`.
  static func matches(_ bytes: [UInt8]) -> Bool {
    JavaSerializedMap.matches(bytes)
      || (AndroidPreferences.matches(bytes) && String(decoding: bytes, as: UTF8.self).contains("name=\"masterKey\""))
  }

  static func read(_ bytes: [UInt8], password: SecretBytes?, budget: KDFBudget) throws(ImportError) -> [ImportItem] {
    let entries: [(key: String, value: String)] =
      JavaSerializedMap.matches(bytes)
      ? try JavaSerializedMap(bytes).entries
      : try AndroidPreferences.strings(bytes).map { (key: $0.name, value: $0.value) }
    guard let masterText = entries.first(where: { $0.key == "masterKey" })?.value else {
      throw .malformed("the FreeOTP backup holds no masterKey")
    }
    let master = try masterKey(try json(masterText, "the master key"), password: try Sealed.require(password), budget: budget)
    var details: [String: String] = [:]
    for (key, value) in entries where key.hasSuffix("-token") { details[String(key.dropLast(6)), default: value] = value }

    var items: [ImportItem] = []
    var opened: Set<String> = []
    for (key, value) in entries where key != "masterKey" && !key.hasSuffix("-token") {
      let location = "token \(items.count + 1)"
      opened.insert(key)
      guard let tokenText = details[key] else {
        items.append(ImportItem(location, .failure(.entry("the backup holds a key without its token's details"))))
        continue
      }
      do {
        let wrapper = try json(value, "a token's key")
        let keyObject: JSON =
          if let text = wrapper["key"]?.stringValue { try json(text, "a token's key") } else { wrapper["key"] ?? .null }
        let secret = try open(keyObject, with: master, wrongIs: .entry("the token's key does not open with the master key"))
        items.append(FreeOTPImporter.item(try json(tokenText, "a token"), secret: secret, location: location))
      } catch {
        items.append(ImportItem(location, .failure(error.entryLevel)))
      }
    }
    for (key, _) in entries where key.hasSuffix("-token") && !opened.contains(String(key.dropLast(6))) {
      items.append(ImportItem("token \(items.count + 1)", .failure(.entry("the backup holds a token without its key"))))
    }
    return items
  }

  /// The master key: PBKDF2 of the password, then AES-GCM.
  static func masterKey(_ object: JSON, password: SecretBytes, budget: KDFBudget) throws(ImportError) -> SecretBytes {
    guard let algorithm = object["mAlgorithm"]?.stringValue,
      let iterations = object["mIterations"]?.int64Value.flatMap({ Int(exactly: $0) }),
      let encrypted = object["mEncryptedKey"]
    else { throw .malformed("the FreeOTP master key lacks its algorithm, iterations or key") }
    let salt = try byteArray(object["mSalt"], "the master key's salt")
    let digest: DigestAlgorithm
    switch algorithm.lowercased() {
    case "pbkdf2withhmacsha512": digest = .sha512
    case "pbkdf2withhmacsha1": digest = .sha1
    default: throw .malformed("the master key uses \(Sanitizer.quoted(algorithm, limit: 40)), which Otter does not know")
    }
    guard salt.count == 32 else { throw .malformed("the master key's salt is \(salt.count) bytes; FreeOTP writes 32") }
    let key = try Sealed.pbkdf2(password, salt: salt, iterations: iterations, digest: digest, budget: budget, length: 32)
    return try open(encrypted, with: key, wrongIs: .wrongPassword)
  }

  /// The key an `EncryptedKey` wraps.
  static func open(_ object: JSON, with key: SecretBytes, wrongIs failure: ImportError) throws(ImportError) -> SecretBytes {
    guard let cipher = object["mCipher"]?.stringValue, let token = object["mToken"]?.stringValue else {
      throw .malformed("an encrypted key lacks its cipher or algorithm")
    }
    guard cipher == "AES/GCM/NoPadding" else {
      throw .malformed("an encrypted key uses \(Sanitizer.quoted(cipher, limit: 40)), which Otter does not know")
    }
    let sealed = try byteArray(object["mCipherText"], "an encrypted key")
    let (nonce, tagSize) = try gcmParameters(try byteArray(object["mParameters"], "an encrypted key's parameters"))
    guard tagSize == AESGCM.tagSize, nonce.count == AESGCM.nonceSize, sealed.count >= tagSize else {
      throw .malformed("an encrypted key has a \(nonce.count)-byte nonce and a \(tagSize)-byte tag; Otter reads 12 and 16")
    }
    let split = sealed.count - tagSize
    do {
      return try AESGCM.open(
        AESGCM.Sealed(ciphertext: Array(sealed[..<split]), tag: Array(sealed[split...])), key: key, nonce: nonce,
        aad: Array(token.utf8))
    } catch CryptoError.authenticationFailed {
      throw failure
    } catch {
      throw .malformed("an encrypted key cannot be opened: \(error)")
    }
  }

  /// RFC 5084's `GCMParameters ::= SEQUENCE { nonce OCTET STRING, icvLen INTEGER DEFAULT 12 }`
  /// in DER, or the nonce's OCTET STRING alone.
  static func gcmParameters(_ der: [UInt8]) throws(ImportError) -> (nonce: [UInt8], tagSize: Int) {
    var position = 0
    func element(_ tag: UInt8) throws(ImportError) -> ArraySlice<UInt8> {
      guard position + 2 <= der.count, der[position] == tag, der[position + 1] < 0x80 else {
        throw .malformed("an encrypted key's GCM parameters are not DER Otter can read")
      }
      let length = Int(der[position + 1])
      guard position + 2 + length <= der.count else { throw .malformed("an encrypted key's GCM parameters are cut short") }
      defer { position += 2 + length }
      return der[position + 2..<position + 2 + length]
    }
    if der.first == 0x04 { return (Array(try element(0x04)), 12) }
    let sequence = try element(0x30)
    guard sequence.endIndex == der.count else { throw .malformed("an encrypted key's GCM parameters run on") }
    position = sequence.startIndex
    let nonce = Array(try element(0x04))
    guard position < der.count else { return (nonce, 12) }
    let length = try element(0x02)
    guard length.count == 1, position == der.count else {
      throw .malformed("an encrypted key's GCM tag length is not DER Otter can read")
    }
    return (nonce, Int(length.first ?? 0))
  }

  /// Gson's byte array: a list of numbers from -128 to 255 (or, from other writers, base64).
  static func byteArray(_ value: JSON?, _ what: String) throws(ImportError) -> [UInt8] {
    if let text = value?.stringValue { return try Sealed.base64(text, what) }
    guard let values = value?.arrayValue else { throw .malformed("\(what) is missing") }
    guard let bytes = FreeOTPImporter.bytes(values) else { throw .malformed("\(what) holds a value that is not a byte") }
    return bytes
  }

  static func json(_ text: String, _ what: String) throws(ImportError) -> JSON {
    do { return try JSON.parse(Array(text.utf8)) } catch { throw .malformed("\(what) in the FreeOTP backup is not JSON") }
  }
}

extension ImportError {
  /// The error as one entry's failure: a problem inside one token stays with that token.
  var entryLevel: ImportError {
    switch self {
    case .entry: self
    default: .entry(description)
    }
  }
}
