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
    let plaintext = SecretBytes(count: sealed.ciphertext.count)
    let result = unsafe plaintext.withUnsafeBytes { output in
      Result { () throws(CryptoError) in
        try unsafe decrypt(
          sealed.ciphertext[...], tag: sealed.tag, key: key, nonce: nonce, aad: aad,
          into: UnsafeMutableRawBufferPointer(mutating: output))
      }
    }
    try result.get()
    return plaintext
  }

  /// Decrypts and verifies a large payload into a plain array, reading the ciphertext from a
  /// slice (part of a file, not copied out): for a decoder that reads bytes, this saves the two
  /// copies `open` and `copiedBytes()` make. The caller owns the plaintext and must `wipe` it;
  /// when the tag does not match, the partial output is wiped here and nothing is returned.
  ///
  /// - Throws: as `open` does.
  public static func openBytes(
    ciphertext: ArraySlice<UInt8>, tag: [UInt8], key: SecretBytes, nonce: [UInt8], aad: [UInt8]
  ) throws(CryptoError) -> [UInt8] {
    var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
    let result = unsafe plaintext.withUnsafeMutableBytes { output in
      Result { () throws(CryptoError) in
        try unsafe decrypt(ciphertext, tag: tag, key: key, nonce: nonce, aad: aad, into: output)
      }
    }
    if case .failure(let error) = result {
      wipe(&plaintext)
      throw error
    }
    return plaintext
  }

  /// AES-256-GCM decryption of `ciphertext` into `output` (as long as it), with the tag checked
  /// at the end: the output may hold unauthenticated plaintext when this throws.
  private static func decrypt(
    _ ciphertext: ArraySlice<UInt8>, tag sealedTag: [UInt8], key: SecretBytes, nonce: [UInt8], aad: [UInt8],
    into output: UnsafeMutableRawBufferPointer
  ) throws(CryptoError) {
    try check(key: key, nonce: nonce)
    guard sealedTag.count == tagSize else { throw .authenticationFailed }
    precondition(output.count == ciphertext.count, "AES-GCM output size")
    let context = try CipherContext()
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
    if ok && !ciphertext.isEmpty {
      ok = unsafe ciphertext.withUnsafeBufferPointer { input in
        unsafe EVP_DecryptUpdate(
          context.raw, output.bindMemory(to: UInt8.self).baseAddress, &length, input.baseAddress, Int32(input.count)) == 1
      }
    }
    guard ok else { throw CryptoError.failed("AES-256-GCM decrypt") }
    var tag = sealedTag
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
