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
  /// Unix times in seconds, for display: merges never compare them (they compare `version`).
  public var created: Int64
  public var modified: Int64
  /// The record's causal version (see `RecordVersion`); empty for a record not yet added.
  public var version: RecordVersion
  /// Other versions of this account that were edited apart from this one and not yet resolved
  /// (`otter merge --resolve`): each a whole record with its own version, none with conflicts
  /// of its own. Empty for almost every record.
  public var conflicts: [VaultRecord] = []

  public init(
    id: UUID = UUID(), account: OTPAccount, note: String = "", tags: [String] = [], favourite: Bool = false,
    created: Int64, modified: Int64? = nil, version: RecordVersion = RecordVersion()
  ) {
    self.version = version
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
      && version == other.version && conflicts.count == other.conflicts.count
      && zip(conflicts, other.conflicts).allSatisfy { $0.isIdentical(to: $1) }
  }

  /// Whether other versions of this account wait to be resolved.
  public var inConflict: Bool { !conflicts.isEmpty }
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
  /// When, for display.
  public var deleted: Int64
  /// The version of the record it deleted, with the deletion as one more edit: a record whose
  /// version it includes is gone; one edited apart from the deletion is kept.
  public var version: RecordVersion
  /// The highest HOTP counter of the versions it deleted (0 for none): a version edited apart
  /// from the deletion and kept by a merge never gets a counter below it.
  public var counter: UInt64 = 0
  public init(id: UUID, deleted: Int64, version: RecordVersion? = nil, counter: UInt64 = 0) {
    self.counter = counter
    self.id = id
    self.deleted = deleted
    self.version = version ?? .seeded(at: deleted)
  }
}

/// Everything the vault's encrypted payload holds.
public struct VaultContents: Sendable {
  public var records: [VaultRecord] = []
  public var unusable: [UnusableRecord] = []
  public var tombstones: [Tombstone] = []
  /// The device making edits now (`DeviceID`): every edit raises its count in the record's
  /// version. Not stored in the file.
  public var editor = RecordVersion.localDevice
  public init() {}
}

extension RecordVersion {
  /// The device name of edits made where no device id is known (tests, a missing state folder).
  public static let localDevice = "local"
}
