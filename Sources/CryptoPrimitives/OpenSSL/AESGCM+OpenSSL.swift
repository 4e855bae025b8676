internal import COpenSSL

/// AES-256-GCM authenticated encryption.
public enum AESGCM {
  public static let keySize = 32
  public static let nonceSize = 12
  public static let tagSize = 16

  /// A sealed message: ciphertext and its 16-byte tag.
  public struct Sealed: Sendable, Equatable {
    public var ciphertext: [UInt8]
    public var tag: [UInt8]
    public init(ciphertext: [UInt8], tag: [UInt8]) {
      self.ciphertext = ciphertext
      self.tag = tag
    }
  }

  /// Encrypts `plaintext` under `key` with `nonce`, authenticating `aad` too.
  ///
  /// - Throws: `CryptoError.invalidParameter` for a wrong key or nonce length, `.openSSL` on failure.
  /// The corresponding C functions are `EVP_EncryptInit_ex`, `EVP_EncryptUpdate`, `EVP_EncryptFinal_ex`.
  public static func seal(
    _ plaintext: SecretBytes, key: SecretBytes, nonce: [UInt8], aad: [UInt8]
  ) throws(CryptoError) -> Sealed {
    try check(key: key, nonce: nonce)
    let context = try CipherContext()
    var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
    var tag = [UInt8](repeating: 0, count: tagSize)
    var length: Int32 = 0
    var ok = unsafe key.withUnsafeBytes { keyBytes in
      unsafe nonce.withUnsafeBufferPointer { nonceBytes in
        unsafe EVP_EncryptInit_ex(context.raw, EVP_aes_256_gcm(), nil, nil, nil) == 1
          && EVP_CIPHER_CTX_ctrl(context.raw, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceSize), nil) == 1
          && EVP_EncryptInit_ex(
            context.raw, nil, nil, keyBytes.bindMemory(to: UInt8.self).baseAddress, nonceBytes.baseAddress) == 1
      }
    }
    if ok && !aad.isEmpty {
      ok = unsafe aad.withUnsafeBufferPointer {
        unsafe EVP_EncryptUpdate(context.raw, nil, &length, $0.baseAddress, Int32($0.count)) == 1
      }
    }
    if ok && plaintext.count > 0 {
      ok = unsafe plaintext.withUnsafeBytes { input in
        unsafe ciphertext.withUnsafeMutableBufferPointer { output in
          unsafe EVP_EncryptUpdate(
            context.raw, output.baseAddress, &length, input.bindMemory(to: UInt8.self).baseAddress, Int32(input.count)) == 1
        }
      }
    }
    if ok {
      ok = unsafe ciphertext.withUnsafeMutableBufferPointer { output in
        var finalLength: Int32 = 0
        return unsafe EVP_EncryptFinal_ex(context.raw, output.baseAddress, &finalLength) == 1
      }
    }
    if ok {
      ok = unsafe tag.withUnsafeMutableBufferPointer {
        unsafe EVP_CIPHER_CTX_ctrl(context.raw, EVP_CTRL_GCM_GET_TAG, Int32(tagSize), $0.baseAddress) == 1
      }
    }
    guard ok else { throw CryptoError.failed("AES-256-GCM encrypt") }
    return Sealed(ciphertext: ciphertext, tag: tag)
  }

  /// Decrypts and verifies `sealed`; the plaintext is returned only when the tag matches.
  ///
  /// - Throws: `CryptoError.authenticationFailed` when the key is wrong or anything (ciphertext,
  ///   tag, nonce, `aad`) was altered; `.invalidParameter` for wrong lengths.
  /// The corresponding C functions are `EVP_DecryptInit_ex`, `EVP_DecryptUpdate`, `EVP_DecryptFinal_ex`.
  public static func open(
    _ sealed: Sealed, key: SecretBytes, nonce: [UInt8], aad: [UInt8]
  ) throws(CryptoError) -> SecretBytes {
    try check(key: key, nonce: nonce)
    guard sealed.tag.count == tagSize else { throw .authenticationFailed }
    let context = try CipherContext()
    let plaintext = SecretBytes(count: sealed.ciphertext.count)
    var length: Int32 = 0
    var ok = unsafe key.withUnsafeBytes { keyBytes in
      unsafe nonce.withUnsafeBufferPointer { nonceBytes in
        unsafe EVP_DecryptInit_ex(context.raw, EVP_aes_256_gcm(), nil, nil, nil) == 1
          && EVP_CIPHER_CTX_ctrl(context.raw, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceSize), nil) == 1
          && EVP_DecryptInit_ex(
            context.raw, nil, nil, keyBytes.bindMemory(to: UInt8.self).baseAddress, nonceBytes.baseAddress) == 1
      }
    }
    if ok && !aad.isEmpty {
      ok = unsafe aad.withUnsafeBufferPointer {
        unsafe EVP_DecryptUpdate(context.raw, nil, &length, $0.baseAddress, Int32($0.count)) == 1
      }
    }
    if ok && !sealed.ciphertext.isEmpty {
      ok = unsafe plaintext.withUnsafeBytes { output in
        unsafe sealed.ciphertext.withUnsafeBufferPointer { input in
          unsafe EVP_DecryptUpdate(
            context.raw, UnsafeMutablePointer(mutating: output.bindMemory(to: UInt8.self).baseAddress), &length,
            input.baseAddress, Int32(input.count)) == 1
        }
      }
    }
    guard ok else { throw CryptoError.failed("AES-256-GCM decrypt") }
    var tag = sealed.tag
    let tagSet = unsafe tag.withUnsafeMutableBufferPointer {
      unsafe EVP_CIPHER_CTX_ctrl(context.raw, EVP_CTRL_GCM_SET_TAG, Int32(tagSize), $0.baseAddress) == 1
    }
    guard tagSet else { throw CryptoError.failed("EVP_CIPHER_CTX_ctrl(SET_TAG)") }
    var scratch = [UInt8](repeating: 0, count: 16)
    var finalLength: Int32 = 0
    let verified = unsafe scratch.withUnsafeMutableBufferPointer {
      unsafe EVP_DecryptFinal_ex(context.raw, $0.baseAddress, &finalLength) == 1
    }
    // A failed tag check leaves an error on OpenSSL's queue that says nothing more: drop it.
    guard verified else {
      ERR_clear_error()
      throw .authenticationFailed
    }
    return plaintext
  }

  private static func check(key: SecretBytes, nonce: [UInt8]) throws(CryptoError) {
    guard key.count == keySize else { throw .invalidParameter("AES-256-GCM key must be 32 bytes, not \(key.count)") }
    guard nonce.count == nonceSize else { throw .invalidParameter("AES-256-GCM nonce must be 12 bytes, not \(nonce.count)") }
  }
}

/// One OpenSSL cipher context, freed (and its key schedule wiped) when released.
///
/// The corresponding C functions are `EVP_CIPHER_CTX_new` and `EVP_CIPHER_CTX_free`.
@safe final class CipherContext {
  let raw: OpaquePointer

  init() throws(CryptoError) {
    guard let context = unsafe EVP_CIPHER_CTX_new() else { throw CryptoError.failed("EVP_CIPHER_CTX_new") }
    unsafe raw = context
  }

  deinit { unsafe EVP_CIPHER_CTX_free(raw) }
}
