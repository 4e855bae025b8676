import CryptoPrimitives

/// What an edit of an account changes (nil keeps a field): `otter edit` and the viewer's `e`
/// make these. The secret and the kind cannot be edited (remove the account and add it again).
public struct AccountChanges: Equatable, Sendable {
  public var issuer: String?
  public var name: String?
  public var note: String?
  public var digits: Int?
  public var period: Int?
  public var algorithm: DigestAlgorithm?
  public var counter: UInt64?
  public var favourite: Bool?
  /// Groups to join, and groups to leave (left first, then joined).
  public var addGroups: [String]
  public var removeGroups: [String]

  public init(
    issuer: String? = nil, name: String? = nil, note: String? = nil, digits: Int? = nil, period: Int? = nil,
    algorithm: DigestAlgorithm? = nil, counter: UInt64? = nil, favourite: Bool? = nil,
    addGroups: [String] = [], removeGroups: [String] = []
  ) {
    self.addGroups = addGroups
    self.removeGroups = removeGroups
    self.issuer = issuer
    self.name = name
    self.note = note
    self.digits = digits
    self.period = period
    self.algorithm = algorithm
    self.counter = counter
    self.favourite = favourite
  }

  /// Whether nothing would change.
  public var isEmpty: Bool { self == AccountChanges() }
}
