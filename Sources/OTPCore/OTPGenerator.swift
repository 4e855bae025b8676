import CryptoPrimitives

/// Makes the codes of one account.
///
/// The HMAC key is set up once here (its inner and outer states precomputed), so each code
/// costs two hash compressions: the viewer computes every account's code every second, and
/// `otter code --count` computes millions. Time is always passed in. Not thread-safe: make one
/// generator per thread.
public final class OTPGenerator {
  public let kind: OTPKind
  public let digits: Int
  public let period: Int
  private let key: HMACKey
  /// mOTP: the text hashed after the time step, the secret in lowercase hex and the PIN.
  private let motpSuffix: SecretBytes?

  /// Steam Guard's code alphabet: 26 characters without easily confused ones.
  static let steamAlphabet = Array("23456789BCDFGHJKMNPQRTVWXY".utf8)

  /// Sets up the key of `account`.
  ///
  /// - Throws: `CryptoError` if OpenSSL cannot set up the hash.
  /// - Throws: `CryptoError.invalidParameter` for an mOTP or Yandex account without its PIN
  ///   (the vault never stores one; an otpauth URI never carries one).
  public init(account: OTPAccount) throws(CryptoError) {
    guard account.hasPINIfNeeded else { throw .invalidParameter("the \(account.kind.rawValue) account has no PIN") }
    kind = account.kind
    digits = account.digits
    period = account.period
    switch account.kind {
    case .totp, .hotp, .steam:
      key = try HMACKey(algorithm: account.algorithm, key: account.secret)
      motpSuffix = nil
    case .motp:
      // The secret in lowercase hex, then the PIN, built in place so no copy is left unwiped.
      var suffix: [UInt8] = []
      defer { wipe(&suffix) }
      suffix.reserveCapacity(account.secret.count * 2 + (account.pin?.count ?? 0))
      for index in 0..<account.secret.count {
        suffix.append(Hex.lowerDigits[Int(account.secret[index] >> 4)])
        suffix.append(Hex.lowerDigits[Int(account.secret[index] & 0x0F)])
      }
      Self.append(account.pin, to: &suffix)
      motpSuffix = SecretBytes(suffix)
      key = try HMACKey(algorithm: .sha1, key: account.secret)  // unused
    case .yandex:
      // The key is SHA-256(PIN, secret), without its first byte when that byte is zero.
      var material: [UInt8] = []
      defer { wipe(&material) }
      material.reserveCapacity((account.pin?.count ?? 0) + account.secret.count)
      Self.append(account.pin, to: &material)
      Self.append(account.secret, to: &material)
      let hash = try Digest.sha256(SecretBytes(material))
      key = try HMACKey(algorithm: .sha256, key: hash[0] == 0 ? hash.slice(1..<hash.count) : hash)
      motpSuffix = nil
    }
  }

  /// Appends the bytes of `secret` to `bytes` one by one (no temporary copy to wipe); the
  /// caller reserves the capacity.
  private static func append(_ secret: SecretBytes?, to bytes: inout [UInt8]) {
    guard let secret else { return }
    for index in 0..<secret.count { bytes.append(secret[index]) }
  }

  /// The dynamically truncated 31-bit value for `counter` (RFC 4226 §5.3).
  @inline(__always)
  public func truncatedValue(counter: UInt64) -> UInt32 {
    var mac = MAC(count: key.algorithm.digestSize)
    key.authenticate(counter: counter, into: &mac)
    let offset = Int(mac[mac.count - 1] & 0x0f)
    return (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
      | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
  }

  /// The number of characters in one code (`digits`, or 5 for Steam).
  public var codeLength: Int { kind == .steam ? OTPAccount.steamDigits : digits }

  /// Writes the code for `counter` as ASCII into `output` at `offset` (`codeLength` bytes),
  /// without allocating: the bulk path of `otter code --count`.
  @inline(__always)
  public func writeCode(counter: UInt64, into output: inout MutableSpan<UInt8>, at offset: Int) {
    if kind == .motp {
      writeMOTP(counter: counter, into: &output, at: offset)
      return
    }
    if kind == .yandex {
      writeYandex(counter: counter, into: &output, at: offset)
      return
    }
    var value = truncatedValue(counter: counter)
    if kind == .steam {
      for position in 0..<OTPAccount.steamDigits {
        output[offset + position] = Self.steamAlphabet[Int(value % 26)]
        value /= 26
      }
      return
    }
    // Constant divisors compile to multiplications; a hardware divide per code is measurable.
    switch digits {
    case 6: value %= 1_000_000
    case 7: value %= 10_000_000
    case 8: value %= 100_000_000
    case 9: value %= 1_000_000_000
    default: break  // 10 digits: the 31-bit value is already below 10^10
    }
    var index = offset + digits - 1
    while index >= offset {
      output[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
      value /= 10
      index -= 1
    }
  }

  /// mOTP: the first `digits` lowercase hex digits of MD5(the time step in decimal, the secret
  /// in lowercase hex, the PIN).
  private func writeMOTP(counter: UInt64, into output: inout MutableSpan<UInt8>, at offset: Int) {
    guard let motpSuffix else { return }
    var message = Array(String(counter).utf8)
    defer { wipe(&message) }
    message.reserveCapacity(message.count + motpSuffix.count)
    Self.append(motpSuffix, to: &message)
    guard let hash = try? Digest.md5(SecretBytes(message)) else { return }
    for position in 0..<min(digits, 32) {
      let byte = hash[position / 2]
      output[offset + position] = Hex.lowerDigits[Int(position % 2 == 0 ? byte >> 4 : byte & 0x0F)]
    }
  }

  /// Yandex: eight bytes of the HMAC from the dynamic offset, the top bit cleared, as letters
  /// a–z (the last letter the lowest base-26 digit).
  private func writeYandex(counter: UInt64, into output: inout MutableSpan<UInt8>, at offset: Int) {
    var mac = MAC(count: key.algorithm.digestSize)
    key.authenticate(counter: counter, into: &mac)
    let start = Int(mac[mac.count - 1] & 0x0f)
    var value: UInt64 = UInt64(mac[start] & 0x7f)
    for index in 1..<8 { value = value << 8 | UInt64(mac[start + index]) }
    var modulus: UInt64 = 1
    for _ in 0..<digits { modulus *= 26 }
    value %= modulus
    var index = offset + digits - 1
    while index >= offset {
      output[index] = UInt8(ascii: "a") &+ UInt8(truncatingIfNeeded: value % 26)
      value /= 26
      index -= 1
    }
  }

  /// The code for `counter`: digits (zero-padded) or, for Steam, five letters and digits.
  public func code(counter: UInt64) -> String {
    var bytes = [UInt8](repeating: 0, count: codeLength)
    var span = bytes.mutableSpan
    writeCode(counter: counter, into: &span, at: 0)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The code at Unix time `time` (time-based kinds).
  ///
  /// - Throws: `OTPError.timeBeforeEpoch` for a negative time.
  public func code(at time: Int64) throws(OTPError) -> String {
    code(counter: try TimeStep.counter(at: time, period: period))
  }
}

/// Time steps of RFC 6238 with T0 = 0.
public enum TimeStep {
  /// The time step containing Unix time `time`: floor(time / period).
  ///
  /// - Throws: `OTPError.timeBeforeEpoch` when `time` is negative.
  public static func counter(at time: Int64, period: Int) throws(OTPError) -> UInt64 {
    guard time >= 0 else { throw .timeBeforeEpoch(time) }
    return UInt64(time) / UInt64(period)
  }

  /// Seconds until the code valid at `time` changes (1 through `period`).
  public static func remaining(at time: Int64, period: Int) -> Int {
    let into = Int(((time % Int64(period)) + Int64(period)) % Int64(period))
    return period - into
  }
}
