import CryptoPrimitives
import Foundation
import JSONCodec
import OTPCore
import PropertyBased
import TestSupport
import Testing

@testable import Vault

func mergeRecord(_ issuer: String, kind: OTPKind = .totp, counter: UInt64 = 0, at time: Int64) throws -> VaultRecord {
  let account = try OTPAccount(kind: kind, issuer: issuer, name: "me", secret: password("secret of " + issuer), counter: counter)
  return VaultRecord(account: account, created: time)
}

/// The accounts of `contents` keyed by id, in a form two merges can be compared by.
func summary(_ contents: VaultContents) -> [String: String] {
  var result: [String: String] = [:]
  for record in contents.records {
    let account = record.account
    let versions = ([record] + record.conflicts).map { version in
      version.version.pairs.map { "\($0.device)=\($0.count)" }.joined(separator: ",")
        + "/\(version.account.issuer)/\(version.note)"
    }
    result[record.id.lowercasedText] =
      "\(account.issuer)|\(account.name)|\(account.counter)|\(record.note)|\(record.favourite)|\(record.modified)|\(Base32.encode(account.secret))|\(versions)"
  }
  for tombstone in contents.tombstones {
    result["deleted " + tombstone.id.lowercasedText] =
      "\(tombstone.deleted) " + tombstone.version.pairs.map { "\($0.device)=\($0.count)" }.joined(separator: ",")
  }
  for entry in contents.unusable { result["unusable \(entry.json)"] = entry.reason }
  return result
}

/// One copy's random history on top of `base`: adds, renames, favourites, notes, groups,
/// counter steps and removals, at times drawn from a range both copies share (so ties happen).
func randomHistory(from base: VaultContents, steps: Int, tag: String, using random: inout SplitMix64) throws
  -> VaultContents
{
  var contents = base
  contents.editor = tag
  for step in 0..<steps {
    let time = Int64.random(in: 1_000...1_030, using: &random)
    let ids = contents.records.map(\.id)
    switch Int.random(in: 0..<8, using: &random) {
    case 0:
      contents.add(
        try mergeRecord("\(tag)\(step)", kind: Bool.random(using: &random) ? .hotp : .totp, at: time))
    case 1:
      if let id = ids.randomElement(using: &random) {
        try contents.rename(id: id, issuer: nil, name: "renamed \(tag)\(step)", at: time)
      }
    case 2:
      if let id = ids.randomElement(using: &random) { try contents.setFavourite(id: id, Bool.random(using: &random), at: time) }
    case 3:
      if let id = ids.randomElement(using: &random), contents.record(id: id)?.account.kind == .hotp {
        try contents.advanceCounter(id: id, by: UInt64.random(in: 1...5, using: &random), at: time)
      }
    case 4:
      if let id = ids.randomElement(using: &random) { contents.remove(id: id, at: time) }
    case 5, 6:
      // Groups from a small set, so copies often touch the same ones (and their case differs).
      if let id = ids.randomElement(using: &random) {
        let names = ["Work", "work", "Home", "Travel"]
        let changes =
          Bool.random(using: &random)
          ? AccountChanges(addGroups: [names.randomElement(using: &random) ?? "Work"])
          : AccountChanges(removeGroups: [names.randomElement(using: &random) ?? "Work"])
        try contents.edit(id: id, changes, at: time)
      }
    default:
      if let id = ids.randomElement(using: &random) {
        try contents.edit(id: id, AccountChanges(note: "note \(tag)\(step)"), at: time)
      }
    }
  }
  return contents
}

/// Two copies of `base`, "laptop" and "desktop", each its own editor.
func twoCopies(of base: VaultContents) -> (VaultContents, VaultContents) {
  var laptop = base
  laptop.editor = "laptop"
  var desktop = base
  desktop.editor = "desktop"
  return (laptop, desktop)
}

func baseContents(using random: inout SplitMix64) throws -> VaultContents {
  var base = VaultContents()
  for index in 0..<Int.random(in: 0...6, using: &random) {
    base.add(try mergeRecord("base\(index)", kind: index % 2 == 0 ? .hotp : .totp, counter: 3, at: 900))
  }
  return base
}

@Suite("Merging two copies of a vault")
struct VaultMergeTests {
  @Test("accounts only one side has are kept; an edit wins over the version it was made on, whatever the clocks say")
  func editWins() throws {
    var base = VaultContents()
    let shared = try mergeRecord("Shared", at: 100)
    base.add(shared)
    var (laptop, desktop) = twoCopies(of: base)
    laptop.add(try mergeRecord("LaptopOnly", at: 200))
    desktop.add(try mergeRecord("DesktopOnly", at: 210))
    // The laptop's clock is years behind (a Raspberry Pi before NTP): its edit still wins.
    try laptop.rename(id: shared.id, issuer: "Renamed on the laptop", name: nil, at: 5)

    let merged = VaultContents.merged(laptop, desktop)
    #expect(Set(merged.records.map(\.account.issuer)) == ["Renamed on the laptop", "LaptopOnly", "DesktopOnly"])
    let record = try #require(merged.record(id: shared.id))
    #expect(record.modified == 5)
    #expect(!record.inConflict)

    var into = desktop
    let report = into.merge(laptop)
    #expect(report.changed)
    #expect(report.entries.map(\.change) == [.updated, .added])
    #expect(report.entries.map(\.label) == ["Renamed on the laptop: me", "LaptopOnly: me"])
    // A record stamped far in the future does not undo a later edit made after seeing it.
    var future = base
    future.editor = "future"
    try future.edit(id: shared.id, AccountChanges(note: "stamped in 2100"), at: 4_102_444_800)
    var after = VaultContents.merged(base, future)
    after.editor = "laptop"
    try after.edit(id: shared.id, AccountChanges(note: "edited later, seen the future one"), at: 300)
    #expect(VaultContents.merged(future, after).record(id: shared.id)?.note == "edited later, seen the future one")
  }

  @Test("edits made apart on both copies: both versions are kept, in the same order on both sides, and reported as a conflict")
  func concurrentEditsConflict() throws {
    var base = VaultContents()
    let shared = try mergeRecord("Shared", at: 100)
    base.add(shared)
    var a = base
    a.editor = "a"
    var b = base
    b.editor = "b"
    try a.rename(id: shared.id, issuer: "Alpha", name: nil, at: 200)
    try b.rename(id: shared.id, issuer: "Beta", name: nil, at: 9_000)
    let ab = VaultContents.merged(a, b)
    #expect(summary(ab) == summary(VaultContents.merged(b, a)))
    let record = try #require(ab.record(id: shared.id))
    #expect(Set(([record] + record.conflicts).map(\.account.issuer)) == ["Alpha", "Beta"])
    var intoA = a
    #expect(intoA.merge(b).entries.map(\.change) == [.conflict])
    var intoB = b
    let report = intoB.merge(a)
    #expect(report.entries.map(\.change) == [.conflict])
    #expect(report.changed)
    #expect(ab.includes(a) && ab.includes(b))
    #expect(!a.includes(b))
  }

  @Test("an HOTP counter never goes backwards, whichever version wins")
  func counterNeverBackwards() throws {
    var base = VaultContents()
    let vpn = try mergeRecord("VPN", kind: .hotp, counter: 10, at: 100)
    base.add(vpn)
    var a = base
    a.editor = "a"
    var b = base
    b.editor = "b"
    try a.advanceCounter(id: vpn.id, by: 5, at: 200)  // counter 15: not an edit of the version
    try b.rename(id: vpn.id, issuer: "Work VPN", name: nil, at: 300)  // counter 10, a newer version
    let merged = VaultContents.merged(a, b)
    let record = try #require(merged.record(id: vpn.id))
    #expect(record.account.issuer == "Work VPN")
    #expect(record.account.counter == 15)
    #expect(!record.inConflict)
    var into = b
    #expect(into.merge(a).entries.map(\.change) == [.counterAdvanced(from: 10, to: 15)])
  }

  @Test("a deletion removes the versions it saw; an edit made apart from it keeps the account, and says so")
  func tombstones() throws {
    var base = VaultContents()
    let old = try mergeRecord("Old", at: 100)
    base.add(old)
    var a = base
    a.editor = "a"
    var b = base
    b.editor = "b"
    // b saw a's edit before it deleted: the deletion wins, whatever the clocks.
    try a.edit(id: old.id, AccountChanges(note: "edited first"), at: 900)
    b.merge(a)
    b.remove(id: old.id, at: 150)
    #expect(VaultContents.merged(a, b).record(id: old.id) == nil)
    var intoA = a
    #expect(intoA.merge(b).entries.map(\.change) == [.removed])
    // An edit made apart from a deletion keeps the account on both sides.
    var c = base
    c.editor = "c"
    var d = base
    d.editor = "d"
    try c.edit(id: old.id, AccountChanges(note: "edited apart"), at: 100)
    d.remove(id: old.id, at: 5_000)
    #expect(VaultContents.merged(c, d).record(id: old.id)?.note == "edited apart")
    #expect(VaultContents.merged(d, c).record(id: old.id)?.note == "edited apart")
    var intoC = c
    #expect(intoC.merge(d).entries.map(\.change) == [.keptAfterDeletion])
    var intoD = d
    #expect(intoD.merge(c).entries.map(\.change) == [.restored])
  }

  @Test("a file without versions (format 2) seeds them from modified: unchanged copies agree, an edit since wins")
  func legacySeeds() throws {
    let seeded = try mergeRecord("Legacy", at: 100)
    var legacy = VaultContents()
    legacy.records = [
      VaultRecord(
        id: seeded.id, account: seeded.account, created: 100, modified: 100, version: .seeded(at: 100))
    ]
    var edited = legacy
    edited.editor = "new"
    try edited.edit(id: seeded.id, AccountChanges(note: "after the upgrade"), at: 50)
    #expect(VaultContents.merged(legacy, edited).record(id: seeded.id)?.note == "after the upgrade")
    #expect(VaultContents.merged(legacy, legacy).record(id: seeded.id)?.inConflict == false)
  }

  @Test("unusable entries are kept from both sides, each once")
  func unusableKept() throws {
    var a = VaultContents()
    var b = VaultContents()
    let mine = UnusableRecord(
      json: .object([("id", .string("x")), ("type", .string("future"))]), reason: "unknown type", id: "x")
    let theirs = UnusableRecord(
      json: .object([("id", .string("y")), ("type", .string("future"))]), reason: "unknown type", id: "y")
    a.unusable = [mine]
    b.unusable = [mine, theirs]
    let merged = VaultContents.merged(a, b)
    #expect(merged.unusable.map(\.id) == ["x", "y"])
    var into = a
    #expect(into.merge(b).unusableAdded == 1)
  }

  @Test("one entry per id: a newer Otter's entry that descends from the readable version replaces it, and the reverse")
  func unusableOnePerID() throws {
    var base = VaultContents()
    let record = try mergeRecord("Future", at: 100)
    base.add(record)
    let readable = try #require(base.record(id: record.id))
    // What a newer Otter wrote after editing the account once more (a kind this one cannot read).
    let newer = UnusableRecord(
      json: .object([
        ("id", .string(record.id.lowercasedText)), ("type", .string("future")),
        ("version", VaultPayload.versionJSON(readable.version.bumped(by: "newer otter"))),
      ]), reason: "unknown account type", id: record.id.lowercasedText)
    var fromNewer = VaultContents()
    fromNewer.unusable = [newer]
    let merged = VaultContents.merged(base, fromNewer)
    #expect(merged.records.isEmpty, "the readable version was kept beside the newer one")
    #expect(merged.unusable.count == 1)
    // An entry the readable record descends from goes instead.
    var edited = base
    edited.editor = "this otter"
    try edited.edit(id: record.id, AccountChanges(note: "edited after"), at: 200)
    let older = UnusableRecord(
      json: .object([
        ("id", .string(record.id.lowercasedText)), ("type", .string("future")),
        ("version", VaultPayload.versionJSON(readable.version)),
      ]), reason: "unknown account type", id: record.id.lowercasedText)
    var fromOlder = VaultContents()
    fromOlder.unusable = [older]
    let again = VaultContents.merged(edited, fromOlder)
    #expect(again.records.count == 1)
    #expect(again.unusable.isEmpty)
  }

  @Test("merging a copy a second time changes nothing")
  func secondMergeNoChange() throws {
    var a = VaultContents()
    a.add(try mergeRecord("A", at: 100))
    var b = VaultContents()
    b.add(try mergeRecord("B", at: 100))
    var into = a
    #expect(into.merge(b).changed)
    let again = into.merge(b)
    #expect(!again.changed)
    #expect(again.entries.isEmpty)
  }

  @Test("over random edit histories of two copies: commutative, idempotent, no counter goes back, nothing lost")
  func properties() async {
    await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      var random = SplitMix64(state: seed)
      guard let base = try? baseContents(using: &random),
        let a = try? randomHistory(from: base, steps: Int.random(in: 0...12, using: &random), tag: "a", using: &random),
        let b = try? randomHistory(from: base, steps: Int.random(in: 0...12, using: &random), tag: "b", using: &random)
      else {
        Issue.record("history \(seed) could not be made")
        return
      }
      let ab = VaultContents.merged(a, b)
      #expect(summary(ab) == summary(VaultContents.merged(b, a)), "commutative, seed \(seed)")
      #expect(summary(VaultContents.merged(ab, b)) == summary(ab), "idempotent, seed \(seed)")
      #expect(summary(VaultContents.merged(ab, ab)) == summary(ab), "idempotent, seed \(seed)")
      #expect(summary(VaultContents.merged(ab, a)) == summary(ab), "idempotent, seed \(seed)")
      var again = ab
      #expect(!again.merge(b).changed, "a second merge writes nothing, seed \(seed)")
      var into = a
      into.merge(b)
      #expect(summary(into) == summary(ab), "merge(into:) is merged(), seed \(seed)")
      #expect(ab.includes(a) && ab.includes(b), "something of a copy was lost, seed \(seed)")
      for side in [a, b] {
        for record in side.records {
          if let merged = ab.record(id: record.id) {
            #expect(merged.account.counter >= record.account.counter, "counter went back, seed \(seed)")
          }
        }
      }
      if let c = try? randomHistory(from: base, steps: Int.random(in: 0...8, using: &random), tag: "c", using: &random) {
        #expect(
          summary(VaultContents.merged(ab, c)) == summary(VaultContents.merged(a, VaultContents.merged(b, c))),
          "associative, seed \(seed)")
      }
    }
  }

  @Test("versions edited apart in their groups alone become one, in the groups of both; a note edited apart stays a conflict")
  func groupsJoin() throws {
    var base = VaultContents()
    let shared = try mergeRecord("Shared", at: 100)
    base.add(shared)
    var (laptop, desktop) = twoCopies(of: base)
    try laptop.edit(id: shared.id, AccountChanges(addGroups: ["Work"]), at: 200)
    try desktop.edit(id: shared.id, AccountChanges(addGroups: ["travel", "work"]), at: 210)
    var merged = laptop
    let report = merged.merge(desktop)
    let record = try #require(merged.record(id: shared.id))
    #expect(record.tags == ["travel", "Work"])
    #expect(!record.inConflict)
    #expect(report.entries.map(\.change) == [.groupsJoined])
    // The joined version supersedes both sides: merging either again changes nothing.
    #expect(VaultContents.merged(merged, laptop).record(id: shared.id)?.tags == ["travel", "Work"])
    #expect(VaultContents.merged(desktop, merged).record(id: shared.id)?.inConflict == false)
    // Groups and a note edited apart: a real conflict, both versions kept.
    try laptop.edit(id: shared.id, AccountChanges(note: "laptop's note"), at: 300)
    let conflicted = VaultContents.merged(laptop, desktop).record(id: shared.id)
    #expect(conflicted?.inConflict == true)
  }
}
