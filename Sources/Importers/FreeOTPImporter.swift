import CryptoPrimitives
import JSONCodec
import OTPCore

/// FreeOTP+ JSON: `tokens` with the secret as an array of signed bytes.
public enum FreeOTPImporter {
  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    guard let tokens = try EntryBuilder.parse(bytes, format: "FreeOTP+")["tokens"]?.arrayValue else {
      throw .malformed("a FreeOTP+ backup has a tokens list")
    }
    return tokens.enumerated().map { index, token in
      guard let secretValues = token["secret"]?.arrayValue, let type = token["type"]?.stringValue else {
        return ImportItem("token \(index + 1)", .failure(.entry("the token lacks secret or type")))
      }
      var secret: [UInt8] = []
      defer { wipe(&secret) }
      for value in secretValues {
        guard let number = value.int64Value, (-128...255).contains(number) else {
          return ImportItem("token \(index + 1)", .failure(.entry("the secret holds a value that is not a byte")))
        }
        secret.append(UInt8(truncatingIfNeeded: number))
      }
      return ImportItem(
        "token \(index + 1)",
        EntryBuilder.account(
          kind: type, issuer: token["issuerExt"]?.stringValue ?? token["issuerInt"]?.stringValue ?? "",
          name: token["label"]?.stringValue ?? "", base32Secret: Base32.encode(SecretBytes(secret)),
          algorithm: token["algo"]?.stringValue, digits: token["digits"]?.int64Value, period: token["period"]?.int64Value,
          counter: token["counter"]?.int64Value.flatMap { UInt64(exactly: $0) }))
    }
  }
}
