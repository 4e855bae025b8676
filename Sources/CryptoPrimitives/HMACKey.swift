/// An HMAC key set up once and reused for many messages.
///
/// Creating the key hashes the inner and outer pads once (RFC 2104); each code after that costs
/// one inner and one outer compression for short messages such as an 8-byte HOTP counter. The
/// precomputed states are derived from the key, so they are wiped when the key is released.
///
/// An instance is not safe to use from two threads at once (it reuses scratch memory); create
/// one per thread.
public final class HMACKey {
  private let state: PrecomputedHMAC

  /// The hash function of this key.
  public let algorithm: DigestAlgorithm

  /// Sets up `key` for `algorithm`. Keys longer than a block are hashed first, as RFC 2104 says.
  ///
  /// - Throws: `CryptoError.openSSL` when OpenSSL cannot initialize the hash.
  public init(algorithm: DigestAlgorithm, key: SecretBytes) throws(CryptoError) {
    self.algorithm = algorithm
    state = try PrecomputedHMAC(algorithm: algorithm, key: key)
  }

  /// The HMAC of the 8-byte big-endian encoding of `counter` (the HOTP message, RFC 4226 §5.2).
  public func authenticationCode(forCounter counter: UInt64) -> MAC {
    var mac = MAC(count: algorithm.digestSize)
    authenticate(counter: counter, into: &mac)
    return mac
  }

  /// Writes the HMAC of the 8-byte big-endian `counter` into `mac`, which the caller reuses:
  /// the allocation-free, copy-free form of `authenticationCode(forCounter:)` for bulk work.
  public func authenticate(counter: UInt64, into mac: inout MAC) {
    var message = counter.bigEndian
    unsafe withUnsafeBytes(of: &message) { unsafe state.authenticate($0, into: &mac) }
  }

  /// The HMAC of `message`.
  public func authenticationCode(for message: [UInt8]) -> MAC {
    var mac = MAC(count: algorithm.digestSize)
    unsafe message.withUnsafeBytes { unsafe state.authenticate($0, into: &mac) }
    return mac
  }
}
