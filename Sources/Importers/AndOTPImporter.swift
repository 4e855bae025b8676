import JSONCodec
import OTPCore

/// andOTP's JSON backup: an array of entries with `secret`, `issuer`, `label`, `type`, …
public enum AndOTPImporter {
  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    guard let entries = try EntryBuilder.parse(bytes, format: "andOTP").arrayValue else {
      throw .malformed("an andOTP backup is a JSON array")
    }
    return entries.enumerated().map { index, entry in
      guard let secret = entry["secret"]?.stringValue, let type = entry["type"]?.stringValue else {
        return ImportItem("entry \(index + 1)", .failure(.entry("the entry lacks secret or type")))
      }
      var issuer = entry["issuer"]?.stringValue ?? ""
      var name = entry["label"]?.stringValue ?? ""
      // Older andOTP versions keep "Issuer - name" or "Issuer:name" in the label alone.
      if issuer.isEmpty, let colon = name.firstIndex(of: ":") {
        issuer = String(name[..<colon])
        name = String(name[name.index(after: colon)...]).trimmingCharacters()
      }
      let tags = entry["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
      return ImportItem(
        "entry \(index + 1)",
        EntryBuilder.account(
          kind: type, issuer: issuer, name: name, base32Secret: secret, algorithm: entry["algorithm"]?.stringValue,
          digits: entry["digits"]?.int64Value, period: entry["period"]?.int64Value,
          counter: entry["counter"]?.int64Value.flatMap { UInt64(exactly: $0) }, tags: tags))
    }
  }
}
