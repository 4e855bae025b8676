import CryptoPrimitives
import OTPCore

/// `otter new-secret`: a fresh account for a service to enrol a user with.
public enum SecretMaker {
  /// Secret sizes accepted, in bits (whole bytes). RFC 4226 asks for at least 128 and
  /// recommends 160; 80 is what Google's early secrets had, and `otter audit` flags it.
  public static let allowedBits = 80...2048
  /// Below this the command warns (RFC 4226 §4, R6).
  public static let recommendedMinimumBits = 128

  /// A new account with a secret of `bits` random bits from OpenSSL's generator.
  ///
  /// - Throws: `OtterFailure` 64 for a size that is not whole bytes in range, 65 for settings
  ///   out of range, 74 when the generator fails.
  public static func make(
    kind: OTPKind, issuer: String, name: String, bits: Int, algorithm: DigestAlgorithm, digits: Int, period: Int
  ) throws(OtterFailure) -> OTPAccount {
    guard allowedBits.contains(bits), bits % 8 == 0 else {
      throw OtterFailure(.usage, "--bits must be a multiple of 8 from \(allowedBits.lowerBound) to \(allowedBits.upperBound)")
    }
    let secret: SecretBytes
    do { secret = try SecretBytes.random(count: bits / 8) } catch {
      throw OtterFailure(.ioError, "OpenSSL's random generator failed: \(error)")
    }
    do {
      return try OTPAccount(
        kind: kind, issuer: issuer, name: name, secret: secret, algorithm: algorithm, digits: digits,
        period: kind == .hotp ? 30 : period)
    } catch {
      throw OtterFailure(.dataError, "\(error)")
    }
  }
}
