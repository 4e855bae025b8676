import CryptoPrimitives

/// The otpauth URI of Google's Key URI format, both ways.
///
/// `otpauth://TYPE/LABEL?PARAMETERS`: TYPE is `totp`, `hotp` or `steam` (Steam is also written
/// `totp` with `encoder=steam`); LABEL is `issuer:account` or `account`, percent-encoded UTF-8,
/// the colon literal or `%3A`, spaces (literal or `%20`) allowed after it; the `issuer`
/// parameter wins over the label's prefix. `secret` is required, `algorithm`, `digits` and
/// `period` default to SHA1, 6 and 30, `counter` is required for hotp. Unknown parameters are
/// kept in order so a round trip loses nothing.
public enum OTPAuthURI {
  /// The longest URI accepted, in bytes. Real ones are under 300; some carry an image URL.
  public static let maximumLength = 8192

  /// An account read from a URI, with anything the user should be told.
  public struct Parsed: Sendable {
    public var account: OTPAccount
    public var warnings: [URIWarning]
  }

  /// Parses `text` as an otpauth URI.
  ///
  /// - Parameter text: the URI, without surrounding whitespace.
  /// - Returns: the account and any warnings (such as an issuer mismatch).
  /// - Throws: `URIError` naming the part that is wrong.
  /// A URI from another app's export: `parse(utf8:lenient: true)`.
  public static func parseImported(_ text: String) throws(URIError) -> Parsed {
    try parse(utf8: Array(text.utf8), lenient: true)
  }

  /// `steam://SECRET`, as Proton Authenticator exports a Steam Guard account: the base32
  /// secret, nothing else; the account is named Steam.
  static func steam(_ rest: ArraySlice<UInt8>) throws(URIError) -> Parsed {
    var text = try PercentEncoding.decodeBytes(
      rest.prefix { $0 != UInt8(ascii: "?") }, part: "the Steam secret", plusIsSpace: false)
    defer { wipe(&text) }
    guard !text.isEmpty else { throw .missingSecret }
    let secret: SecretBytes
    do { secret = try Base32.decode(utf8: text[...]) } catch { throw .invalidSecret(error) }
    guard !secret.isEmpty else { throw .missingSecret }
    do {
      return Parsed(account: try OTPAccount(kind: .steam, issuer: "Steam", name: "", secret: secret), warnings: [])
    } catch {
      throw .invalidAccount(error)
    }
  }

  public static func parse(_ text: String) throws(URIError) -> Parsed {
    try parse(utf8: Array(text.utf8))
  }

  /// Parses the UTF-8 bytes of a URI (a pasted one held in a wiped buffer); the secret is
  /// decoded from the bytes and never becomes a `String`.
  ///
  /// - Throws: `URIError` naming the part that is wrong.
  ///
  /// - Parameter lenient: for URIs other apps wrote into their exports (ente writes a bare
  ///   `issuer` with no `=`, and `algorithm=null`, `digits=null`, `period=null`): a parameter
  ///   without `=` is skipped, and those three given as `null` or empty count as not given
  ///   (the defaults), as ente's own importer and others read them. `otter add` stays strict.
  public static func parse(utf8 bytes: [UInt8], lenient: Bool = false) throws(URIError) -> Parsed {
    guard !bytes.isEmpty else { throw .empty }
    guard bytes.count <= maximumLength else { throw .tooLong(length: bytes.count, limit: maximumLength) }
    // A raw control byte is not valid anywhere in a URI (an encoded one, %00, is the label's
    // business and is shown sanitized).
    if let position = bytes.firstIndex(where: { $0 < 0x20 || $0 == 0x7F }) {
      throw .controlCharacter(position: position + 1)
    }

    guard let schemeEnd = find(Array("://".utf8), in: bytes[...]) else {
      if looksLikeBareSecret(bytes) { throw .bareSecret }
      throw .wrongScheme(found: schemeCandidate(bytes))
    }
    let scheme = String(decoding: bytes[..<schemeEnd], as: UTF8.self)
    if scheme.lowercased() == "steam" { return try steam(bytes[(schemeEnd + 3)...]) }
    guard scheme.lowercased() == "otpauth" else { throw .wrongScheme(found: schemeCandidate(bytes)) }

    let afterScheme = bytes[(schemeEnd + 3)...]
    let queryStart = afterScheme.firstIndex(of: UInt8(ascii: "?")) ?? afterScheme.endIndex
    let path = afterScheme[..<queryStart]
    let typeEnd = path.firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex
    let typeText = String(decoding: path[..<typeEnd], as: UTF8.self).lowercased()
    guard !typeText.isEmpty else { throw .missingType }
    guard var kind = OTPKind(name: typeText) else { throw .unknownType(typeText) }
    let rawLabel = typeEnd < path.endIndex ? path[(typeEnd + 1)...] : path[path.endIndex...]
    let label = try splitLabel(rawLabel)

    let query = queryStart < afterScheme.endIndex ? afterScheme[(queryStart + 1)...] : afterScheme[afterScheme.endIndex...]
    var known: [String: String] = [:]
    var extras: [URIParameter] = []
    var secretValue: ArraySlice<UInt8>?
    var index = 0
    for segment in query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
      index += 1
      guard let equals = segment.firstIndex(of: UInt8(ascii: "=")) else {
        if lenient { continue }
        throw .malformedParameter(index: index)
      }
      let name = try PercentEncoding.decode(segment[..<equals], part: "parameter name", plusIsSpace: true)
      let key = name.lowercased()
      if key == "secret" {
        guard secretValue == nil else { throw .duplicateParameter(key) }
        secretValue = segment[(equals + 1)...]
        continue
      }
      let value = try PercentEncoding.decode(
        segment[(equals + 1)...], part: "value of \(Sanitizer.quoted(name, limit: 20))", plusIsSpace: true)
      if lenient, ["algorithm", "digits", "period"].contains(key), value.isEmpty || value.lowercased() == "null" { continue }
      if knownParameters.contains(key) {
        guard known[key] == nil else { throw .duplicateParameter(key) }
        known[key] = value
      } else {
        extras.append(URIParameter(name: name, value: value))
      }
    }

    if let encoder = known["encoder"] {
      guard encoder.lowercased() == "steam" else { throw .unknownEncoder(encoder) }
      kind = .steam
    }

    guard let secretValue, !secretValue.isEmpty else { throw .missingSecret }
    var secretText = try PercentEncoding.decodeBytes(secretValue, part: "value of secret", plusIsSpace: true)
    defer { wipe(&secretText) }
    let secret: SecretBytes
    do { secret = try Base32.decode(utf8: secretText[...]) } catch { throw .invalidSecret(error) }
    guard !secret.isEmpty else { throw .missingSecret }

    var algorithm = DigestAlgorithm.sha1
    if let text = known["algorithm"] {
      guard let found = DigestAlgorithm(name: text) else { throw .unknownAlgorithm(text) }
      algorithm = found
    }
    var digits: Int? = nil
    if let text = known["digits"] {
      guard let value = strictInteger(text) else { throw .invalidDigits(text) }
      digits = value
    }
    var period: Int? = nil
    if kind != .hotp, let text = known["period"] {
      guard let value = strictInteger(text) else { throw .invalidPeriod(text) }
      period = value
    } else if kind == .hotp, let text = known["period"] {
      extras.append(URIParameter(name: "period", value: text))
    }
    var counter: UInt64 = 0
    if kind == .hotp {
      guard let text = known["counter"] else { throw .missingCounter }
      guard let value = strictUnsigned(text) else { throw .invalidCounter(text) }
      counter = value
    } else if let text = known["counter"] {
      extras.append(URIParameter(name: "counter", value: text))
    }

    var warnings: [URIWarning] = []
    var issuer = label.issuer ?? ""
    if let parameter = known["issuer"], !parameter.isEmpty {
      if let prefix = label.issuer, !prefix.isEmpty, prefix != parameter {
        warnings.append(.issuerMismatch(label: prefix, parameter: parameter))
      }
      issuer = parameter
    }
    guard !label.name.isEmpty || !issuer.isEmpty else { throw .missingLabel }

    do {
      let account = try OTPAccount(
        kind: kind, issuer: issuer, name: label.name, secret: secret, algorithm: algorithm,
        digits: digits, period: period, counter: counter, extraParameters: extras)
      return Parsed(account: account, warnings: warnings)
    } catch {
      throw .invalidAccount(error)
    }
  }

  /// Whether `bytes` are a base32 secret as services print them: at least 16 letters A–Z and
  /// digits 2–7 (either case), maybe grouped by spaces or hyphens, maybe padded.
  public static func looksLikeBareSecret(_ bytes: [UInt8]) -> Bool {
    var symbols = 0
    for byte in bytes {
      switch byte | 0x20 {
      case UInt8(ascii: "a")...UInt8(ascii: "z"): symbols += 1
      default:
        switch byte {
        case UInt8(ascii: "2")...UInt8(ascii: "7"): symbols += 1
        case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "="): continue
        default: return false
        }
      }
    }
    return symbols >= 16
  }

  /// The scheme the text starts with, for the error message, or "" when it does not start with
  /// one: a bare secret pasted in place of a URI must not be repeated in the error.
  static func schemeCandidate(_ bytes: [UInt8]) -> String {
    guard let colon = bytes.prefix(33).firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return "" }
    let candidate = bytes[..<colon]
    let isScheme = candidate.enumerated().allSatisfy { index, byte in
      let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
      let other =
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
      return letter || (index > 0 && other)
    }
    return isScheme ? String(decoding: candidate, as: UTF8.self) : ""
  }

  /// The parameters Otter interprets; every other one is kept as an extra.
  static let knownParameters: Set<String> = ["secret", "issuer", "algorithm", "digits", "period", "counter", "encoder"]

  /// Splits a raw label at its first colon (literal or `%3A`) and decodes both sides.
  private static func splitLabel(_ raw: ArraySlice<UInt8>) throws(URIError) -> (issuer: String?, name: String) {
    var index = raw.startIndex
    while index < raw.endIndex {
      if raw[index] == UInt8(ascii: ":") {
        return try decodeSplit(raw, prefixEnd: index, nameStart: index + 1)
      }
      if raw[index] == UInt8(ascii: "%"), index + 2 < raw.endIndex, raw[index + 1] == UInt8(ascii: "3"),
        raw[index + 2] | 0x20 == UInt8(ascii: "a")
      {
        return try decodeSplit(raw, prefixEnd: index, nameStart: index + 3)
      }
      index += 1
    }
    // Leading spaces are dropped here too, as after a colon: a name that kept them could not be
    // written back with its issuer prefix (which drops them) and read the same.
    let name = try PercentEncoding.decode(raw, part: "label", plusIsSpace: false)
    return (nil, String(name.drop { $0 == " " }))
  }

  private static func decodeSplit(
    _ raw: ArraySlice<UInt8>, prefixEnd: Int, nameStart: Int
  ) throws(URIError) -> (issuer: String?, name: String) {
    var start = nameStart
    // Spaces after the colon separate, they do not belong to the name: literal or %20.
    while start < raw.endIndex {
      if raw[start] == UInt8(ascii: " ") {
        start += 1
      } else if raw[start] == UInt8(ascii: "%"), start + 2 < raw.endIndex, raw[start + 1] == UInt8(ascii: "2"),
        raw[start + 2] == UInt8(ascii: "0")
      {
        start += 3
      } else {
        break
      }
    }
    let issuer = try PercentEncoding.decode(raw[raw.startIndex..<prefixEnd], part: "label issuer", plusIsSpace: false)
    let name = try PercentEncoding.decode(raw[start...], part: "label account name", plusIsSpace: false)
    return (issuer, name)
  }

  private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    var index = haystack.startIndex
    while index + needle.count <= haystack.endIndex {
      if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
      index += 1
    }
    return nil
  }

  /// A decimal integer of at most 9 digits, without sign or spaces.
  private static func strictInteger(_ text: String) -> Int? {
    guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    return Int(text)
  }

  /// A decimal unsigned 64-bit integer, without sign or spaces.
  private static func strictUnsigned(_ text: String) -> UInt64? {
    guard !text.isEmpty, text.utf8.count <= 20, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    return UInt64(text)
  }

  /// The URI of `account`. Parsing the result gives back an identical account.
  ///
  /// The issuer goes both in the label (when it has no colon) and in the `issuer` parameter;
  /// `algorithm`, `digits` and `period` are always written, so no reader has to guess.
  public static func format(_ account: OTPAccount) -> String {
    var bytes = formatUTF8(account)
    defer { wipe(&bytes) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The URI of `account` as UTF-8 bytes, built without the secret ever being a `String`: for
  /// a QR code, whose caller wipes the bytes after encoding.
  public static func formatUTF8(_ account: OTPAccount) -> [UInt8] {
    // Colons are looked for as scalars: ":" followed by a combining mark is one Character that
    // is not ":", yet its encoded form still splits the label (found by fuzzing).
    let issuerHasColon = account.issuer.unicodeScalars.contains(":")
    let nameHasColon = account.name.unicodeScalars.contains(":")
    let label: String
    if !account.issuer.isEmpty && !issuerHasColon {
      label = PercentEncoding.encode(account.issuer) + ":" + PercentEncoding.encode(account.name)
    } else if nameHasColon {
      // An empty prefix keeps a colon in the name from being read as an issuer separator.
      label = ":" + PercentEncoding.encode(account.name)
    } else {
      label = PercentEncoding.encode(account.name)
    }
    var bytes = Array("otpauth://\(account.kind.rawValue)/\(label)?secret=".utf8)
    bytes.reserveCapacity(bytes.count + 256)
    Base32.encode(account.secret, into: &bytes)
    var parameters: [String] = []
    if !account.issuer.isEmpty { parameters.append("issuer=" + PercentEncoding.encode(account.issuer)) }
    parameters.append("algorithm=" + account.algorithm.rawValue)
    parameters.append("digits=\(account.digits)")
    switch account.kind {
    case .totp, .steam, .motp, .yandex: parameters.append("period=\(account.period)")
    case .hotp: parameters.append("counter=\(account.counter)")
    }
    for extra in account.extraParameters {
      parameters.append(PercentEncoding.encode(extra.name) + "=" + PercentEncoding.encode(extra.value))
    }
    for parameter in parameters { bytes += Array(("&" + parameter).utf8) }
    return bytes
  }
}
