import CryptoPrimitives
import OTPCore

/// The shared steps of the encrypted exports: each key derivation is checked against the cost
/// budget before it runs, and a failed authentication is a wrong password.
enum Sealed {
  /// The password, or `ImportError.passwordRequired`.
  static func require(_ password: SecretBytes?) throws(ImportError) -> SecretBytes {
    guard let password, !password.isEmpty else { throw .passwordRequired }
    return password
  }

  static func pbkdf2(
    _ password: SecretBytes, salt: [UInt8], iterations: Int, digest: DigestAlgorithm, budget: KDFBudget, length: Int = 32
  ) throws(ImportError) -> SecretBytes {
    guard iterations >= 1 else { throw .malformed("the file asks for \(iterations) PBKDF2 iterations") }
    do { try budget.check([.pbkdf2(iterations: iterations, hash: digest)]) } catch { throw .overBudget(error) }
    do {
      return try PBKDF2.deriveKey(password: password, salt: salt, iterations: iterations, digest: digest, length: length)
    } catch {
      throw .malformed("the key derivation failed: \(error)")
    }
  }

  static func argon2id(
    _ password: SecretBytes, salt: [UInt8], passes: Int, memoryKiB: Int, lanes: Int, budget: KDFBudget
  ) throws(ImportError) -> SecretBytes {
    guard passes >= 1, memoryKiB >= 8, (1...64).contains(lanes) else {
      throw .malformed("the file's Argon2id parameters are out of range (\(passes) passes, \(memoryKiB) KiB, \(lanes) lanes)")
    }
    do { try budget.check([.argon2id(memoryKiB: memoryKiB, passes: passes, lanes: lanes)]) } catch {
      throw .overBudget(error)
    }
    do {
      return try Argon2id.deriveKey(password: password, salt: salt, passes: passes, memoryKiB: memoryKiB, lanes: lanes)
    } catch {
      throw .malformed("the key derivation failed: \(error)")
    }
  }

  /// AES-256-GCM: `sealed` is the ciphertext followed by its 16-byte tag.
  static func openGCM(_ sealed: ArraySlice<UInt8>, key: SecretBytes, nonce: [UInt8]) throws(ImportError) -> SecretBytes {
    guard sealed.count >= AESGCM.tagSize, nonce.count == AESGCM.nonceSize else {
      throw .malformed("the encrypted data is cut short")
    }
    let split = sealed.endIndex - AESGCM.tagSize
    do {
      return try AESGCM.open(
        AESGCM.Sealed(ciphertext: Array(sealed[..<split]), tag: Array(sealed[split...])), key: key, nonce: nonce, aad: [])
    } catch CryptoError.authenticationFailed {
      throw .wrongPassword
    } catch {
      throw .malformed("the encrypted data cannot be opened: \(error)")
    }
  }

  /// The bytes of a decrypted payload, for a parser that takes an array (wipe them after).
  static func bytes(_ secret: SecretBytes) -> [UInt8] { secret.copiedBytes() }

  /// Standard base64, or a malformed-file error naming `what`.
  static func base64(_ text: String?, _ what: String) throws(ImportError) -> [UInt8] {
    guard let text, let bytes = Base64.decode(text, canonical: false) else { throw .malformed("\(what) is not valid base64") }
    return bytes
  }
}
