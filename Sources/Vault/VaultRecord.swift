import CryptoPrimitives
import FoundationEssentials
import JSONCodec
import OTPCore

/// One account as the vault stores it: the OTP settings plus Otter's own fields.
public struct VaultRecord: Sendable {
  public var id: UUID
  public var account: OTPAccount
  public var note: String
  public var tags: [String]
  public var favourite: Bool
  /// Unix times in seconds.
  public var created: Int64
  public var modified: Int64

  public init(
    id: UUID = UUID(), account: OTPAccount, note: String = "", tags: [String] = [], favourite: Bool = false,
    created: Int64, modified: Int64? = nil
  ) {
    self.id = id
    self.account = account
    self.note = note
    self.tags = tags
    self.favourite = favourite
    self.created = created
    self.modified = modified ?? created
  }

  /// Whether every field equals `other`'s (secrets compared in constant time).
  public func isIdentical(to other: VaultRecord) -> Bool {
    id == other.id && account.isIdentical(to: other.account) && note == other.note && tags == other.tags
      && favourite == other.favourite && created == other.created && modified == other.modified
  }
}

/// An account entry this Otter cannot use (a kind from a newer version, a value out of range).
/// It is kept byte-for-byte in meaning and written back unchanged, so one bad entry never
/// costs the user the rest of the vault.
public struct UnusableRecord: Sendable {
  /// The entry's JSON, as read (member order and number text kept).
  public var json: JSON
  /// Why it cannot be used, for the report on open.
  public var reason: String
  /// Its id, if one could be read.
  public var id: String?
}

/// A deleted account: its id and when it was deleted, so a merge does not bring it back.
public struct Tombstone: Sendable, Equatable {
  public var id: UUID
  public var deleted: Int64
  public init(id: UUID, deleted: Int64) {
    self.id = id
    self.deleted = deleted
  }
}

/// Everything the vault's encrypted payload holds.
public struct VaultContents: Sendable {
  public var records: [VaultRecord] = []
  public var unusable: [UnusableRecord] = []
  public var tombstones: [Tombstone] = []
  public init() {}
}
