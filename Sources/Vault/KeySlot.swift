import CryptoPrimitives
import FoundationEssentials
import JSONCodec
import OTPCore

/// The master key wrapped under a key-encryption key: derived from the password (a password
/// slot), or from a secret another component gives (keyring, ssh-key: `KeySlot+Sources`).
///
/// A password slot's KDF is scrypt with the slot's own salt and cost; the wrap is AES-256-GCM
/// with a fresh nonce and, as associated data, the vault id and every KDF parameter, so
/// altering any of them makes the unwrap fail exactly as a wrong password does.
public struct KeySlot: Sendable, Equatable {
  public var type: String
  public var kdf: String
  public var logN: Int
  public var r: Int
  public var p: Int
  public var salt: String
  public var nonce: String
  public var wrappedKey: String
  public var tag: String
  /// The slot's own id (kinds other than password; a password slot's is derived: `slotID`).
  public var id: String?
  /// When the slot was added, Unix seconds (kinds other than password).
  public var added: UInt64?
  /// The members only this kind has (an ssh-key slot's fingerprint and key type), by name.
  public var binding: [String: String] = [:]
  /// A slot of a kind this Otter does not know (a newer one wrote it): kept byte for byte,
  /// never tried, and written back unchanged.
  public var unknown: JSON?

  public static let passwordType = "password"

  /// The slot's id as `otter slot list` shows it: its own, or for a password slot the first
  /// four bytes of its nonce in hex (it changes when the slot is written again).
  public var slotID: String {
    if let id { return id }
    if let unknown, let id = unknown["id"]?.stringValue { return Sanitizer.displayText(String(id.prefix(16))) }
    return Hex.encode((Base64.decode(nonce) ?? []).prefix(4))
  }

  /// The slot's kind, or nil for one this Otter does not know.
  public var kind: SlotKind? { unknown == nil ? SlotKind(rawValue: type) : nil }

  var parameters: ScryptParameters { ScryptParameters(logN: logN, r: r, p: p) }

  /// What deriving this slot's key costs, for the budget checked before any slot is tried.
  public var cost: KDFCost { .scrypt(parameters) }

  /// The associated data of the wrap: binds the slot to its vault and its KDF settings. The slot
  /// format is the same in file formats 1 and 2 ("v1" names the slot format), so a version-1
  /// vault's slot carries over to its first version-2 save without the password; in format 2
  /// the file's own check covers the slot bytes as well.
  static func associatedData(vaultID: UUID, kdf: String, parameters: ScryptParameters, salt: String) -> [UInt8] {
    Array(
      "otter/keyslot/v1|\(vaultID.lowercasedText)|\(kdf)|\(parameters.logN)|\(parameters.r)|\(parameters.p)|\(salt)".utf8)
  }

  /// Wraps `masterKey` under `password` with a new salt and nonce.
  static func wrap(
    masterKey: SecretBytes, password: SecretBytes, vaultID: UUID, cost: ScryptParameters, derive: KeyDerivation
  ) throws(VaultError) -> KeySlot {
    do {
      let salt = try randomBytes(count: 32)
      let nonce = try randomBytes(count: AESGCM.nonceSize)
      let saltText = Base64.encode(salt)
      let kek = try derive(password, salt, cost)
      let sealed = try AESGCM.seal(
        masterKey, key: kek, nonce: nonce,
        aad: associatedData(vaultID: vaultID, kdf: "scrypt", parameters: cost, salt: saltText))
      return KeySlot(
        type: passwordType, kdf: "scrypt", logN: cost.logN, r: cost.r, p: cost.p, salt: saltText,
        nonce: Base64.encode(nonce), wrappedKey: Base64.encode(sealed.ciphertext), tag: Base64.encode(sealed.tag))
    } catch let error as CryptoError {
      throw .crypto(error)
    } catch {
      throw .damaged("\(error)")
    }
  }

  /// Checks the slot's fields before any key is derived: a known KDF, a cost in range, and
  /// canonical base64 of the right lengths.
  ///
  /// - Throws: `VaultError.damaged` naming what is wrong.
  func validate() throws(VaultError) {
    if type != Self.passwordType { return try validateSourceSlot() }
    guard kdf == "scrypt" else { throw .damaged("key slot uses unknown KDF \"\(Sanitizer.quoted(kdf, limit: 20))\"") }
    do { try parameters.validate() } catch { throw .damaged("key slot \(error)") }
    guard let saltBytes = Base64.decode(salt), let nonceBytes = Base64.decode(nonce),
      let wrapped = Base64.decode(wrappedKey), let tagBytes = Base64.decode(tag)
    else { throw .damaged("key slot field is not valid base64") }
    guard nonceBytes.count == AESGCM.nonceSize, wrapped.count == AESGCM.keySize, saltBytes.count >= 16,
      tagBytes.count == AESGCM.tagSize
    else { throw .damaged("key slot has wrong field lengths") }
  }

  /// The master key, if `password` opens this slot (call `validate` first).
  ///
  /// - Throws: `VaultError.authenticationFailed` for a wrong password or an altered slot.
  func unwrap(password: SecretBytes, vaultID: UUID, derive: KeyDerivation) throws(VaultError) -> SecretBytes {
    try validate()
    let saltBytes = Base64.decode(salt) ?? []
    do {
      let kek = try derive(password, saltBytes, parameters)
      return try AESGCM.open(
        AESGCM.Sealed(ciphertext: Base64.decode(wrappedKey) ?? [], tag: Base64.decode(tag) ?? []), key: kek,
        nonce: Base64.decode(nonce) ?? [],
        aad: Self.associatedData(vaultID: vaultID, kdf: kdf, parameters: parameters, salt: salt))
    } catch CryptoError.authenticationFailed {
      throw .authenticationFailed
    } catch let error as CryptoError {
      throw .crypto(error)
    } catch {
      throw .damaged("\(error)")
    }
  }

  /// The slot as JSON, members in the order Otter writes them (alphabetical).
  var json: JSON {
    if let unknown { return unknown }
    if type != Self.passwordType { return sourceJSON(including: true) }
    return .object([
      ("kdf", .string(kdf)), ("logN", .integer(logN)), ("nonce", .string(nonce)), ("p", .integer(p)), ("r", .integer(r)),
      ("salt", .string(salt)), ("tag", .string(tag)), ("type", .string(type)), ("wrappedKey", .string(wrappedKey)),
    ])
  }

  /// The slot in `value`, reading the members by name (any order, others ignored), or nil when
  /// one is missing or of the wrong type.
  init?(_ value: JSON) {
    if let type = value["type"]?.stringValue, type != Self.passwordType {
      self.init(sourceSlot: value, type: type)
      return
    }
    guard let type = value["type"]?.stringValue, let kdf = value["kdf"]?.stringValue,
      let logN = value["logN"]?.int64Value.flatMap({ Int(exactly: $0) }),
      let r = value["r"]?.int64Value.flatMap({ Int(exactly: $0) }),
      let p = value["p"]?.int64Value.flatMap({ Int(exactly: $0) }), let salt = value["salt"]?.stringValue,
      let nonce = value["nonce"]?.stringValue, let wrappedKey = value["wrappedKey"]?.stringValue,
      let tag = value["tag"]?.stringValue
    else { return nil }
    self.init(type: type, kdf: kdf, logN: logN, r: r, p: p, salt: salt, nonce: nonce, wrappedKey: wrappedKey, tag: tag)
  }

  init(type: String, kdf: String, logN: Int, r: Int, p: Int, salt: String, nonce: String, wrappedKey: String, tag: String) {
    self.type = type
    self.kdf = kdf
    self.logN = logN
    self.r = r
    self.p = p
    self.salt = salt
    self.nonce = nonce
    self.wrappedKey = wrappedKey
    self.tag = tag
  }
}
