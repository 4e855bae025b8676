import JSONCodec
import OTPCore

/// 2FAS's unencrypted `.2fas` backup: `services`, each with `secret` and an `otp` object.
public enum TwoFASImporter {
  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    let json = try EntryBuilder.parse(bytes, format: "2FAS")
    guard let version = json["schemaVersion"]?.int64Value, (1...4).contains(version) else {
      let shown = json["schemaVersion"].map { Sanitizer.quoted($0.text(), limit: 20) } ?? "none"
      throw .malformed(
        "this 2FAS backup has schema version \(shown); Otter reads versions 1 to 4 (export it again from a current 2FAS)")
    }
    if json["servicesEncrypted"]?.stringValue != nil && json["services"]?.arrayValue?.isEmpty != false {
      throw .malformed("this 2FAS backup is encrypted; export it again without a password")
    }
    guard let services = json["services"]?.arrayValue else { throw .malformed("a 2FAS backup has a services list") }
    return services.enumerated().map { index, service in
      guard let secret = service["secret"]?.stringValue, let otp = service["otp"] else {
        return ImportItem("service \(index + 1)", .failure(.entry("the service lacks secret or otp")))
      }
      let issuer = otp["issuer"]?.stringValue ?? service["name"]?.stringValue ?? ""
      let name = otp["account"]?.stringValue ?? otp["label"]?.stringValue ?? ""
      return ImportItem(
        "service \(index + 1)",
        EntryBuilder.account(
          kind: otp["tokenType"]?.stringValue ?? "TOTP", issuer: issuer, name: name, base32Secret: secret,
          algorithm: otp["algorithm"]?.stringValue, digits: otp["digits"]?.int64Value, period: otp["period"]?.int64Value,
          counter: otp["counter"]?.int64Value.flatMap { UInt64(exactly: $0) }))
    }
  }
}
