internal import CSodium

/// Argon2id with one lane from libsodium (`crypto_pwhash`, version 1.3): ente Auth derives its
/// key with libsodium itself, and libsodium's implementation is the vectorised one (about
/// twice as fast here as the reference library's build for the same cost). libsodium has no
/// lanes and takes 16-byte salts only; `Argon2id.deriveKey` uses libargon2 for the rest.
enum SodiumArgon2id {
  static let saltSize = 16

  /// The corresponding C function is `crypto_pwhash`.
  static func deriveKey(password: SecretBytes, salt: [UInt8], passes: Int, memoryKiB: Int, length: Int) throws(CryptoError)
    -> SecretBytes
  {
    guard sodium_init() >= 0 else { throw .invalidParameter("libsodium did not start") }
    guard salt.count == saltSize else { throw .invalidParameter("libsodium's Argon2id takes a 16-byte salt") }
    let output = SecretBytes(count: length)
    let status: Int32 = unsafe password.withUnsafeBytes { passwordBytes in
      unsafe output.withUnsafeBytes { out in
        guard let target = out.baseAddress, let source = passwordBytes.baseAddress else { return -1 }
        return unsafe crypto_pwhash(
          UnsafeMutablePointer(mutating: target.assumingMemoryBound(to: UInt8.self)), UInt64(length),
          source.assumingMemoryBound(to: CChar.self), UInt64(passwordBytes.count), salt, UInt64(passes), memoryKiB * 1024,
          crypto_pwhash_ALG_ARGON2ID13)
      }
    }
    guard status == 0 else { throw .invalidParameter("crypto_pwhash failed (out of memory, or parameters out of range)") }
    return output
  }
}
