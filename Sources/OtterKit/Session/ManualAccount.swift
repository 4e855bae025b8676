import CryptoPrimitives
import OTPCore

/// An account typed in by hand from a bare secret, as services show it under "can't scan the
/// code?": `otter add --issuer … --name …` and the viewer's `a` make these.
public struct ManualAccount: Sendable {
  public var kind: OTPKind
  public var issuer: String
  public var name: String
  public var algorithm: DigestAlgorithm
  /// nil: 6 (5 for Steam).
  public var digits: Int?
  public var period: Int
  public var counter: UInt64

  public init(
    kind: OTPKind = .totp, issuer: String, name: String, algorithm: DigestAlgorithm = .sha1, digits: Int? = nil,
    period: Int = 30, counter: UInt64 = 0
  ) {
    self.kind = kind
    self.issuer = issuer
    self.name = name
    self.algorithm = algorithm
    self.digits = digits
    self.period = period
    self.counter = counter
  }

  /// The account for the base32 secret in `text` (spaces, hyphens and padding are ignored, as in
  /// URIs; the line break of a pasted line too).
  ///
  /// - Throws: `OtterFailure` 65 naming what is wrong, never repeating the secret.
  public func account(secret text: [UInt8]) throws(OtterFailure) -> OTPAccount {
    var trimmed = InputSource.trimmed(text)
    defer { wipe(&trimmed) }
    guard !trimmed.isEmpty else { throw OtterFailure(.dataError, "no secret was given") }
    if trimmed.starts(with: Array("otpauth".utf8)) {
      throw OtterFailure(
        .dataError, "this is an otpauth URI, not a bare secret; give it to `otter add` without --issuer and --name")
    }
    let secret: SecretBytes
    if kind == .motp, trimmed.count % 2 == 0, trimmed.allSatisfy({ Hex.value(of: $0) != nil }) {
      // mOTP services show the secret in hex: read it so.
      secret = SecretBytes(
        stride(from: 0, to: trimmed.count, by: 2).map {
          (Hex.value(of: trimmed[$0]) ?? 0) << 4 | (Hex.value(of: trimmed[$0 + 1]) ?? 0)
        })
    } else {
      do { secret = try Base32.decode(utf8: trimmed[...]) } catch { throw OtterFailure(.dataError, "\(error)") }
    }
    guard !secret.isEmpty else { throw OtterFailure(.dataError, "the secret is empty") }
    do {
      return try OTPAccount(
        kind: kind, issuer: issuer, name: name, secret: secret, algorithm: algorithm, digits: digits, period: period,
        counter: counter)
    } catch {
      throw OtterFailure(.dataError, "\(error)")
    }
  }
}
