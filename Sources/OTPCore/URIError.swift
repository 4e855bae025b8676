/// Why a text is not a usable otpauth URI. Each case names the part that is wrong.
public enum URIError: Error, Equatable, Sendable, CustomStringConvertible {
  case empty
  case tooLong(length: Int, limit: Int)
  /// A raw control byte (not percent-encoded) at `position` (from 1); URIs cannot hold one.
  case controlCharacter(position: Int)
  case wrongScheme(found: String)
  /// The text is a bare base32 secret (what services show under "can't scan?"), not a URI.
  case bareSecret
  case missingType
  case unknownType(String)
  case missingLabel
  case badPercentEscape(part: String, position: Int)
  case invalidUTF8(part: String)
  /// Query parameter number `index` (from 1) has no `=`; its text is not repeated, as it may be secret.
  case malformedParameter(index: Int)
  case duplicateParameter(String)
  case missingSecret
  case invalidSecret(Base32Error)
  case unknownAlgorithm(String)
  case invalidDigits(String)
  case invalidPeriod(String)
  case missingCounter
  case invalidCounter(String)
  case unknownEncoder(String)
  case invalidAccount(OTPError)

  public var description: String {
    switch self {
    case .empty: "the input is empty; expected an otpauth:// URI"
    case .tooLong(let length, let limit): "the URI is \(length) bytes long; at most \(limit) are accepted"
    case .controlCharacter(let position):
      "the URI holds a raw control character at byte \(position); a URI cannot (was it pasted with a tab or a line break inside?)"
    case .bareSecret:
      "this is a bare secret, not an otpauth:// URI; add it with `otter add --issuer … --name …`, which asks for the secret"
    case .wrongScheme(let found):
      found.lowercased() == "otpauth-migration"
        ? "this is a Google Authenticator transfer link (otpauth-migration://); use `otter import`"
        : found.isEmpty
          ? "the input does not start with otpauth:// (nor any URI scheme); paste the whole otpauth:// URI"
          : "the URI must start with otpauth:// (found \"\(Sanitizer.quoted(found, limit: 20))\")"
    case .missingType: "the URI has no type; expected otpauth://totp/… or otpauth://hotp/…"
    case .unknownType(let type):
      "unknown OTP type \"\(Sanitizer.quoted(type, limit: 20))\"; expected totp, hotp, steam, motp or yandex"
    case .missingLabel: "the URI has neither an account name (label) nor an issuer"
    case .badPercentEscape(let part, let position):
      "bad percent-escape in the \(part) at position \(position); '%' must be followed by two hex digits"
    case .invalidUTF8(let part): "the \(part) is not valid UTF-8 after percent-decoding"
    case .malformedParameter(let index): "query parameter \(index) has no '=' (expected name=value)"
    case .duplicateParameter(let name): "parameter \"\(name)\" appears more than once"
    case .missingSecret: "the URI has no secret parameter"
    case .invalidSecret(let error): "\(error)"
    case .unknownAlgorithm(let value):
      "unknown algorithm \"\(Sanitizer.quoted(value, limit: 20))\"; expected SHA1, SHA256 or SHA512"
    case .invalidDigits(let value): "digits \"\(Sanitizer.quoted(value, limit: 20))\" is not a whole number"
    case .invalidPeriod(let value): "period \"\(Sanitizer.quoted(value, limit: 20))\" is not a whole number of seconds"
    case .missingCounter: "an hotp URI needs a counter parameter (the next counter value)"
    case .invalidCounter(let value):
      "counter \"\(Sanitizer.quoted(value, limit: 30))\" is not a whole number from 0 to 18446744073709551615"
    case .unknownEncoder(let value): "unknown encoder \"\(Sanitizer.quoted(value, limit: 20))\"; only steam is known"
    case .invalidAccount(let error): "\(error)"
    }
  }
}

/// Something in a URI that Otter accepted but the user should know about.
public enum URIWarning: Equatable, Sendable, CustomStringConvertible {
  /// The label's issuer prefix and the `issuer` parameter differ; the parameter was used.
  case issuerMismatch(label: String, parameter: String)

  public var description: String {
    switch self {
    case .issuerMismatch(let label, let parameter):
      "the label says issuer \"\(Sanitizer.quoted(label, limit: 60))\" but the issuer parameter says \"\(Sanitizer.quoted(parameter, limit: 60))\"; using the parameter"
    }
  }
}
