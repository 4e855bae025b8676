internal import CSodium

/// libsodium's XChaCha20-Poly1305 secretstream, decryption of a one-message stream: how ente
/// Auth seals its encrypted export (the "nonce" in the file is the stream's 24-byte header).
public enum XChaCha20SecretStream {
  public static var headerSize: Int { Int(otter_secretstream_header_bytes()) }
  public static var keySize: Int { Int(otter_secretstream_key_bytes()) }

  /// The plaintext of the single message `ciphertext` under `key` (tagged FINAL or MESSAGE).
  ///
  /// - Throws: `CryptoError.authenticationFailed` when the key is wrong or anything was altered;
  ///   `.invalidParameter` for wrong lengths or another tag.
  /// The corresponding C functions are `crypto_secretstream_xchacha20poly1305_init_pull` and
  /// `crypto_secretstream_xchacha20poly1305_pull`.
  public static func openSingleMessage(_ ciphertext: [UInt8], header: [UInt8], key: SecretBytes) throws(CryptoError)
    -> SecretBytes
  {
    guard sodium_init() >= 0 else { throw .invalidParameter("libsodium did not start") }
    guard header.count == headerSize, key.count == keySize else {
      throw .invalidParameter("a secretstream needs a \(headerSize)-byte header and a \(keySize)-byte key")
    }
    let overhead = Int(otter_secretstream_overhead())
    guard ciphertext.count >= overhead else { throw .authenticationFailed }
    let output = SecretBytes(count: ciphertext.count - overhead)
    var state = crypto_secretstream_xchacha20poly1305_state()
    defer { unsafe sodium_memzero(&state, MemoryLayout<crypto_secretstream_xchacha20poly1305_state>.size) }
    var tag: UInt8 = 0
    var written: UInt64 = 0
    let opened = unsafe key.withUnsafeBytes { keyBytes in
      unsafe output.withUnsafeBytes { out in
        unsafe crypto_secretstream_xchacha20poly1305_init_pull(
          &state, header, keyBytes.bindMemory(to: UInt8.self).baseAddress.unsafelyUnwrapped)
          == 0
          && crypto_secretstream_xchacha20poly1305_pull(
            &state, UnsafeMutablePointer(mutating: out.bindMemory(to: UInt8.self).baseAddress), &written, &tag, ciphertext,
            UInt64(ciphertext.count), nil, 0) == 0
      }
    }
    guard opened, Int(written) == output.count else { throw .authenticationFailed }
    // The one message spans the whole stream: it may end with FINAL (3) or, as some writers
    // leave it, MESSAGE (0); anything else (PUSH, REKEY) is a stream of another shape.
    guard tag == otter_secretstream_tag_final() || tag == 0 else {
      throw .invalidParameter("the stream's only message ends with tag \(tag), not MESSAGE or FINAL")
    }
    return output
  }

  /// Seals `plaintext` as a one-message stream under `key`: for tests, which check that what
  /// Otter opens is what libsodium wrote.
  ///
  /// - Returns: the header and the ciphertext.
  /// The corresponding C functions are `crypto_secretstream_xchacha20poly1305_init_push` and
  /// `crypto_secretstream_xchacha20poly1305_push`.
  public static func sealSingleMessage(_ plaintext: SecretBytes, key: SecretBytes) throws(CryptoError) -> (
    header: [UInt8], ciphertext: [UInt8]
  ) {
    guard sodium_init() >= 0, key.count == keySize else { throw .invalidParameter("a secretstream needs a \(keySize)-byte key") }
    var state = crypto_secretstream_xchacha20poly1305_state()
    defer { unsafe sodium_memzero(&state, MemoryLayout<crypto_secretstream_xchacha20poly1305_state>.size) }
    var header = [UInt8](repeating: 0, count: headerSize)
    var ciphertext = [UInt8](repeating: 0, count: plaintext.count + Int(otter_secretstream_overhead()))
    var written: UInt64 = 0
    let sealed = unsafe key.withUnsafeBytes { keyBytes in
      unsafe plaintext.withUnsafeBytes { input in
        unsafe crypto_secretstream_xchacha20poly1305_init_push(
          &state, &header, keyBytes.bindMemory(to: UInt8.self).baseAddress.unsafelyUnwrapped)
          == 0
          && crypto_secretstream_xchacha20poly1305_push(
            &state, &ciphertext, &written, input.bindMemory(to: UInt8.self).baseAddress, UInt64(input.count), nil, 0,
            otter_secretstream_tag_final()) == 0
      }
    }
    guard sealed else { throw .invalidParameter("crypto_secretstream_xchacha20poly1305_push failed") }
    return (header, ciphertext)
  }
}
