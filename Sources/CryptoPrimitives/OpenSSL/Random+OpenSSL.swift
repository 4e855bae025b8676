internal import COpenSSL

extension SecretBytes {
  /// `count` bytes from OpenSSL's cryptographically secure generator.
  ///
  /// - Throws: `CryptoError.randomUnavailable` when the generator cannot be seeded.
  /// The corresponding C function is `RAND_bytes`.
  public static func random(count: Int) throws(CryptoError) -> SecretBytes {
    let bytes = SecretBytes(count: count)
    guard count > 0 else { return bytes }
    let status = unsafe bytes.withUnsafeBytes { raw in
      unsafe RAND_bytes(UnsafeMutablePointer(mutating: raw.bindMemory(to: UInt8.self).baseAddress), Int32(count))
    }
    guard status == 1 else { throw .randomUnavailable(reason: takeOpenSSLErrorString()) }
    return bytes
  }
}

/// Random bytes that are not secret (nonces, salts, identifiers).
///
/// - Throws: `CryptoError.randomUnavailable` when the generator cannot be seeded.
/// The corresponding C function is `RAND_bytes`.
public func randomBytes(count: Int) throws(CryptoError) -> [UInt8] {
  var bytes = [UInt8](repeating: 0, count: count)
  guard count > 0 else { return bytes }
  let status = unsafe bytes.withUnsafeMutableBufferPointer { unsafe RAND_bytes($0.baseAddress, Int32($0.count)) }
  guard status == 1 else { throw .randomUnavailable(reason: takeOpenSSLErrorString()) }
  return bytes
}
