internal import COpenSSL

/// KeePass's AES-KDF: the 32-byte composite key encrypted `rounds` times with AES-256-ECB under
/// the seed, then SHA-256 (KDBX 3.1 and 4 with the "AES-KDF" key derivation).
public enum AESKDF {
  /// The transformed key.
  ///
  /// - Throws: `CryptoError.invalidParameter` for a key or seed that is not 32 bytes. Check
  ///   `rounds` against the cost budget first: this runs whatever it is given.
  /// The corresponding C functions are `EVP_EncryptInit_ex` and `EVP_EncryptUpdate`.
  public static func transform(_ key: SecretBytes, seed: [UInt8], rounds: UInt64) throws(CryptoError) -> SecretBytes {
    guard key.count == 32, seed.count == 32 else { throw .invalidParameter("AES-KDF needs a 32-byte key and seed") }
    let context = try CipherContext()
    let block = key.slice(0..<32)
    var written: Int32 = 0
    let ok = unsafe block.withUnsafeBytes { raw in
      let buffer = unsafe UnsafeMutablePointer(mutating: raw.bindMemory(to: UInt8.self).baseAddress)
      guard unsafe EVP_EncryptInit_ex(context.raw, EVP_aes_256_ecb(), nil, seed, nil) == 1,
        unsafe EVP_CIPHER_CTX_set_padding(context.raw, 0) == 1
      else { return false }
      var round: UInt64 = 0
      while round < rounds {
        guard unsafe EVP_EncryptUpdate(context.raw, buffer, &written, buffer, 32) == 1 else { return false }
        round += 1
      }
      return true
    }
    guard ok else { throw .failed("AES-KDF") }
    return try Digest.sha256(block)
  }
}

/// ChaCha20 (RFC 8439, counter from 0) without an authenticator: KDBX 4's payload cipher and
/// its protected-value stream. It authenticates nothing; KDBX checks its blocks' HMACs first.
public enum ChaCha20 {
  /// `data` XORed with the key stream of `key` (32 bytes) and `nonce` (12 bytes).
  ///
  /// The corresponding C functions are `EVP_EncryptInit_ex` and `EVP_EncryptUpdate`.
  public static func apply(_ data: [UInt8], key: SecretBytes, nonce: [UInt8]) throws(CryptoError) -> [UInt8] {
    guard key.count == 32, nonce.count == 12 else { throw .invalidParameter("ChaCha20 needs a 32-byte key and a 12-byte nonce") }
    guard !data.isEmpty else { return [] }
    let context = try CipherContext()
    var output = [UInt8](repeating: 0, count: data.count)
    var written: Int32 = 0
    let iv = [0, 0, 0, 0] + nonce
    var ok = unsafe key.withUnsafeBytes { keyBytes in
      unsafe EVP_EncryptInit_ex(context.raw, EVP_chacha20(), nil, keyBytes.bindMemory(to: UInt8.self).baseAddress, iv) == 1
    }
    var offset = 0
    // EVP_EncryptUpdate takes an Int32 length: long inputs go in pieces.
    while ok && offset < data.count {
      let end = min(offset + (1 << 30), data.count)
      ok = unsafe output.withUnsafeMutableBufferPointer { out in
        unsafe data.withUnsafeBufferPointer { input in
          unsafe EVP_EncryptUpdate(
            context.raw, out.baseAddress.map { unsafe $0 + offset }, &written, input.baseAddress.map { unsafe $0 + offset },
            Int32(end - offset)) == 1
        }
      }
      offset = end
    }
    guard ok else {
      wipe(&output)
      throw .failed("ChaCha20")
    }
    return output
  }
}

extension Digest {
  /// SHA-512 of `bytes` (KDBX 4's HMAC keys and protected-stream key).
  ///
  /// The corresponding C function is `EVP_Digest`.
  public static func sha512(_ bytes: SecretBytes) throws(CryptoError) -> SecretBytes {
    try unsafe digest(bytes, size: 64, EVP_sha512())
  }
}
