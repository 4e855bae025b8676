import OTPCore

/// One account as the viewer shows it.
public struct ViewerAccount: @unchecked Sendable {
  public let id: UUIDText
  public let account: OTPAccount
  public let favourite: Bool
  /// The account's note (shown and edited in the edit form only).
  public let note: String
  /// How many other versions of this account, edited apart on another copy, wait to be
  /// resolved (`otter merge --resolve`); 0 almost always.
  public let conflicts: Int
  /// The label as it may be drawn: sanitized once, here.
  public let issuer: String
  public let name: String
  /// The groups the account belongs to, as stored (the filter's `#name`).
  public let groups: [String]
  /// The same, lowercased once for the filter.
  let groupKeys: [String]
  /// The issuer and name prepared for ranking a filter query.
  let matchKey: MatchKey
  /// Where the account goes in the display order.
  let sortKey: DisplayOrderKey
  let generator: OTPGenerator?

  public init(
    id: UUIDText, account: OTPAccount, favourite: Bool, note: String = "", conflicts: Int = 0, groups: [String] = []
  ) {
    self.groups = groups
    groupKeys = groups.map { $0.lowercased() }
    self.conflicts = conflicts
    self.id = id
    self.account = account
    self.favourite = favourite
    self.note = note
    issuer = Sanitizer.displayText(account.issuer)
    name = Sanitizer.displayText(account.name)
    matchKey = MatchKey(issuer: account.issuer, name: account.name)
    sortKey = DisplayOrderKey(issuer: account.issuer, name: account.name, favourite: favourite)
    generator = try? OTPGenerator(account: account)
  }

  /// "Issuer: name" as it may be drawn.
  public var label: String { AccountLabel.text(issuer: issuer, name: name) }

  /// The issuer, or the name when there is none: the short form status messages use.
  public var shortLabel: String { issuer.isEmpty ? name : issuer }

  /// The code at `time` (time-based kinds), or nil.
  func code(at time: Int64) -> String? {
    guard account.isTimeBased, time >= 0 else { return nil }
    return try? generator?.code(at: time)
  }

  /// The code for `counter` (HOTP).
  func code(counter: UInt64) -> String? { generator?.code(counter: counter) }
}
