/// Why an account cannot make a code.
public enum OTPError: Error, Equatable, Sendable, CustomStringConvertible {
  case emptySecret
  case secretTooLong(bytes: Int)
  case digitsOutOfRange(Int, allowed: ClosedRange<Int>)
  case periodOutOfRange(Int)
  /// TOTP time steps count from 1970-01-01; an earlier time has no code.
  case timeBeforeEpoch(Int64)
  /// The counter would pass 2^64 - 1.
  case counterOverflow
  /// The issuer or the name is longer than Otter keeps (`OTPAccount.maximumLabelLength`).
  case labelTooLong(field: String, characters: Int)
  /// A PIN must be 4 to 16 ASCII digits.
  case invalidPIN
  /// A Yandex secret is 16 bytes, or 26 with its checksum.
  case yandexSecretLength(Int)
  /// The 26-byte Yandex secret's checksum does not match: a typo or a damaged export.
  case yandexChecksum

  public var description: String {
    switch self {
    case .emptySecret: "the secret is empty"
    case .secretTooLong(let bytes):
      "the secret is \(bytes) bytes long; at most \(OTPAccount.maximumSecretLength) are accepted"
    case .digitsOutOfRange(let digits, let allowed):
      allowed.count == 1
        ? "digits is \(digits) but must be \(allowed.lowerBound) for this kind"
        : "digits is \(digits) but must be between \(allowed.lowerBound) and \(allowed.upperBound)"
    case .periodOutOfRange(let period):
      "period is \(period) s but must be between 1 and 86400 (one day)"
    case .timeBeforeEpoch(let time):
      "time \(time) is before 1970-01-01 00:00:00 UTC, where TOTP time steps begin"
    case .counterOverflow: "the counter would pass 18446744073709551615 (2^64 - 1)"
    case .invalidPIN: "the PIN must be 4 to 16 digits"
    case .yandexSecretLength(let bytes): "a Yandex secret is 16 bytes (or 26 with its checksum), not \(bytes)"
    case .yandexChecksum: "the Yandex secret's checksum does not match (a typo, or a damaged export)"
    case .labelTooLong(let field, let characters):
      "the \(field) is \(characters) characters long; at most \(OTPAccount.maximumLabelLength) are kept (shorten it in the other app, or edit the URI)"
    }
  }
}
