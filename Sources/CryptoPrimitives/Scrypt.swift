/// The cost parameters of scrypt (RFC 7914).
public struct ScryptParameters: Sendable, Equatable {
  /// log2 of the CPU/memory cost N.
  public var logN: Int
  /// The block size r.
  public var r: Int
  /// The parallelization p.
  public var p: Int

  /// The lowest cost Otter accepts anywhere, tests included: N = 2^14.
  public static let minimumLogN = 14
  /// The highest cost accepted from a file, so a hostile header cannot ask for terabytes.
  public static let maximumLogN = 22

  /// The default for vault passwords: N = 2^17, r = 8, p = 1 (128 MiB, about half a second).
  public static let vaultDefault = ScryptParameters(logN: 17, r: 8, p: 1)

  public init(logN: Int, r: Int, p: Int) {
    self.logN = logN
    self.r = r
    self.p = p
  }

  /// The memory scrypt needs for these parameters, in bytes: 128·r·(N + 2) + 128·r·p.
  public var memoryBytes: Int { 128 * r * ((1 << logN) + 2) + 128 * r * p }

  /// Checks the parameters against Otter's floor and ceiling.
  ///
  /// - Throws: `CryptoError.invalidParameter` naming the parameter out of range.
  public func validate() throws(CryptoError) {
    guard (Self.minimumLogN...Self.maximumLogN).contains(logN) else {
      throw .invalidParameter("scrypt N = 2^\(logN) is outside 2^\(Self.minimumLogN)…2^\(Self.maximumLogN)")
    }
    guard (1...32).contains(r) else { throw .invalidParameter("scrypt r = \(r) is outside 1…32") }
    guard (1...16).contains(p) else { throw .invalidParameter("scrypt p = \(p) is outside 1…16") }
  }
}

/// Derives a key-encryption key from a password, a salt and a cost: scrypt in production; tests
/// memoize it, and the fuzz harnesses put a fast stand-in in its place so that inputs get past
/// the key slots to the parsing behind them.
public typealias KeyDerivation = @Sendable (SecretBytes, [UInt8], ScryptParameters) throws -> SecretBytes

/// The production key derivation: scrypt through OpenSSL, 32 bytes.
public let scryptDerivation: KeyDerivation = { password, salt, parameters in
  try Scrypt.deriveKey(password: password, salt: salt, parameters: parameters, length: 32)
}
