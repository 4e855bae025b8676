import CryptoPrimitives

/// The service's side of the flow: whether a code a user typed is valid.
///
/// TOTP (and Steam) codes are tried for the time steps within `window` of now (RFC 6238 §5.2,
/// "at most one time step is allowed as the network delay"); HOTP codes for the next `window`
/// counters after the expected one (RFC 4226 §7.4's look-ahead). With the last accepted step
/// or counter, nothing at or before it is accepted again: a code is good once.
public struct CodeVerifier {
  /// The largest window accepted (a window this wide already accepts one code in 200).
  public static let maximumWindow = 100

  /// The outcome of one check.
  public enum Outcome: Equatable, Sendable {
    /// The code belongs to `counter` (a time step or an HOTP counter), `offset` steps from the
    /// expected one.
    case accepted(counter: UInt64, offset: Int64)
    /// The code belongs to `counter`, but that step or counter was already used.
    case replayed(counter: UInt64)
    /// No step or counter within the window gives the code.
    case rejected
  }

  let generator: OTPGenerator
  let kind: OTPKind
  let period: Int

  /// A verifier for `account` (mOTP and Yandex accounts need their PIN set).
  ///
  /// - Throws: `CryptoError` when OpenSSL cannot set up the HMAC.
  public init(account: OTPAccount) throws(CryptoError) {
    generator = try OTPGenerator(account: account)
    kind = account.kind
    period = account.period
  }

  /// Checks `code` at Unix time `now` (time-based kinds) or from `expectedCounter` (HOTP).
  ///
  /// - Parameters:
  ///   - lastAccepted: the step or counter last accepted, if any; it and every earlier one are
  ///     refused.
  /// - Throws: `OTPError.timeBeforeEpoch` for a time before 1970.
  public func check(
    _ code: String, now: Int64, expectedCounter: UInt64, window: Int, lastAccepted: UInt64?
  ) throws(OTPError) -> Outcome {
    let window = UInt64(max(0, min(window, Self.maximumWindow)))
    let expected: UInt64
    let candidates: ClosedRange<UInt64>
    if kind == .hotp {
      expected = expectedCounter
      candidates = expected...(expected &+ window < expected ? UInt64.max : expected + window)
    } else {
      expected = try TimeStep.counter(at: now, period: period)
      candidates = (expected < window ? 0 : expected - window)...(expected + window)
    }
    let code = Self.normalized(code, kind: kind)
    var found: UInt64?
    // Every candidate is computed and compared, so the time taken does not say which matched.
    for counter in candidates where Self.equal(generator.code(counter: counter), code) && found == nil {
      found = counter
    }
    guard let found else { return .rejected }
    if let lastAccepted, found <= lastAccepted { return .replayed(counter: found) }
    return .accepted(counter: found, offset: Int64(bitPattern: found &- expected))
  }

  /// A typed code as `kind` writes it: Steam's letters in upper case, mOTP's hex digits and
  /// Yandex's letters in lower case, spaces and hyphens gone (`123 456`, `123-456`).
  public static func normalized(_ code: String, kind: OTPKind) -> String {
    let bare = String(code.filter { $0 != " " && $0 != "-" })
    switch kind {
    case .steam: return bare.uppercased()
    case .motp, .yandex: return bare.lowercased()
    case .totp, .hotp: return bare
    }
  }

  /// Compares two codes without stopping at the first difference.
  public static func equal(_ left: String, _ right: String) -> Bool {
    let a = Array(left.utf8)
    let b = Array(right.utf8)
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
  }
}
