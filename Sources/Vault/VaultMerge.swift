import CryptoPrimitives
import FoundationEssentials
import OTPCore

/// Merging two copies of one vault (a sync conflict, a git branch, a backup).
///
/// Per account id: the record with the later `modified` wins as a whole (equal times: the one
/// that sorts last by its fields, so both sides pick the same); an HOTP counter never goes
/// backwards (the larger of the two is kept, whichever record wins); a tombstone removes a
/// record modified at or before the deletion and leaves one modified after it; an account only
/// one side has is kept; tombstones are kept from both (the later deletion of an id); unusable
/// entries are kept from both (each distinct entry once).
///
/// Every part is a join — a maximum under a fixed order, or a union — so the merge is
/// commutative and idempotent: `merged(a, b)` holds the same accounts as `merged(b, a)`, and
/// merging a copy again changes nothing. (Three copies merged in different orders agree too,
/// except for one case: an HOTP account deleted on one copy and changed after the deletion on
/// another keeps the counter of the copies merged before the deletion was, since a deleted
/// record leaves only its tombstone.)
extension VaultContents {
  /// The merge of `first` and `second`; the records keep `first`'s order, then `second`'s new
  /// ones in theirs.
  public static func merged(_ first: VaultContents, _ second: VaultContents) -> VaultContents {
    var result = VaultContents()
    var deleted: [UUID: Int64] = [:]
    for tombstone in first.tombstones + second.tombstones {
      deleted[tombstone.id] = max(deleted[tombstone.id] ?? tombstone.deleted, tombstone.deleted)
    }
    var seconds: [UUID: VaultRecord] = [:]
    seconds.reserveCapacity(second.records.count)
    for record in second.records { seconds[record.id] = seconds[record.id].map { join($0, record) } ?? record }
    var placed = Set<UUID>()
    placed.reserveCapacity(first.records.count + second.records.count)
    result.records.reserveCapacity(first.records.count + second.records.count)
    func place(_ joined: VaultRecord) {
      if let time = deleted[joined.id], joined.modified <= time { return }
      result.records.append(joined)
    }
    let duplicated = Set(duplicateIDs(first.records))
    for record in first.records where placed.insert(record.id).inserted {
      var mine = record
      if duplicated.contains(record.id) {
        for other in first.records where other.id == record.id { mine = join(mine, other) }
      }
      place(seconds[record.id].map { join(mine, $0) } ?? mine)
    }
    for record in second.records where placed.insert(record.id).inserted { place(seconds[record.id] ?? record) }
    // Tombstones in a fixed order (by id), so the merged payload does not depend on the sides.
    result.tombstones = deleted.map { Tombstone(id: $0.key, deleted: $0.value) }.sorted {
      $0.id.lowercasedText < $1.id.lowercasedText
    }
    for entry in first.unusable + second.unusable where !result.unusable.contains(where: { $0.json == entry.json }) {
      result.unusable.append(entry)
    }
    return result
  }

  /// The ids that occur more than once in `records` (none in a file Otter wrote).
  static func duplicateIDs(_ records: [VaultRecord]) -> [UUID] {
    var seen = Set<UUID>()
    seen.reserveCapacity(records.count)
    return records.compactMap { seen.insert($0.id).inserted ? nil : $0.id }
  }

  /// Two versions of one record: the later (or, at the same second, the one whose fields sort
  /// last), with the larger HOTP counter of the two.
  static func join(_ a: VaultRecord, _ b: VaultRecord) -> VaultRecord {
    var winner = comesLater(b, than: a) ? b : a
    winner.account.counter = max(a.account.counter, b.account.counter)
    return winner
  }

  /// Whether `b` wins over `a`: a later `modified`, else fields that sort after `a`'s (the
  /// counter excepted, which is merged on its own).
  static func comesLater(_ b: VaultRecord, than a: VaultRecord) -> Bool {
    if a.modified != b.modified { return b.modified > a.modified }
    // The common case, an account neither side changed: no order needed.
    if sameFields(a, b) { return false }
    return fieldsKey(a).lexicographicallyPrecedes(fieldsKey(b)) || (fieldsKey(a) == fieldsKey(b) && secretPrecedes(a, b))
  }

  /// A record's fields but its counter and secret, as text in a fixed order.
  private static func fieldsKey(_ record: VaultRecord) -> [String] {
    let account = record.account
    return [
      account.issuer, account.name, account.kind.rawValue, account.algorithm.rawValue, String(account.digits),
      String(account.period), record.note, record.tags.joined(separator: "\u{1F}"), record.favourite ? "1" : "0",
      String(record.created),
    ] + account.extraParameters.map { $0.name + "=" + $0.value }
  }

  /// The secret's bytes, then the PIN's (mOTP, Yandex), compared.
  private static func secretPrecedes(_ a: VaultRecord, _ b: VaultRecord) -> Bool {
    var left = a.account.secret.copiedBytes() + [0] + (a.account.pin?.copiedBytes() ?? [])
    var right = b.account.secret.copiedBytes() + [0] + (b.account.pin?.copiedBytes() ?? [])
    defer {
      wipe(&left)
      wipe(&right)
    }
    return left.lexicographicallyPrecedes(right)
  }
}

/// What merging another copy into a vault did, from the vault's side.
public struct MergeReport: Sendable {
  public enum Change: Sendable, Equatable {
    /// An account only the other copy had.
    case added
    /// An account deleted here that the other copy changed after the deletion: it is back.
    case restored
    /// The other copy's later version replaced this one.
    case updated
    /// The other copy deleted it after this copy last changed it.
    case removed
    /// Only the HOTP counter moved forward, to the other copy's.
    case counterAdvanced(from: UInt64, to: UInt64)
    /// Kept although the other copy deleted it: it was changed here after the deletion.
    case keptAfterDeletion
    /// Both copies changed it in the same second, differently: the version shown was kept.
    case conflict(keptOther: Bool)
  }

  public struct Entry: Sendable {
    public var change: Change
    /// The account's label ("Issuer: name"), as stored: sanitize it to show it.
    public var label: String
  }

  public var entries: [Entry] = []
  /// Unusable entries (of a newer Otter) taken from the other copy.
  public var unusableAdded = 0
  /// Whether the vault's contents change at all (if not, nothing needs to be written).
  public var changed = false

  public func count(_ matching: (Change) -> Bool) -> Int { entries.filter { matching($0.change) }.count }
}

extension VaultContents {
  /// Merges `other` into this copy (`merged(self, other)`) and says what changed here.
  @discardableResult
  public mutating func merge(_ other: VaultContents) -> MergeReport {
    let result = Self.merged(self, other)
    var report = MergeReport()
    let before = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let after = Set(result.records.map(\.id))
    let theirs = Dictionary(other.records.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    let theirDeletions = Set(other.tombstones.map(\.id))
    for record in records where !after.contains(record.id) {
      report.entries.append(MergeReport.Entry(change: .removed, label: Self.label(of: record)))
    }
    for record in result.records {
      guard let old = before[record.id] else {
        let deletedHere = tombstones.contains { $0.id == record.id }
        report.entries.append(MergeReport.Entry(change: deletedHere ? .restored : .added, label: Self.label(of: record)))
        continue
      }
      if let their = theirs[record.id], their.modified == old.modified, !Self.sameFields(their, old) {
        report.entries.append(
          MergeReport.Entry(change: .conflict(keptOther: !Self.sameFields(record, old)), label: Self.label(of: record)))
      } else if !Self.sameFields(record, old) {
        report.entries.append(MergeReport.Entry(change: .updated, label: Self.label(of: record)))
      } else if record.account.counter != old.account.counter {
        report.entries.append(
          MergeReport.Entry(
            change: .counterAdvanced(from: old.account.counter, to: record.account.counter), label: Self.label(of: record)))
      } else if theirDeletions.contains(record.id), theirs[record.id] == nil {
        report.entries.append(MergeReport.Entry(change: .keptAfterDeletion, label: Self.label(of: record)))
      }
    }
    report.unusableAdded = result.unusable.count - unusable.count
    let changesRecords = report.entries.contains {
      if case .conflict(keptOther: false) = $0.change { return false }
      return $0.change != .keptAfterDeletion
    }
    report.changed = changesRecords || report.unusableAdded > 0 || !Self.sameContents(self, result)
    if report.changed { self = result }
    return report
  }

  static func label(of record: VaultRecord) -> String {
    AccountLabel.text(issuer: record.account.issuer, name: record.account.name)
  }

  /// Whether `a` and `b` hold the same records (in the same order), the same deletions and the
  /// same unusable entries.
  static func sameContents(_ a: VaultContents, _ b: VaultContents) -> Bool {
    guard a.records.count == b.records.count, a.unusable.count == b.unusable.count else { return false }
    guard zip(a.records, b.records).allSatisfy({ $0.isIdentical(to: $1) }) else { return false }
    guard zip(a.unusable, b.unusable).allSatisfy({ $0.json == $1.json }) else { return false }
    let deletions = { (contents: VaultContents) in
      Dictionary(contents.tombstones.map { ($0.id, $0.deleted) }, uniquingKeysWith: max)
    }
    return deletions(a) == deletions(b)
  }

  /// Whether two versions of a record agree in everything but the counter (and `modified`).
  static func sameFields(_ a: VaultRecord, _ b: VaultRecord) -> Bool {
    let x = a.account
    let y = b.account
    return a.id == b.id && a.created == b.created && a.favourite == b.favourite && x.kind == y.kind
      && x.digits == y.digits && x.period == y.period && x.algorithm == y.algorithm && x.issuer == y.issuer
      && x.name == y.name && a.note == b.note && a.tags == b.tags && x.extraParameters == y.extraParameters
      && x.secret.constantTimeEquals(y.secret)
      && (x.pin.map { mine in y.pin.map { mine.constantTimeEquals($0) } ?? false } ?? (y.pin == nil))
  }
}
