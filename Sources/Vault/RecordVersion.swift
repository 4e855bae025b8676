/// The version of one account record, by causality rather than by any clock: how many edits
/// each device made to it (a version vector). An edit raises its own device's count, so the
/// edited version descends from every version that device had seen; a merge keeps the version
/// that descends from the other, and keeps both — a conflict — when neither does. Wall-clock
/// times (`modified`) are only shown, never compared.
///
/// A record from a file written before versions existed (format 2 or older) is seeded from its
/// `modified` time, under the device name `legacy`: two unchanged copies agree, and an edit made
/// since on either side descends from the seed.
public struct RecordVersion: Equatable, Hashable, Sendable {
  /// Edits per device id.
  public private(set) var counts: [String: UInt64]

  public init(_ counts: [String: UInt64] = [:]) { self.counts = counts.filter { $0.value > 0 } }

  /// The device name under which `modified` times of older files seed their versions.
  public static let legacyDevice = "legacy"

  /// The version of a record (or deletion) from a file without versions, written at `time`.
  public static func seeded(at time: Int64) -> RecordVersion { RecordVersion([legacyDevice: UInt64(max(time, 0)) + 1]) }

  /// How two versions are related.
  public enum Order: Equatable, Sendable {
    case same
    /// This one came before the other (the other descends from it).
    case before
    /// This one descends from the other.
    case after
    /// Neither descends from the other: edits made apart.
    case concurrent
  }

  /// How this version relates to `other`.
  public func compare(_ other: RecordVersion) -> Order {
    var less = false
    var greater = false
    for device in Set(counts.keys).union(other.counts.keys) {
      let mine = counts[device] ?? 0
      let theirs = other.counts[device] ?? 0
      if mine < theirs { less = true }
      if mine > theirs { greater = true }
    }
    switch (less, greater) {
    case (false, false): return .same
    case (true, false): return .before
    case (false, true): return .after
    case (true, true): return .concurrent
    }
  }

  /// Whether this version is `other` or descends from it.
  public func includes(_ other: RecordVersion) -> Bool {
    let order = compare(other)
    return order == .same || order == .after
  }

  /// The least version that descends from both.
  public func joined(with other: RecordVersion) -> RecordVersion {
    RecordVersion(counts.merging(other.counts) { max($0, $1) })
  }

  /// This version with one more edit by `device` (a count that would overflow stays put: a
  /// hostile number must not trap).
  public func bumped(by device: String) -> RecordVersion {
    var counts = self.counts
    let current = counts[device] ?? 0
    counts[device] = current == .max ? current : current + 1
    return RecordVersion(counts)
  }

  /// The counts in device order, as the file lists them.
  public var pairs: [(device: String, count: UInt64)] { counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
}
