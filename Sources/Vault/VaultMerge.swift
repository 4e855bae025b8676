import CryptoPrimitives
import FoundationEssentials
import OTPCore

/// Merging two copies of one vault (a sync conflict, a git branch, a backup), by causality.
///
/// Per account id, every version either copy holds (a record and the conflicting versions it
/// carries) is compared by its `RecordVersion`, never by a clock: a version that another one
/// descends from is superseded; a deletion removes the versions its tombstone includes and
/// nothing edited apart from it; of the versions left, one is the record and the others its
/// `conflicts` (edited apart: both kept, shown, resolved by the user). An HOTP counter never
/// goes backwards (the largest any version had). Tombstones are kept from both (joined per id),
/// and an entry this Otter cannot read is kept once per id.
///
/// Every part is a join, so the merge is commutative, associative and idempotent: copies
/// merged in any order agree, and merging a copy again changes nothing.
extension VaultContents {
  /// The merge of `first` and `second`; the records keep `first`'s order, then `second`'s new
  /// ones in theirs.
  public static func merged(_ first: VaultContents, _ second: VaultContents) -> VaultContents {
    var result = VaultContents()
    result.editor = first.editor
    var deleted: [UUID: Tombstone] = [:]
    for tombstone in first.tombstones + second.tombstones {
      if let earlier = deleted[tombstone.id] {
        deleted[tombstone.id] = Tombstone(
          id: tombstone.id, deleted: max(earlier.deleted, tombstone.deleted),
          version: earlier.version.joined(with: tombstone.version), counter: max(earlier.counter, tombstone.counter))
      } else {
        deleted[tombstone.id] = tombstone
      }
    }
    var order: [UUID] = []
    var versions: [UUID: [VaultRecord]] = [:]
    for record in first.records + second.records {
      if versions[record.id] == nil { order.append(record.id) }
      var alone = record
      alone.conflicts = []
      versions[record.id, default: []] += [alone] + record.conflicts
    }
    result.records.reserveCapacity(order.count)
    for id in order {
      let all = versions[id] ?? []
      if var deletion = deleted[id] {
        // The deletion keeps the highest counter of what it removed (so the order of merges
        // does not matter to the counter of a version edited apart from it).
        for version in all where deletion.version.includes(version.version) {
          deletion.counter = max(deletion.counter, version.account.counter)
        }
        deleted[id] = deletion
      }
      if let record = resolve(all, deletion: deleted[id]) { result.records.append(record) }
    }
    // Tombstones in a fixed order (by id), so the merged payload does not depend on the sides.
    result.tombstones = deleted.values.sorted { $0.id.lowercasedText < $1.id.lowercasedText }
    result.unusable = mergedUnusable(first.unusable + second.unusable, records: result.records)
    // One entry per id: a newer Otter's entry that descends from every readable version of
    // its account replaces them (it was edited there, after them).
    for entry in result.unusable {
      guard let id = entry.id, let version = entry.version else { continue }
      result.records.removeAll { record in
        record.id.lowercasedText == id.lowercased()
          && ([record] + record.conflicts).allSatisfy { version.compare($0.version) == .after }
      }
    }
    return result
  }

  /// The record the versions of one account make: nil when a deletion includes them all.
  static func resolve(_ versions: [VaultRecord], deletion: Tombstone?) -> VaultRecord? {
    let counter = max(versions.map(\.account.counter).max() ?? 0, deletion?.counter ?? 0)
    var left = versions.filter { version in deletion.map { !$0.version.includes(version.version) } ?? true }
    // Superseded versions go; of equal versions with equal fields, one stays.
    left = left.enumerated().compactMap { index, version in
      for (otherIndex, other) in left.enumerated() where otherIndex != index {
        switch version.version.compare(other.version) {
        case .before: return nil
        case .same
        where sameFields(version, other)
          && (other.modified, -otherIndex) > (version.modified, -index):
          // The same version met twice (a counter step changes `modified` only): the latest time stays.
          return nil
        default: continue
        }
      }
      return version
    }
    guard !left.isEmpty else { return nil }
    left = joiningGroups(left)
    // A fixed order, whatever the sides' order: the last is the record, the others its conflicts.
    left.sort(by: precedes)
    for index in left.indices { left[index].account.counter = counter }
    var record = left.removeLast()
    record.conflicts = left
    return record
  }

  /// Versions edited apart that differ in their groups alone become one: its groups are the
  /// union (sorted, each once ignoring case, so merging in any order gives the same list), its
  /// version the join of theirs, so it supersedes each of them. Other
  /// differences stay conflicts.
  static func joiningGroups(_ versions: [VaultRecord]) -> [VaultRecord] {
    guard versions.count > 1 else { return versions }
    var classes: [[VaultRecord]] = []
    for version in versions {
      if let index = classes.firstIndex(where: { sameFields($0[0], version, ignoringGroups: true) }) {
        classes[index].append(version)
      } else {
        classes.append([version])
      }
    }
    return classes.map { members in
      guard members.count > 1 else { return members[0] }
      let ordered = members.sorted(by: precedes)
      var joined = ordered[ordered.count - 1]
      var groups: [String] = []
      for group in ordered.flatMap(\.tags).sorted(by: { ($0.lowercased(), $0) < ($1.lowercased(), $1) })
      where groups.last?.lowercased() != group.lowercased() {
        groups.append(group)
      }
      joined.tags = groups
      joined.version = ordered.dropLast().reduce(joined.version) { $0.joined(with: $1.version) }
      joined.modified = ordered.map(\.modified).max() ?? joined.modified
      return joined
    }
  }

  /// A fixed order of versions of one account: by version, then by fields, then by secret.
  static func precedes(_ a: VaultRecord, _ b: VaultRecord) -> Bool {
    let left = a.version.pairs.map { "\($0.device)=\($0.count)" }
    let right = b.version.pairs.map { "\($0.device)=\($0.count)" }
    if left != right { return left.lexicographicallyPrecedes(right) }
    if a.modified != b.modified { return a.modified < b.modified }
    if sameFields(a, b) { return false }
    return fieldsKey(a).lexicographicallyPrecedes(fieldsKey(b)) || (fieldsKey(a) == fieldsKey(b) && secretPrecedes(a, b))
  }

  /// Unusable entries (of a newer Otter), one per id: an entry whose version a readable record
  /// includes goes; each distinct entry is kept once.
  static func mergedUnusable(_ entries: [UnusableRecord], records: [VaultRecord]) -> [UnusableRecord] {
    var kept: [UnusableRecord] = []
    for entry in entries where !kept.contains(where: { $0.json == entry.json }) {
      if let id = entry.id, let version = entry.version,
        let record = records.first(where: { $0.id.lowercasedText == id.lowercased() }),
        ([record] + record.conflicts).contains(where: { $0.version.includes(version) })
      {
        continue
      }
      if let id = entry.id, let version = entry.version,
        let index = kept.firstIndex(where: { $0.id == id && $0.version.map(version.includes) == true })
      {
        kept[index] = entry
        continue
      }
      if let id = entry.id, let version = entry.version,
        kept.contains(where: { $0.id == id && $0.version.map { $0.includes(version) } == true })
      {
        continue
      }
      kept.append(entry)
    }
    return kept
  }

  /// The ids that occur more than once in `records` (none in a file Otter wrote).
  static func duplicateIDs(_ records: [VaultRecord]) -> [UUID] {
    var seen = Set<UUID>()
    seen.reserveCapacity(records.count)
    return records.compactMap { seen.insert($0.id).inserted ? nil : $0.id }
  }

  /// Whether this copy holds everything `other` holds: every version of every record of it is
  /// included by a version kept here or by a deletion, and every deletion of it by one here.
  /// A conflict copy is removed only when this holds for the merged vault.
  public func includes(_ other: VaultContents) -> Bool {
    var mine: [UUID: [RecordVersion]] = [:]
    for record in records { mine[record.id, default: []] += [record.version] + record.conflicts.map(\.version) }
    var deletions: [UUID: RecordVersion] = [:]
    for tombstone in tombstones {
      deletions[tombstone.id] = (deletions[tombstone.id] ?? RecordVersion()).joined(with: tombstone.version)
    }
    for record in other.records {
      for version in [record.version] + record.conflicts.map(\.version) {
        let kept = (mine[record.id] ?? []).contains { $0.includes(version) }
        let gone = deletions[record.id].map { $0.includes(version) } ?? false
        if !kept && !gone { return false }
      }
    }
    for tombstone in other.tombstones where !(deletions[tombstone.id].map { $0.includes(tombstone.version) } ?? false) {
      return false
    }
    for entry in other.unusable where !unusable.contains(where: { $0.json == entry.json }) {
      guard let id = entry.id, let version = entry.version,
        (mine[UUID(uuidString: id) ?? UUID()] ?? []).contains(where: { $0.includes(version) })
      else { return false }
    }
    return true
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

extension UnusableRecord {
  /// The entry's version if it has one Otter can read (a `version` member, else one seeded from
  /// `modified`), or nil.
  var version: RecordVersion? {
    if let value = json["version"] { return VaultPayload.version(from: value) }
    return json["modified"]?.int64Value.map { RecordVersion.seeded(at: $0) }
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
    /// Both copies changed it apart (neither version descends from the other): both versions
    /// are kept, until `otter merge --resolve` picks one.
    case conflict
    /// Both copies changed its groups apart, and nothing else: it is now in the groups of both.
    case groupsJoined
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
    let theirDeletions = Set(other.tombstones.map(\.id))
    let theirs = Set(other.records.map(\.id))
    for record in records where !after.contains(record.id) {
      report.entries.append(MergeReport.Entry(change: .removed, label: Self.label(of: record)))
    }
    for record in result.records {
      let label = Self.label(of: record)
      guard let old = before[record.id] else {
        let deletedHere = tombstones.contains { $0.id == record.id }
        report.entries.append(MergeReport.Entry(change: deletedHere ? .restored : .added, label: label))
        if record.inConflict { report.entries.append(MergeReport.Entry(change: .conflict, label: label)) }
        continue
      }
      if record.conflicts.count > old.conflicts.count {
        report.entries.append(MergeReport.Entry(change: .conflict, label: label))
      } else if record.tags != old.tags, Self.sameFields(record, old, ignoringGroups: true),
        let their = other.records.first(where: { $0.id == record.id }), record.version != their.version,
        record.version != old.version
      {
        report.entries.append(MergeReport.Entry(change: .groupsJoined, label: label))
      } else if !Self.sameFields(record, old) {
        report.entries.append(MergeReport.Entry(change: .updated, label: label))
      } else if record.account.counter != old.account.counter {
        report.entries.append(
          MergeReport.Entry(change: .counterAdvanced(from: old.account.counter, to: record.account.counter), label: label))
      } else if theirDeletions.contains(record.id), !theirs.contains(record.id) {
        report.entries.append(MergeReport.Entry(change: .keptAfterDeletion, label: label))
      }
    }
    report.unusableAdded = max(0, result.unusable.count - unusable.count)
    report.changed = !Self.sameContents(self, result)
    if report.changed {
      let editor = self.editor
      self = result
      self.editor = editor
    }
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
      Dictionary(grouping: contents.tombstones, by: \.id).mapValues { tombstones in
        tombstones.reduce(RecordVersion()) { $0.joined(with: $1.version) }
      }
    }
    return deletions(a) == deletions(b)
  }

  /// Whether two versions of a record agree in everything but the counter (and `modified`).
  static func sameFields(_ a: VaultRecord, _ b: VaultRecord, ignoringGroups: Bool = false) -> Bool {
    let x = a.account
    let y = b.account
    return a.id == b.id && a.created == b.created && a.favourite == b.favourite && x.kind == y.kind
      && x.digits == y.digits && x.period == y.period && x.algorithm == y.algorithm && x.issuer == y.issuer
      && x.name == y.name && a.note == b.note && (ignoringGroups || a.tags == b.tags) && x.extraParameters == y.extraParameters
      && x.secret.constantTimeEquals(y.secret)
      && (x.pin.map { mine in y.pin.map { mine.constantTimeEquals($0) } ?? false } ?? (y.pin == nil))
  }
}
