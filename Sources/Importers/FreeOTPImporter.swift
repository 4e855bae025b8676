import CryptoPrimitives
import JSONCodec
import OTPCore

/// FreeOTP+ JSON: `tokens` with the secret as an array of signed bytes; and FreeOTP's own
/// `tokens.xml` (Android shared preferences: one `<string>` per token holding the same JSON).
public enum FreeOTPImporter {
  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    if AndroidPreferences.matches(bytes) { return try FreeOTPXML.read(bytes) }
    guard let tokens = try EntryBuilder.parse(bytes, format: "FreeOTP+")["tokens"]?.arrayValue else {
      throw .malformed("a FreeOTP+ backup has a tokens list")
    }
    return tokens.enumerated().map { index, token in item(token, location: "token \(index + 1)") }
  }

  /// One token object as an account.
  static func item(_ token: JSON, location: String) -> ImportItem {
    guard let secretValues = token["secret"]?.arrayValue, let type = token["type"]?.stringValue else {
      return ImportItem(location, .failure(.entry("the token lacks secret or type")))
    }
    var secret: [UInt8] = []
    defer { wipe(&secret) }
    for value in secretValues {
      guard let number = value.int64Value, (-128...255).contains(number) else {
        return ImportItem(location, .failure(.entry("the secret holds a value that is not a byte")))
      }
      secret.append(UInt8(truncatingIfNeeded: number))
    }
    return ImportItem(
      location,
      EntryBuilder.account(
        kind: type, issuer: token["issuerExt"]?.stringValue ?? token["issuerInt"]?.stringValue ?? "",
        name: token["label"]?.stringValue ?? "", base32Secret: Base32.encode(SecretBytes(secret)),
        algorithm: token["algo"]?.stringValue, digits: token["digits"]?.int64Value, period: token["period"]?.int64Value,
        counter: token["counter"]?.int64Value.flatMap { UInt64(exactly: $0) }))
  }
}
