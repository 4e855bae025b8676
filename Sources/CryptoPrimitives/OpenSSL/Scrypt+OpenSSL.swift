internal import COpenSSL

/// Password-based key derivation with scrypt.
public enum Scrypt {
  /// Derives `length` bytes from `password` and `salt`.
  ///
  /// - Parameters:
  ///   - password: the password bytes (never a `String`, so they can be wiped).
  ///   - salt: a random per-vault salt.
  ///   - parameters: the cost; must pass `ScryptParameters.validate()` (never below N = 2^14).
  ///   - length: the number of bytes to derive.
  /// - Returns: the derived key.
  /// - Throws: `CryptoError.invalidParameter` for costs out of range, `.openSSL` when OpenSSL fails.
  /// The corresponding C function is `EVP_PBE_scrypt`.
  public static func deriveKey(
    password: SecretBytes, salt: [UInt8], parameters: ScryptParameters, length: Int = 32
  ) throws(CryptoError) -> SecretBytes {
    try parameters.validate()
    let output = SecretBytes(count: length)
    // OpenSSL's default memory ceiling (32 MiB) refuses the vault default: pass the exact need.
    let maxmem = UInt64(parameters.memoryBytes)
    let status = unsafe password.withUnsafeBytes { passwordBytes in
      unsafe output.withUnsafeBytes { outputBytes in
        unsafe salt.withUnsafeBufferPointer { saltBytes in
          unsafe EVP_PBE_scrypt(
            passwordBytes.baseAddress?.assumingMemoryBound(to: CChar.self), passwordBytes.count,
            saltBytes.baseAddress, saltBytes.count,
            UInt64(1) << UInt64(parameters.logN), UInt64(parameters.r), UInt64(parameters.p), maxmem,
            UnsafeMutablePointer(mutating: outputBytes.bindMemory(to: UInt8.self).baseAddress), length)
        }
      }
    }
    guard status == 1 else { throw CryptoError.failed("EVP_PBE_scrypt") }
    return output
  }
}
