import CryptoPrimitives

/// How every listing, report and screen names an account, and the order they show accounts in.
public enum AccountLabel {
  /// "Issuer: name", or the name alone when there is no issuer. Not sanitized: pass labels
  /// from files through `Sanitizer` before showing them.
  public static func text(issuer: String, name: String) -> String {
    issuer.isEmpty ? name : issuer + ": " + name
  }

  /// The label of `account`, sanitized for a terminal.
  public static func shown(_ account: OTPAccount) -> String {
    Sanitizer.displayText(text(issuer: account.issuer, name: account.name))
  }
}

/// The one display order of accounts, shared by `otter list`, exports and the viewer:
/// favourites first, then issuer, then name, both compared case-insensitively; accounts that
/// tie keep the order they are stored in.
public struct DisplayOrderKey: Comparable, Sendable {
  let favourite: Bool
  let issuer: String
  let name: String

  public init(issuer: String, name: String, favourite: Bool) {
    self.favourite = favourite
    self.issuer = issuer.lowercased()
    self.name = name.lowercased()
  }

  public static func < (a: DisplayOrderKey, b: DisplayOrderKey) -> Bool {
    if a.favourite != b.favourite { return a.favourite }
    return (a.issuer, a.name) < (b.issuer, b.name)
  }

  /// The indices `0..<keys.count` in display order (ties by index).
  public static func order(_ keys: [DisplayOrderKey]) -> [Int] {
    keys.indices.sorted { keys[$0] < keys[$1] || (!(keys[$1] < keys[$0]) && $0 < $1) }
  }
}

extension OTPKind {
  /// The kind named `name` in any letter case ("totp", "HOTP", "Steam"), or nil.
  public init?(name: String) {
    self.init(rawValue: name.lowercased())
  }
}

extension DigestAlgorithm {
  /// The algorithm named `name` as exporters write it: any letter case, with or without a dash
  /// ("SHA1", "sha-256", "Sha512"), or nil.
  public init?(name: String) {
    self.init(rawValue: String(name.uppercased().filter { $0 != "-" }))
  }
}
