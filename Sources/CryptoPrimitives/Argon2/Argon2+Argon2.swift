internal import CArgon2

/// Argon2id (RFC 9106) from libargon2, the reference implementation: Authenticator Pro's and
/// ente Auth's backups derive their keys with it.
public enum Argon2id {
  /// Derives `length` bytes from `password` and `salt` with `passes` over `memoryKiB` KiB in
  /// `lanes` lanes (version 0x13).
  ///
  /// - Throws: `CryptoError.invalidParameter` for parameters libargon2 refuses (check them
  ///   against the cost budget first: this runs whatever it is given).
  /// The corresponding C function is `argon2_hash`.
  public static func deriveKey(
    password: SecretBytes, salt: [UInt8], passes: Int, memoryKiB: Int, lanes: Int, length: Int = 32
  ) throws(CryptoError) -> SecretBytes {
    guard (1...1 << 24).contains(passes), (8 * lanes...1 << 30).contains(memoryKiB), (1...64).contains(lanes),
      (4...1024).contains(length), salt.count >= 8
    else { throw .invalidParameter("Argon2id parameters out of range") }
    if lanes == 1 && salt.count == SodiumArgon2id.saltSize {
      return try SodiumArgon2id.deriveKey(password: password, salt: salt, passes: passes, memoryKiB: memoryKiB, length: length)
    }
    return try libargon2(
      Argon2_id, password: password, salt: salt, passes: passes, memoryKiB: memoryKiB, lanes: lanes, length: length)
  }
}

/// libargon2's `argon2_hash` for `type`, version 0x13, raw output; parameters checked by the caller.
func libargon2(
  _ type: argon2_type, password: SecretBytes, salt: [UInt8], passes: Int, memoryKiB: Int, lanes: Int, length: Int
) throws(CryptoError) -> SecretBytes {
  let output = SecretBytes(count: length)
  let status = unsafe password.withUnsafeBytes { passwordBytes in
    unsafe output.withUnsafeBytes { out in
      unsafe argon2_hash(
        UInt32(passes), UInt32(memoryKiB), UInt32(lanes), passwordBytes.baseAddress, passwordBytes.count, salt, salt.count,
        UnsafeMutableRawPointer(mutating: out.baseAddress), length, nil, 0, type, UInt32(ARGON2_VERSION_13.rawValue))
    }
  }
  guard status == Int32(ARGON2_OK.rawValue) else {
    throw .invalidParameter("argon2_hash: \(unsafe String(cString: argon2_error_message(status)))")
  }
  return output
}

/// Argon2d (RFC 9106) from libargon2: KeePass and KeePassXC databases (KDBX 4) derive their
/// key with it by default.
public enum Argon2d {
  /// Derives `length` bytes as `Argon2id.deriveKey` does, with Argon2d (version 0x13).
  ///
  /// The corresponding C function is `argon2_hash`.
  public static func deriveKey(
    password: SecretBytes, salt: [UInt8], passes: Int, memoryKiB: Int, lanes: Int, length: Int = 32
  ) throws(CryptoError) -> SecretBytes {
    guard (1...1 << 24).contains(passes), (8 * lanes...1 << 30).contains(memoryKiB), (1...64).contains(lanes),
      (4...1024).contains(length), salt.count >= 8
    else { throw .invalidParameter("Argon2d parameters out of range") }
    return try libargon2(
      Argon2_d, password: password, salt: salt, passes: passes, memoryKiB: memoryKiB, lanes: lanes, length: length)
  }
}
