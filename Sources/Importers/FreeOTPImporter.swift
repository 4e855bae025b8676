import CryptoPrimitives
import JSONCodec
import OTPCore

/// FreeOTP+ JSON: `tokens` with the secret as an array of signed bytes; and FreeOTP's own
/// `tokens.xml` (Android shared preferences: one `<string>` per token holding the same JSON);
/// and FreeOTP 2's encrypted backup (`FreeOTPBackup`).
public enum FreeOTPImporter {
  public static func read(
    _ bytes: [UInt8], password: SecretBytes? = nil, budget: KDFBudget = .default
  ) throws(ImportError) -> [ImportItem] {
    if FreeOTPBackup.matches(bytes) { return try FreeOTPBackup.read(bytes, password: password, budget: budget) }
    if AndroidPreferences.matches(bytes) { return try FreeOTPXML.read(bytes) }
    guard let tokens = try EntryBuilder.parse(bytes, format: "FreeOTP+")["tokens"]?.arrayValue else {
      throw .malformed("a FreeOTP+ backup has a tokens list")
    }
    return tokens.enumerated().map { index, token in item(token, location: "token \(index + 1)") }
  }

  /// One token object as an account.
  static func item(_ token: JSON, location: String) -> ImportItem {
    guard let secretValues = token["secret"]?.arrayValue else {
      return ImportItem(location, .failure(.entry("the token lacks secret or type")))
    }
    guard var secret = bytes(secretValues) else {
      return ImportItem(location, .failure(.entry("the secret holds a value that is not a byte")))
    }
    defer { wipe(&secret) }
    return item(token, secret: SecretBytes(secret), location: location)
  }

  /// Gson's byte array (Java's signed bytes): numbers from -128 to 255; nil when one is not.
  static func bytes(_ values: [JSON]) -> [UInt8]? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(values.count)
    for value in values {
      guard let number = value.int64Value, (-128...255).contains(number) else {
        wipe(&bytes)
        return nil
      }
      bytes.append(UInt8(truncatingIfNeeded: number))
    }
    return bytes
  }

  /// A token's fields (FreeOTP's `Token`, as Gson writes it: a field that is null is left out)
  /// with its secret. A name renamed in FreeOTP 1.5 or older is in `issuerAlt`/`labelAlt`, and
  /// FreeOTP shows an issuer of `Steam` as Steam codes.
  static func item(_ token: JSON, secret: SecretBytes, location: String) -> ImportItem {
    guard let type = token["type"]?.stringValue else {
      return ImportItem(location, .failure(.entry("the token lacks secret or type")))
    }
    let issuer =
      token["issuerAlt"]?.stringValue ?? token["issuerExt"]?.stringValue ?? token["issuerInt"]?.stringValue ?? ""
    let kind = type.uppercased() == "TOTP" && issuer == "Steam" ? "steam" : type
    return ImportItem(
      location,
      EntryBuilder.account(
        kind: kind, issuer: issuer, name: token["labelAlt"]?.stringValue ?? token["label"]?.stringValue ?? "",
        base32Secret: Base32.encode(secret), algorithm: token["algo"]?.stringValue, digits: token["digits"]?.int64Value,
        period: token["period"]?.int64Value, counter: token["counter"]?.int64Value.flatMap { UInt64(exactly: $0) }))
  }
}
