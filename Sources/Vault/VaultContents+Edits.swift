import CryptoPrimitives
import FoundationEssentials
import OTPCore

/// Why an edit of the vault's contents could not be made.
public enum EditError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No account has the id (another process removed it meanwhile).
  case noSuchAccount
  /// Advancing the HOTP counter would pass 2^64 − 1.
  case counterOverflow
  /// An account needs an issuer or a name.
  case emptyLabel
  /// The new issuer or name is not one an account can have.
  case invalid(OTPError)
  /// A conflict has no version with this number (counted from 1).
  case noSuchVersion(Int, count: Int)

  public var description: String {
    switch self {
    case .noSuchAccount: "the account was removed meanwhile"
    case .counterOverflow: "\(OTPError.counterOverflow)"
    case .emptyLabel: "an account needs an issuer or a name"
    case .invalid(let error): "\(error)"
    case .noSuchVersion(let number, let count): "there is no version \(number): the account has \(count) (1 to \(count))"
    }
  }
}

/// The changes commands and the viewer make to the accounts. Each one that changes a record
/// sets its `modified` time, which a merge of two copies relies on.
extension VaultContents {
  /// The index of the record with `id`.
  func index(of id: UUID) throws(EditError) -> Int {
    guard let index = records.firstIndex(where: { $0.id == id }) else { throw .noSuchAccount }
    return index
  }

  /// The record with `id`, if there is one.
  public func record(id: UUID) -> VaultRecord? { records.first { $0.id == id } }

  /// Adds `record` as a new account: its first version is one edit by this device.
  public mutating func add(_ record: VaultRecord) {
    var record = record
    record.version = record.version.bumped(by: editor)
    records.append(record)
  }

  /// Changes the issuer and/or the name of the account `id` (nil keeps a field).
  ///
  /// - Throws: `EditError.noSuchAccount`, or `.emptyLabel` when both would be empty.
  public mutating func rename(id: UUID, issuer: String?, name: String?, at time: Int64) throws(EditError) {
    try edit(id: id, AccountChanges(issuer: issuer, name: name), at: time)
  }

  /// Applies `changes` to the account `id` after checking that the result is an account Otter
  /// can make codes for (digits and period in range, a label of a sane length).
  ///
  /// - Throws: `EditError.noSuchAccount`, `.emptyLabel`, `.invalid` naming the setting.
  public mutating func edit(id: UUID, _ changes: AccountChanges, at time: Int64) throws(EditError) {
    let index = try index(of: id)
    var record = records[index]
    if let issuer = changes.issuer { record.account.issuer = issuer }
    if let name = changes.name { record.account.name = name }
    guard !record.account.issuer.isEmpty || !record.account.name.isEmpty else { throw .emptyLabel }
    if let digits = changes.digits { record.account.digits = digits }
    if let period = changes.period { record.account.period = period }
    if let algorithm = changes.algorithm { record.account.algorithm = algorithm }
    if let counter = changes.counter { record.account.counter = counter }
    if let note = changes.note { record.note = note }
    if let favourite = changes.favourite { record.favourite = favourite }
    record.tags = Self.groups(record.tags, removing: changes.removeGroups, adding: changes.addGroups)
    do { try record.account.validate() } catch { throw .invalid(error) }
    record.modified = time
    // A change of the counter alone is not an edit of the version: counters merge by maximum.
    if changes != AccountChanges(counter: changes.counter) { record.version = record.version.bumped(by: editor) }
    records[index] = record
  }

  /// `groups` without `removing`, then with each of `adding` it lacks, in order; names are
  /// compared ignoring case (a group keeps the spelling it was first given).
  public static func groups(_ groups: [String], removing: [String], adding: [String]) -> [String] {
    let removed = Set(removing.map { $0.lowercased() })
    var result = groups.filter { !removed.contains($0.lowercased()) }
    for group in adding where !result.contains(where: { $0.lowercased() == group.lowercased() }) { result.append(group) }
    return result
  }

  /// Sets the PIN of the mOTP or Yandex account `id`.
  ///
  /// - Throws: `EditError.noSuchAccount`, or `.invalid` for a kind without a PIN or a PIN that
  ///   is not 4 to 16 digits.
  public mutating func setPIN(id: UUID, _ pin: SecretBytes, at time: Int64) throws(EditError) {
    let index = try index(of: id)
    guard records[index].account.kind.needsPIN else { throw .invalid(.invalidPIN) }
    do { try OTPAccount.checkPIN(pin) } catch { throw .invalid(error) }
    records[index].account.pin = pin
    records[index].modified = time
    records[index].version = records[index].version.bumped(by: editor)
  }

  public mutating func setFavourite(id: UUID, _ favourite: Bool, at time: Int64) throws(EditError) {
    let index = try index(of: id)
    records[index].favourite = favourite
    records[index].modified = time
    records[index].version = records[index].version.bumped(by: editor)
  }

  /// Advances the HOTP counter of the account `id` by `steps`.
  ///
  /// - Returns: the account as it was before, whose counter makes the first code to show.
  /// - Throws: `EditError.noSuchAccount` or `.counterOverflow`.
  @discardableResult
  public mutating func advanceCounter(id: UUID, by steps: UInt64 = 1, at time: Int64) throws(EditError) -> OTPAccount {
    let index = try index(of: id)
    let before = records[index].account
    guard before.counter < UInt64.max - steps else { throw .counterOverflow }
    records[index].account.counter += steps
    records[index].modified = time
    return before
  }

  /// Removes the account `id`, leaving a tombstone dated `time` so that merging an older copy
  /// does not bring it back. Removing an id that is not there still leaves the tombstone.
  ///
  /// The tombstone's version includes every version of the account this copy held (its
  /// conflicts too) and the deletion, so the deletion wins over them all in a merge, and over
  /// nothing edited apart from it.
  public mutating func remove(id: UUID, at time: Int64) {
    var version = RecordVersion()
    var counter: UInt64 = 0
    for record in records where record.id == id {
      version = version.joined(with: record.version)
      counter = max(counter, record.account.counter)
      for other in record.conflicts { version = version.joined(with: other.version) }
    }
    for tombstone in tombstones where tombstone.id == id {
      version = version.joined(with: tombstone.version)
      counter = max(counter, tombstone.counter)
    }
    records.removeAll { $0.id == id }
    tombstones.removeAll { $0.id == id }
    tombstones.append(Tombstone(id: id, deleted: time, version: version.bumped(by: editor), counter: counter))
  }

  /// Keeps version `index` of the account `id` in conflict (0 is the record, 1… its
  /// `conflicts`) and drops the others: the kept version descends from them all (and from this
  /// device's edit), so every copy that merges it ends the conflict the same way; the HOTP
  /// counter is the highest any version had.
  ///
  /// - Throws: `EditError.noSuchAccount`, or `.invalid` for an index out of range.
  public mutating func resolveConflict(id: UUID, keeping index: Int, at time: Int64) throws(EditError) {
    let position = try self.index(of: id)
    let record = records[position]
    let versions = [record] + record.conflicts
    guard versions.indices.contains(index) else { throw .noSuchVersion(index + 1, count: versions.count) }
    var kept = versions[index]
    kept.conflicts = []
    kept.version = versions.reduce(RecordVersion()) { $0.joined(with: $1.version) }.bumped(by: editor)
    kept.account.counter = versions.map(\.account.counter).max() ?? kept.account.counter
    kept.modified = time
    records[position] = kept
  }
}
