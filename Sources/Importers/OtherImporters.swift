import CryptoPrimitives
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

/// 2FAS's unencrypted `.2fas` backup: `services`, each with `secret` and an `otp` object.
public enum TwoFASImporter {
  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    let json = try EntryBuilder.parse(bytes, format: "2FAS")
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

/// Bitwarden's unencrypted JSON export: items whose `login.totp` is an otpauth URI, a bare
/// base32 secret, or `steam://SECRET`.
public enum BitwardenImporter {
  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    let json = try EntryBuilder.parse(bytes, format: "Bitwarden")
    if json["encrypted"]?.boolValue == true {
      throw .malformed("this Bitwarden export is encrypted; export it as unencrypted JSON")
    }
    guard let items = json["items"]?.arrayValue else { throw .malformed("a Bitwarden export has an items list") }
    var result: [ImportItem] = []
    for (index, item) in items.enumerated() {
      guard let totp = item["login"]?["totp"]?.stringValue, !totp.isEmpty else { continue }
      let location = "item \(index + 1)"
      let name = item["login"]?["username"]?.stringValue ?? ""
      let issuer = item["name"]?.stringValue ?? ""
      if totp.lowercased().hasPrefix("otpauth://") {
        do {
          result.append(ImportItem(location, .success(ImportedAccount(account: try OTPAuthURI.parse(totp).account))))
        } catch {
          result.append(ImportItem(location, .failure(.from(error))))
        }
      } else if totp.lowercased().hasPrefix("steam://") {
        result.append(
          ImportItem(
            location,
            EntryBuilder.account(
              kind: "steam", issuer: issuer, name: name, base32Secret: String(totp.dropFirst(8)), algorithm: nil, digits: nil,
              period: nil, counter: nil)))
      } else {
        result.append(
          ImportItem(
            location,
            EntryBuilder.account(
              kind: "totp", issuer: issuer, name: name, base32Secret: totp, algorithm: nil, digits: nil, period: nil,
              counter: nil)))
      }
    }
    return result
  }
}
