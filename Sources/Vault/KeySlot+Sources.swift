import CryptoPrimitives
import FoundationEssentials
import JSONCodec
import OTPCore

/// The kinds of key slot: what gives the key-encryption key.
public enum SlotKind: String, Sendable, CaseIterable {
  /// scrypt of the password (`KeySlot.wrap(masterKey:password:…)`).
  case password
  /// A random 32-byte key kept in the desktop keyring (the Secret Service).
  case keyring
  /// A signature by a key the ssh-agent holds (Ed25519 or RSA with `rsa-sha2-512`).
  case sshKey = "ssh-key"
  /// A random key sealed to the machine's TPM 2.0, optionally behind a PIN.
  case tpm2
  /// hmac-secret(salt) of a FIDO2 security key's credential: a touch, and its PIN if set so.
  case fido2

  /// The members this kind has beyond the common ones, each a string.
  var bindingMembers: [String] {
    switch self {
    case .password, .keyring: []
    case .sshKey: ["fingerprint", "keyType"]
    case .tpm2: ["pin", "private", "public"]
    case .fido2: ["credential", "pin"]
    }
  }
}

/// Slots whose key-encryption key comes from another component (the keyring, the ssh-agent):
/// the component gives a secret, and the key-encryption key is
/// `HKDF-SHA-256(secret, salt, "otter/slot/v1|<type>|<vault>|<id>")`.
///
/// The JSON of such a slot is its members in alphabetical order: `added`, the kind's own
/// members, `id`, `nonce`, `salt`, `tag`, `type`, `wrappedKey`. The wrap's associated data is
/// `otter/keyslot/v2|<vault>|` followed by that JSON without `nonce`, `tag` and `wrappedKey`, so
/// no member can be changed without the unwrap failing (and the whole file's check failing too).
extension KeySlot {
  /// The largest value of a kind's own member (an ssh fingerprint is 50 bytes).
  static let maximumBindingLength = 4096

  /// A new slot of `kind` (not password) wrapping `masterKey` under a key derived from `secret`.
  ///
  /// - Parameters:
  ///   - id: the slot's id (8 lower-case hex digits; `newID()` draws one).
  ///   - binding: the kind's own members (an ssh-key slot's fingerprint and key type).
  ///   - salt: the HKDF salt; nil draws 32 random bytes. An ssh-key slot's challenge is made from
  ///     its salt, so the salt is drawn before the agent is asked to sign.
  public static func wrap(
    masterKey: SecretBytes, kind: SlotKind, secret: SecretBytes, vaultID: UUID, id: String, added: UInt64,
    binding: [String: String] = [:], salt: [UInt8]? = nil
  ) throws(VaultError) -> KeySlot {
    precondition(kind != .password, "a password slot is wrapped with its password")
    do {
      let saltBytes = try salt ?? randomBytes(count: 32)
      var slot = KeySlot(
        type: kind.rawValue, kdf: "", logN: 0, r: 0, p: 0, salt: Base64.encode(saltBytes), nonce: "", wrappedKey: "",
        tag: "")
      slot.id = id
      slot.added = added
      slot.binding = binding
      try slot.seal(masterKey: masterKey, secret: secret, vaultID: vaultID)
      return slot
    } catch let error as VaultError {
      throw error
    } catch let error as CryptoError {
      throw .crypto(error)
    } catch {
      throw .damaged("\(error)")
    }
  }

  /// The same slot wrapping another master key (after `otter passwd`), with a new nonce; the
  /// id, salt, binding and time added stay.
  public func rewrapped(masterKey: SecretBytes, secret: SecretBytes, vaultID: UUID) throws(VaultError) -> KeySlot {
    var slot = self
    try slot.seal(masterKey: masterKey, secret: secret, vaultID: vaultID)
    return slot
  }

  private mutating func seal(masterKey: SecretBytes, secret: SecretBytes, vaultID: UUID) throws(VaultError) {
    do {
      let nonceBytes = try randomBytes(count: AESGCM.nonceSize)
      let kek = try keyEncryptionKey(secret: secret, vaultID: vaultID)
      let sealed = try AESGCM.seal(masterKey, key: kek, nonce: nonceBytes, aad: sourceAssociatedData(vaultID: vaultID))
      nonce = Base64.encode(nonceBytes)
      wrappedKey = Base64.encode(sealed.ciphertext)
      tag = Base64.encode(sealed.tag)
    } catch {
      throw .crypto(error)
    }
  }

  /// The master key, if `secret` (what the slot's component gave) opens this slot.
  ///
  /// - Throws: `VaultError.authenticationFailed` when the secret is another one (another
  ///   keyring's key, another ssh key) or the slot was altered.
  public func unwrap(secret: SecretBytes, vaultID: UUID) throws(VaultError) -> SecretBytes {
    try validate()
    do {
      let kek = try keyEncryptionKey(secret: secret, vaultID: vaultID)
      return try AESGCM.open(
        AESGCM.Sealed(ciphertext: Base64.decode(wrappedKey) ?? [], tag: Base64.decode(tag) ?? []), key: kek,
        nonce: Base64.decode(nonce) ?? [], aad: sourceAssociatedData(vaultID: vaultID))
    } catch .authenticationFailed {
      throw .authenticationFailed
    } catch {
      throw .crypto(error)
    }
  }

  /// The order unlocking tries slots in: those that need nothing from the user first
  /// (keyring, ssh-key, a TPM without PIN), then those that ask a PIN, then the password.
  public var unlockRank: Int {
    switch kind {
    case .keyring?: 0
    case .sshKey?: 1
    case .tpm2?: needsPIN ? 3 : 2
    case .fido2?: 3
    case .password?, nil: 9
    }
  }

  /// Whether a tpm2 slot's secret is sealed behind a PIN, or a fido2 slot's credential was
  /// made and is asked with the key's PIN.
  public var needsPIN: Bool { binding["pin"] == "yes" }

  /// The salt's bytes (for an ssh-key slot's challenge).
  public var saltBytes: [UInt8] { Base64.decode(salt) ?? [] }

  /// A new slot id: 8 random lower-case hex digits.
  public static func newID() throws(VaultError) -> String {
    do { return Hex.encode(try randomBytes(count: 4)) } catch { throw .crypto(error) }
  }

  private func keyEncryptionKey(secret: SecretBytes, vaultID: UUID) throws(CryptoError) -> SecretBytes {
    try HKDF.sha256(
      key: secret, salt: saltBytes, info: Array("otter/slot/v1|\(type)|\(vaultID.lowercasedText)|\(id ?? "")".utf8))
  }

  private func sourceAssociatedData(vaultID: UUID) -> [UInt8] {
    Array("otter/keyslot/v2|\(vaultID.lowercasedText)|".utf8) + sourceJSON(including: false).serialized()
  }

  /// The slot's JSON, members sorted by name; without the wrap's own members for the
  /// associated data.
  func sourceJSON(including wrap: Bool) -> JSON {
    var members: [(String, JSON)] = [
      ("added", .integer(added ?? 0)), ("id", .string(id ?? "")), ("salt", .string(salt)), ("type", .string(type)),
    ]
    if wrap { members += [("nonce", .string(nonce)), ("tag", .string(tag)), ("wrappedKey", .string(wrappedKey))] }
    members += binding.map { ($0.key, JSON.string($0.value)) }
    return .object(members.sorted { $0.0 < $1.0 })
  }

  /// A slot of another kind than password, read from `value`; an unknown kind is kept whole.
  init?(sourceSlot value: JSON, type: String) {
    guard let kind = SlotKind(rawValue: type) else {
      guard case .object = value else { return nil }
      self.init(type: type, kdf: "", logN: 0, r: 0, p: 0, salt: "", nonce: "", wrappedKey: "", tag: "")
      unknown = value
      return
    }
    guard case .object(let members) = value, let salt = value["salt"]?.stringValue,
      let nonce = value["nonce"]?.stringValue, let wrappedKey = value["wrappedKey"]?.stringValue,
      let tag = value["tag"]?.stringValue, let id = value["id"]?.stringValue,
      case .number(let addedText)? = value["added"], let added = UInt64(addedText)
    else { return nil }
    self.init(type: type, kdf: "", logN: 0, r: 0, p: 0, salt: salt, nonce: nonce, wrappedKey: wrappedKey, tag: tag)
    self.id = id
    self.added = added
    for name in kind.bindingMembers {
      guard let text = value[name]?.stringValue else { return nil }
      binding[name] = text
    }
    // Members this kind does not have make the slot malformed (the strict check below).
    let known = Set(["added", "id", "nonce", "salt", "tag", "type", "wrappedKey"] + kind.bindingMembers)
    guard members.allSatisfy({ known.contains($0.0) }) else { return nil }
  }

  /// Checks a slot of another kind: canonical base64 of the right lengths, an id of 8 hex
  /// digits, a plausible time, and the kind's own members.
  func validateSourceSlot() throws(VaultError) {
    guard let kind else { return }
    guard let id, id.utf8.count == 8, id.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
      throw .damaged("a \(type) key slot has a malformed id")
    }
    guard let added, added < 1 << 53 else { throw .damaged("a \(type) key slot has a malformed time") }
    guard let saltBytes = Base64.decode(salt), let nonceBytes = Base64.decode(nonce),
      let wrapped = Base64.decode(wrappedKey), let tagBytes = Base64.decode(tag)
    else { throw .damaged("key slot field is not valid base64") }
    guard nonceBytes.count == AESGCM.nonceSize, wrapped.count == AESGCM.keySize, saltBytes.count == 32,
      tagBytes.count == AESGCM.tagSize
    else { throw .damaged("key slot has wrong field lengths") }
    for name in kind.bindingMembers {
      guard let value = binding[name], !value.isEmpty, value.utf8.count <= Self.maximumBindingLength else {
        throw .damaged("a \(type) key slot has a malformed \(name)")
      }
    }
    if kind == .sshKey {
      guard let fingerprint = binding["fingerprint"], fingerprint.hasPrefix("SHA256:"), fingerprint.utf8.count == 50,
        let keyType = binding["keyType"], ["ssh-ed25519", "ssh-rsa"].contains(keyType)
      else { throw .damaged("an ssh-key key slot names no usable key") }
    }
    if kind == .tpm2 {
      guard ["yes", "no"].contains(binding["pin"] ?? ""),
        let privateBlob = Base64.decode(binding["private"] ?? ""), (1...1024).contains(privateBlob.count),
        let publicBlob = Base64.decode(binding["public"] ?? ""), (1...1024).contains(publicBlob.count)
      else { throw .damaged("a tpm2 key slot's sealed blobs are malformed") }
    }
    if kind == .fido2 {
      guard ["yes", "no"].contains(binding["pin"] ?? ""),
        let credential = Base64.decode(binding["credential"] ?? ""), (1...1024).contains(credential.count)
      else { throw .damaged("a fido2 key slot's credential is malformed") }
    }
  }
}
