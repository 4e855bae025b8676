import CryptoPrimitives

/// How an account's codes are made.
public enum OTPKind: String, CaseIterable, Sendable, Hashable {
  /// Time-based (RFC 6238): the counter is the current time step.
  case totp
  /// Counter-based (RFC 4226): the counter advances when a code is used.
  case hotp
  /// Steam Guard: TOTP with five characters from Steam's alphabet.
  case steam
  /// Mobile-OTP: the first hex digits of MD5(time step of 10 s, the secret in hex, the PIN).
  case motp
  /// Yandex Key: HMAC-SHA-256 under SHA-256(PIN, secret), eight letters a–z.
  case yandex

  /// Whether codes need the account's PIN as well as its secret.
  public var needsPIN: Bool { self == .motp || self == .yandex }
}

/// One extra `otpauth` parameter Otter does not interpret but keeps, so a round trip loses nothing.
public struct URIParameter: Sendable, Hashable {
  public var name: String
  public var value: String
  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

/// An account's one-time-password settings and secret, as an otpauth URI carries them.
public struct OTPAccount: Sendable {
  public var kind: OTPKind
  public var issuer: String
  public var name: String
  public var secret: SecretBytes
  public var algorithm: DigestAlgorithm
  /// Code length: 6 to 10 for TOTP and HOTP; always 5 for Steam.
  public var digits: Int
  /// Time step in seconds (TOTP and Steam), 1 s to 1 day.
  public var period: Int
  /// The next counter to use (HOTP only; 0 for the others).
  public var counter: UInt64
  /// Parameters kept from the URI without being interpreted.
  public var extraParameters: [URIParameter]
  /// The PIN that mOTP and Yandex codes are made with (ASCII digits), nil for other kinds and
  /// for an account still waiting for it. Never part of an otpauth URI.
  public var pin: SecretBytes?

  public static let allowedDigits = 6...10
  public static let allowedPeriod = 1...86_400
  public static let steamDigits = 5
  public static let yandexDigits = 8
  /// A Yandex secret is 16 bytes (a 26-byte one carries a checksum, checked and cut off).
  public static let yandexSecretLength = 16
  /// PINs: 4 to 16 ASCII digits (mOTP uses 4, Yandex 4 to 16).
  public static let allowedPINLength = 4...16
  /// The longest secret accepted, in bytes (2048 bits; real secrets are 10 to 64 bytes).
  public static let maximumSecretLength = 256
  /// The longest issuer or name accepted, in characters (and four times as many UTF-8 bytes,
  /// which bounds a character built of many combining marks). Real labels are under 100.
  public static let maximumLabelLength = 256

  /// Creates an account after checking every setting.
  ///
  /// - Throws: `OTPError` naming the setting that is out of range.
  public init(
    kind: OTPKind, issuer: String = "", name: String, secret: SecretBytes,
    algorithm: DigestAlgorithm = .sha1, digits: Int? = nil, period: Int? = nil, counter: UInt64 = 0,
    extraParameters: [URIParameter] = [], pin: SecretBytes? = nil
  ) throws(OTPError) {
    self.kind = kind
    self.issuer = issuer
    self.name = name
    self.secret = kind == .yandex ? try YandexSecret.normalized(secret) : secret
    self.algorithm = kind == .yandex ? .sha256 : algorithm
    self.digits = digits ?? Self.defaultDigits(kind)
    self.period = period ?? (kind == .motp ? 10 : 30)
    self.counter = counter
    self.extraParameters = extraParameters
    self.pin = kind.needsPIN ? pin : nil
    try validate()
  }

  /// The code length of `kind` when none is given.
  public static func defaultDigits(_ kind: OTPKind) -> Int {
    switch kind {
    case .steam: steamDigits
    case .yandex: yandexDigits
    case .totp, .hotp, .motp: 6
    }
  }

  /// Whether this account can make codes: every kind but mOTP and Yandex always, those once
  /// their PIN is set.
  public var hasPINIfNeeded: Bool { !kind.needsPIN || pin != nil }

  /// Checks a PIN: 4 to 16 ASCII digits.
  ///
  /// - Throws: `OTPError.invalidPIN`.
  public static func checkPIN(_ pin: SecretBytes) throws(OTPError) {
    guard Self.allowedPINLength.contains(pin.count),
      (0..<pin.count).allSatisfy({ pin[$0] >= UInt8(ascii: "0") && pin[$0] <= UInt8(ascii: "9") })
    else { throw .invalidPIN }
  }

  /// Checks that the settings can make codes.
  ///
  /// - Throws: `OTPError.emptySecret`, `.labelTooLong`, `.secretTooLong`, `.digitsOutOfRange` or
  ///   `.periodOutOfRange`.
  public func validate() throws(OTPError) {
    guard !secret.isEmpty else { throw .emptySecret }
    for (field, text) in [("issuer", issuer), ("name", name)]
    where text.utf8.count > Self.maximumLabelLength
      && (text.utf8.count > 4 * Self.maximumLabelLength || text.count > Self.maximumLabelLength)
    {
      throw .labelTooLong(field: field, characters: text.count)
    }
    guard secret.count <= Self.maximumSecretLength else { throw .secretTooLong(bytes: secret.count) }
    switch kind {
    case .steam:
      guard digits == Self.steamDigits else { throw .digitsOutOfRange(digits, allowed: 5...5) }
    case .yandex:
      guard digits == Self.yandexDigits else { throw .digitsOutOfRange(digits, allowed: 8...8) }
      guard secret.count == Self.yandexSecretLength else { throw .yandexSecretLength(secret.count) }
    case .totp, .hotp, .motp:
      guard Self.allowedDigits.contains(digits) else { throw .digitsOutOfRange(digits, allowed: Self.allowedDigits) }
    }
    if let pin { try Self.checkPIN(pin) }
    if kind != .hotp {
      guard Self.allowedPeriod.contains(period) else { throw .periodOutOfRange(period) }
    }
  }

  /// Whether codes depend on the time (TOTP and Steam) rather than a counter.
  public var isTimeBased: Bool { kind != .hotp }

  /// Whether two accounts are the same in every field, secrets compared in constant time.
  public func isIdentical(to other: OTPAccount) -> Bool {
    kind == other.kind && issuer == other.issuer && name == other.name && algorithm == other.algorithm
      && digits == other.digits && (kind == .hotp || period == other.period) && counter == other.counter
      && extraParameters == other.extraParameters && secret.constantTimeEquals(other.secret)
      && (pin.map { mine in other.pin.map { mine.constantTimeEquals($0) } ?? false } ?? (other.pin == nil))
  }
}
