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
    result[record.id.lowercasedText] =
      "\(account.issuer)|\(account.name)|\(account.counter)|\(record.note)|\(record.favourite)|\(record.modified)|\(Base32.encode(account.secret))"
  }
  for tombstone in contents.tombstones { result["deleted " + tombstone.id.lowercasedText] = String(tombstone.deleted) }
  for entry in contents.unusable { result["unusable \(entry.json)"] = entry.reason }
  return result
}

/// One copy's random history on top of `base`: adds, renames, favourites, notes, counter steps
/// and removals, at times drawn from a range both copies share (so ties happen).
func randomHistory(from base: VaultContents, steps: Int, tag: String, using random: inout SplitMix64) throws
  -> VaultContents
{
  var contents = base
  for step in 0..<steps {
    let time = Int64.random(in: 1_000...1_030, using: &random)
    let ids = contents.records.map(\.id)
    switch Int.random(in: 0..<6, using: &random) {
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
    default:
      if let id = ids.randomElement(using: &random) {
        try contents.edit(id: id, AccountChanges(note: "note \(tag)\(step)"), at: time)
      }
    }
  }
  return contents
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
  @Test("accounts only one side has are kept; the later modified wins as a whole record")
  func laterWins() throws {
    var base = VaultContents()
    let shared = try mergeRecord("Shared", at: 100)
    base.add(shared)
    var laptop = base
    var desktop = base
    laptop.add(try mergeRecord("LaptopOnly", at: 200))
    desktop.add(try mergeRecord("DesktopOnly", at: 210))
    try laptop.rename(id: shared.id, issuer: "Renamed on the laptop", name: nil, at: 300)
    try desktop.edit(id: shared.id, AccountChanges(note: "desktop note"), at: 250)

    let merged = VaultContents.merged(laptop, desktop)
    #expect(Set(merged.records.map(\.account.issuer)) == ["Renamed on the laptop", "LaptopOnly", "DesktopOnly"])
    let record = try #require(merged.record(id: shared.id))
    #expect(record.note == "", "the later record wins whole: the desktop's earlier note is not mixed in")
    #expect(record.modified == 300)

    var into = desktop
    let report = into.merge(laptop)
    #expect(report.changed)
    #expect(report.entries.map(\.change) == [.updated, .added])
    #expect(report.entries.map(\.label) == ["Renamed on the laptop: me", "LaptopOnly: me"])
  }

  @Test("an HOTP counter never goes backwards, whichever record wins")
  func counterNeverBackwards() throws {
    var base = VaultContents()
    let vpn = try mergeRecord("VPN", kind: .hotp, counter: 10, at: 100)
    base.add(vpn)
    var a = base
    var b = base
    try a.advanceCounter(id: vpn.id, by: 5, at: 200)  // counter 15 at 200
    try b.rename(id: vpn.id, issuer: "Work VPN", name: nil, at: 300)  // counter 10 at 300, wins
    let merged = VaultContents.merged(a, b)
    let record = try #require(merged.record(id: vpn.id))
    #expect(record.account.issuer == "Work VPN")
    #expect(record.account.counter == 15)
    var into = b
    #expect(into.merge(a).entries.map(\.change) == [.counterAdvanced(from: 10, to: 15)])
  }

  @Test("a deletion wins over an earlier edit; an edit after the deletion keeps the account")
  func tombstones() throws {
    var base = VaultContents()
    let old = try mergeRecord("Old", at: 100)
    let kept = try mergeRecord("Kept", at: 100)
    base.add(old)
    base.add(kept)
    var a = base
    var b = base
    try a.edit(id: old.id, AccountChanges(note: "edited first"), at: 150)
    b.remove(id: old.id, at: 200)
    a.remove(id: kept.id, at: 200)
    try b.edit(id: kept.id, AccountChanges(note: "edited after the deletion"), at: 250)
    let merged = VaultContents.merged(a, b)
    #expect(merged.record(id: old.id) == nil)
    #expect(merged.record(id: kept.id)?.note == "edited after the deletion")
    #expect(merged.tombstones.count == 2)
    // A deletion in the same second as the last edit wins.
    var c = base
    var d = base
    try c.edit(id: old.id, AccountChanges(note: "same second"), at: 300)
    d.remove(id: old.id, at: 300)
    #expect(VaultContents.merged(c, d).record(id: old.id) == nil)

    var into = a
    let report = into.merge(b)
    #expect(report.entries.map(\.change) == [.removed, .restored])
    #expect(report.entries.map(\.label) == ["Old: me", "Kept: me"])
    var other = b
    #expect(other.merge(a).entries.map(\.change) == [.keptAfterDeletion])
  }

  @Test("the same second, different changes: both sides keep the same version and report a conflict")
  func sameSecondConflict() throws {
    var base = VaultContents()
    let shared = try mergeRecord("Shared", at: 100)
    base.add(shared)
    var a = base
    var b = base
    try a.rename(id: shared.id, issuer: "Alpha", name: nil, at: 200)
    try b.rename(id: shared.id, issuer: "Beta", name: nil, at: 200)
    #expect(summary(VaultContents.merged(a, b)) == summary(VaultContents.merged(b, a)))
    #expect(VaultContents.merged(a, b).record(id: shared.id)?.account.issuer == "Beta")
    var intoA = a
    #expect(intoA.merge(b).entries.map(\.change) == [.conflict(keptOther: true)])
    var intoB = b
    let report = intoB.merge(a)
    #expect(report.entries.map(\.change) == [.conflict(keptOther: false)])
    #expect(!report.changed)
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
      for side in [a, b] {
        for record in side.records {
          let deleted = (a.tombstones + b.tombstones).filter { $0.id == record.id }.map(\.deleted).max()
          if let merged = ab.record(id: record.id) {
            #expect(merged.account.counter >= record.account.counter, "counter went back, seed \(seed)")
            #expect(merged.modified >= record.modified, "seed \(seed)")
          } else {
            #expect(deleted.map { record.modified <= $0 } == true, "lost \(record.label) without a deletion, seed \(seed)")
          }
        }
      }
    }
  }
}
