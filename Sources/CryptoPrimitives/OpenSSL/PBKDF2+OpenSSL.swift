internal import COpenSSL

/// PBKDF2 (RFC 8018) with HMAC: what 2FAS, andOTP and older Authenticator Pro backups use.
public enum PBKDF2 {
  /// The most iterations Otter runs for one derivation, whatever a file asks (the cost budget
  /// bounds the total further).
  public static let maximumIterations = 100_000_000

  /// Derives `length` bytes from `password` and `salt` with `iterations` of HMAC-`digest`.
  ///
  /// - Throws: `CryptoError.invalidParameter` for iterations below 1 or above the maximum, or a
  ///   length outside 1…1024; `.openSSL` when OpenSSL fails.
  /// The corresponding C function is `PKCS5_PBKDF2_HMAC`.
  public static func deriveKey(
    password: SecretBytes, salt: [UInt8], iterations: Int, digest: DigestAlgorithm, length: Int = 32
  ) throws(CryptoError) -> SecretBytes {
    guard (1...maximumIterations).contains(iterations) else {
      throw .invalidParameter("PBKDF2 iterations \(iterations) out of range")
    }
    guard (1...1024).contains(length) else { throw .invalidParameter("PBKDF2 length \(length) out of range") }
    let output = SecretBytes(count: length)
    let status = unsafe password.withUnsafeBytes { passwordBytes in
      unsafe output.withUnsafeBytes { outputBytes in
        unsafe salt.withUnsafeBufferPointer { saltBytes in
          unsafe PKCS5_PBKDF2_HMAC(
            passwordBytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(passwordBytes.count),
            saltBytes.baseAddress, Int32(saltBytes.count), Int32(iterations), evpDigest(digest), Int32(length),
            UnsafeMutablePointer(mutating: outputBytes.bindMemory(to: UInt8.self).baseAddress))
        }
      }
    }
    guard status == 1 else { throw CryptoError.failed("PKCS5_PBKDF2_HMAC") }
    return output
  }
}

/// One-shot message digests.
public enum Digest {
  /// SHA-256 of `bytes` (andOTP's old backups use it as their key: weak, but what they are).
  ///
  /// The corresponding C function is `EVP_Digest`.
  public static func sha256(_ bytes: SecretBytes) throws(CryptoError) -> SecretBytes {
    try unsafe digest(bytes, size: 32, EVP_sha256())
  }

  /// MD5 of `bytes`: mOTP's code function (MD5 of the time step, the secret in hex and the
  /// PIN). Not used for anything else.
  ///
  /// The corresponding C function is `EVP_Digest`.
  public static func md5(_ bytes: SecretBytes) throws(CryptoError) -> SecretBytes {
    try unsafe digest(bytes, size: 16, EVP_md5())
  }

  static func digest(_ bytes: SecretBytes, size: Int, _ type: OpaquePointer?) throws(CryptoError) -> SecretBytes {
    let output = SecretBytes(count: size)
    var length: UInt32 = 0
    let status = unsafe bytes.withUnsafeBytes { input in
      unsafe output.withUnsafeBytes { out in
        unsafe EVP_Digest(
          input.baseAddress, input.count, UnsafeMutablePointer(mutating: out.bindMemory(to: UInt8.self).baseAddress), &length,
          type, nil)
      }
    }
    guard status == 1, Int(length) == size else { throw CryptoError.failed("EVP_Digest") }
    return output
  }
}

/// AES-256-CBC with PKCS#7 padding, decryption only: older Authenticator Pro backups use it.
/// It authenticates nothing; the JSON that must come out is the only check.
public enum AESCBC {
  /// The plaintext of `ciphertext` under `key` (32 bytes) and `iv` (16 bytes).
  ///
  /// - Throws: `CryptoError.invalidParameter` for wrong lengths, `.authenticationFailed` when the
  ///   padding is wrong (a wrong key, almost always).
  /// The corresponding C functions are `EVP_DecryptInit_ex`, `EVP_DecryptUpdate`, `EVP_DecryptFinal_ex`.
  public static func decrypt(_ ciphertext: ArraySlice<UInt8>, key: SecretBytes, iv: [UInt8]) throws(CryptoError) -> SecretBytes {
    guard key.count == 32, iv.count == 16 else { throw .invalidParameter("AES-256-CBC needs a 32-byte key and a 16-byte IV") }
    guard !ciphertext.isEmpty, ciphertext.count % 16 == 0 else { throw .authenticationFailed }
    let context = try CipherContext()
    let buffer = SecretBytes(count: ciphertext.count + 16)
    var written: Int32 = 0
    var final: Int32 = 0
    let input = Array(ciphertext)
    let ok = unsafe key.withUnsafeBytes { keyBytes in
      unsafe buffer.withUnsafeBytes { out in
        let output = unsafe UnsafeMutablePointer(mutating: out.bindMemory(to: UInt8.self).baseAddress)
        return unsafe EVP_DecryptInit_ex(context.raw, EVP_aes_256_cbc(), nil, keyBytes.bindMemory(to: UInt8.self).baseAddress, iv)
          == 1
          && EVP_DecryptUpdate(context.raw, output, &written, input, Int32(input.count)) == 1
          && EVP_DecryptFinal_ex(context.raw, output.map { unsafe $0 + Int(written) }, &final) == 1
      }
    }
    ERR_clear_error()
    guard ok else { throw .authenticationFailed }
    return buffer.slice(0..<Int(written + final))
  }
}

/// OpenSSL's digest for `algorithm`.
func evpDigest(_ algorithm: DigestAlgorithm) -> OpaquePointer? {
  switch algorithm {
  case .sha1: unsafe EVP_sha1()
  case .sha256: unsafe EVP_sha256()
  case .sha512: unsafe EVP_sha512()
  }
}
