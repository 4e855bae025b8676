import CryptoPrimitives
import Foundation

/// The master key wrapped under a key derived from the password.
///
/// The KDF is scrypt with the slot's own salt and cost; the wrap is AES-256-GCM with a fresh
/// nonce and, as associated data, the vault id and every KDF parameter, so altering any of them
/// makes the unwrap fail exactly as a wrong password does.
public struct KeySlot: Codable, Sendable, Equatable {
  public var type: String
  public var kdf: String
  public var logN: Int
  public var r: Int
  public var p: Int
  public var salt: String
  public var nonce: String
  public var wrappedKey: String
  public var tag: String

  public static let passwordType = "password"

  var parameters: ScryptParameters { ScryptParameters(logN: logN, r: r, p: p) }

  /// The associated data of the wrap: binds the slot to its vault and its KDF settings.
  static func associatedData(vaultID: UUID, kdf: String, parameters: ScryptParameters, salt: String) -> [UInt8] {
    Array(
      "otter/keyslot/v1|\(vaultID.uuidString.lowercased())|\(kdf)|\(parameters.logN)|\(parameters.r)|\(parameters.p)|\(salt)".utf8
    )
  }

  /// Wraps `masterKey` under `password` with a new salt and nonce.
  static func wrap(
    masterKey: SecretBytes, password: SecretBytes, vaultID: UUID, cost: ScryptParameters, derive: KeyDerivation
  ) throws(VaultError) -> KeySlot {
    do {
      let salt = try randomBytes(count: 32)
      let nonce = try randomBytes(count: AESGCM.nonceSize)
      let saltText = Data(salt).base64EncodedString()
      let kek = try derive(password, salt, cost)
      let sealed = try AESGCM.seal(
        masterKey, key: kek, nonce: nonce,
        aad: associatedData(vaultID: vaultID, kdf: "scrypt", parameters: cost, salt: saltText))
      return KeySlot(
        type: passwordType, kdf: "scrypt", logN: cost.logN, r: cost.r, p: cost.p, salt: saltText,
        nonce: Data(nonce).base64EncodedString(), wrappedKey: Data(sealed.ciphertext).base64EncodedString(),
        tag: Data(sealed.tag).base64EncodedString())
    } catch let error as CryptoError {
      throw .crypto(error)
    } catch {
      throw .damaged("\(error)")
    }
  }

  /// The master key, if `password` opens this slot.
  ///
  /// - Throws: `VaultError.authenticationFailed` for a wrong password or an altered slot;
  ///   `.damaged` when the slot's fields are malformed or its cost is out of range.
  func unwrap(password: SecretBytes, vaultID: UUID, derive: KeyDerivation) throws(VaultError) -> SecretBytes {
    guard kdf == "scrypt" else { throw .damaged("key slot uses unknown KDF \"\(kdf)\"") }
    guard let saltBytes = canonicalBase64(salt), let nonceBytes = canonicalBase64(nonce),
      let wrapped = canonicalBase64(wrappedKey), let tagBytes = canonicalBase64(tag)
    else { throw .damaged("key slot field is not valid base64") }
    do { try parameters.validate() } catch { throw .damaged("key slot \(error)") }
    guard nonceBytes.count == AESGCM.nonceSize, wrapped.count == AESGCM.keySize, saltBytes.count >= 16 else {
      throw .damaged("key slot has wrong field lengths")
    }
    do {
      let kek = try derive(password, Array(saltBytes), parameters)
      return try AESGCM.open(
        AESGCM.Sealed(ciphertext: Array(wrapped), tag: Array(tagBytes)), key: kek, nonce: Array(nonceBytes),
        aad: Self.associatedData(vaultID: vaultID, kdf: kdf, parameters: parameters, salt: salt))
    } catch CryptoError.authenticationFailed {
      throw .authenticationFailed
    } catch let error as CryptoError {
      throw .crypto(error)
    } catch {
      throw .damaged("\(error)")
    }
  }
}

/// The bytes of `text` if it is base64 exactly as Otter writes it. Decoders ignore the unused
/// low bits of the last character, so without this check an altered character could decode to
/// the same bytes and an altered file would still open.
func canonicalBase64(_ text: String) -> Data? {
  guard let data = Data(base64Encoded: text), data.base64EncodedString() == text else { return nil }
  return data
}
