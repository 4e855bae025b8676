import CryptoPrimitives
import FoundationEssentials
import OTPCore

extension VaultRecord {
  /// How the account is named in queries and listings: `issuer:name`, or `name` alone.
  public var label: String { account.issuer.isEmpty ? account.name : account.issuer + ":" + account.name }
}

extension VaultContents {
  /// Whether an account with the same secret, issuer and name is already stored.
  public func containsDuplicate(of account: OTPAccount) -> Bool {
    guard let key = DuplicateIndex.Key(account) else { return false }
    return records.contains { DuplicateIndex.Key($0.account) == key }
  }

  /// The records in display order (`DisplayOrderKey`): favourites first, then by issuer and name.
  public var sortedRecords: [VaultRecord] { displayOrder.map { records[$0] } }

  /// The indices of `records` in display order (see `sortedRecords`), for callers that would
  /// rather not copy the records.
  public var displayOrder: [Int] {
    // Sort indices by keys computed once per record: records are large values, and moving
    // them around during the sort costs more than the comparisons.
    DisplayOrderKey.order(
      records.map { DisplayOrderKey(issuer: $0.account.issuer, name: $0.account.name, favourite: $0.favourite) })
  }
}

/// The accounts of a vault by what makes two of them the same account, for the duplicate check
/// of `import` and `add`: one hash lookup per entry (a scan per entry made 80,000 URIs take
/// 24 s).
///
/// Two accounts are the same only when their labels and everything that changes their codes
/// are equal: kind, secret (and PIN), algorithm, digits, period and counter. A SHA-256 account
/// with the secret of a SHA-1 one is another account, with other codes.
public struct DuplicateIndex {
  /// The identity of an account; the secret enters as its SHA-256, never as itself.
  struct Key: Hashable {
    var issuer: String
    var name: String
    var kind: OTPKind
    var algorithm: DigestAlgorithm
    var digits: Int
    var period: Int
    var counter: UInt64
    var secret: [UInt8]

    init?(_ account: OTPAccount) {
      var material = account.secret.copiedBytes() + [0] + (account.pin?.copiedBytes() ?? [])
      defer { wipe(&material) }
      guard let digest = try? Digest.sha256(SecretBytes(material)) else { return nil }
      issuer = account.issuer
      name = account.name
      kind = account.kind
      algorithm = account.algorithm
      digits = account.digits
      period = account.isTimeBased ? account.period : 0
      counter = account.kind == .hotp ? account.counter : 0
      secret = digest.copiedBytes()
    }
  }

  private var keys: Set<Key> = []

  /// The index of `records`.
  public init(_ records: [VaultRecord]) {
    keys.reserveCapacity(records.count)
    for record in records { if let key = Key(record.account) { keys.insert(key) } }
  }

  /// Whether an account the same as `account` is in the index.
  public func contains(_ account: OTPAccount) -> Bool { Key(account).map { keys.contains($0) } ?? false }

  /// Adds `account` (one just added to the vault).
  public mutating func insert(_ account: OTPAccount) { if let key = Key(account) { keys.insert(key) } }
}

/// The names of groups (stored as a record's `tags`).
public enum GroupName {
  /// The longest group name, in characters.
  public static let maximumLength = 64

  /// The name as stored: trimmed of spaces at either end.
  public static func normalized(_ name: String) -> String {
    String(name.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }

  /// Why `name` cannot be a group, or nil.
  public static func problem(_ name: String) -> String? {
    let trimmed = normalized(name)
    if trimmed.isEmpty { return "a group needs a name" }
    if trimmed.count > maximumLength { return "a group's name is at most \(maximumLength) characters" }
    if trimmed.unicodeScalars.contains(where: { Sanitizer.isUnsafe($0) }) {
      return "a group's name cannot hold control, bidi or invisible characters"
    }
    return nil
  }
}

extension VaultContents {
  /// Keeps only the records in group `name` (ignoring case), for a listing.
  public mutating func keepOnly(group name: String) {
    let key = GroupName.normalized(name).lowercased()
    records.removeAll { record in !record.tags.contains { $0.lowercased() == key } }
  }
}
