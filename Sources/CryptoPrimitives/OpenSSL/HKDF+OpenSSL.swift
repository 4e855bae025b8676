internal import COpenSSL

/// HKDF (RFC 5869) with HMAC-SHA-256.
public enum HKDF {
  /// Derives `length` bytes from the input key `key`, `salt` and `info`.
  ///
  /// - Throws: `CryptoError.openSSL` when OpenSSL fails, `.invalidParameter` for a length
  ///   HKDF-SHA-256 cannot give (over 255 × 32 bytes).
  /// The corresponding C functions are `EVP_KDF_fetch`, `EVP_KDF_CTX_new` and `EVP_KDF_derive`.
  public static func sha256(key: SecretBytes, salt: [UInt8], info: [UInt8], length: Int = 32) throws(CryptoError)
    -> SecretBytes
  {
    guard (1...(255 * 32)).contains(length) else { throw .invalidParameter("HKDF length \(length)") }
    guard let kdf = unsafe EVP_KDF_fetch(nil, "HKDF", nil) else { throw CryptoError.failed("EVP_KDF_fetch(HKDF)") }
    defer { unsafe EVP_KDF_free(kdf) }
    guard let context = unsafe EVP_KDF_CTX_new(kdf) else { throw CryptoError.failed("EVP_KDF_CTX_new") }
    defer { unsafe EVP_KDF_CTX_free(context) }
    let output = SecretBytes(count: length)
    var saltBytes = salt
    var infoBytes = info
    // OSSL_PARAM keeps the pointers it is given: every buffer stays alive until the derive.
    let status = unsafe "SHA256".withCString { digest in
      unsafe key.withUnsafeBytes { keyBytes in
        unsafe saltBytes.withUnsafeMutableBytes { saltBuffer in
          unsafe infoBytes.withUnsafeMutableBytes { infoBuffer in
            unsafe output.withUnsafeBytes { outputBytes in
              var parameters = unsafe [
                OSSL_PARAM_construct_utf8_string(name("digest"), UnsafeMutablePointer(mutating: digest), 0),
                OSSL_PARAM_construct_octet_string(
                  name("key"), UnsafeMutableRawPointer(mutating: keyBytes.baseAddress), keyBytes.count),
                OSSL_PARAM_construct_octet_string(name("salt"), saltBuffer.baseAddress, saltBuffer.count),
                OSSL_PARAM_construct_octet_string(name("info"), infoBuffer.baseAddress, infoBuffer.count),
                OSSL_PARAM_construct_end(),
              ]
              return unsafe EVP_KDF_derive(
                context, UnsafeMutablePointer(mutating: outputBytes.bindMemory(to: UInt8.self).baseAddress), length,
                &parameters)
            }
          }
        }
      }
    }
    guard status == 1 else { throw CryptoError.failed("EVP_KDF_derive(HKDF)") }
    return output
  }
}

/// A parameter name as OpenSSL keeps it: `OSSL_PARAM` stores the pointer, so the name must
/// outlive the call; a static string's bytes live in the binary.
func name(_ text: StaticString) -> UnsafePointer<CChar> {
  unsafe UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
}
