import CryptoPrimitives
import Foundation
import OTPCore
import OtterKit
import Synchronization
import Testing
import Vault

@Suite("Vault session")
struct VaultSessionTests {
  @Test("create, modify and open round-trip the accounts through the file")
  func roundTrip() throws {
    let fixture = try SessionFixture()
    let session = fixture.session()
    _ = try session.create(password: password("right"), cost: testCost)
    try session.modify { vault throws(OtterFailure) in
      vault.contents.add(record("GitHub", "ada"))
    }
    let opened = try session.open()
    #expect(opened.contents.records.map(\.account.issuer) == ["GitHub"])
  }

  @Test("a wrong password is exit 77, says so, and leaves the file as it was")
  func wrongPassword() throws {
    let fixture = try SessionFixture()
    _ = try fixture.session().create(password: password("right"), cost: testCost)
    let before = try fixture.bytes()
    let wrong = fixture.session(passwordFile: "bad")
    let failure = #expect(throws: OtterFailure.self) { try wrong.open() }
    #expect(failure?.status == .noPermission)
    #expect(failure?.message.contains("wrong password") == true)
    let modify = #expect(throws: OtterFailure.self) {
      try wrong.modify { vault throws(OtterFailure) in vault.contents.remove(id: UUID(), at: 1) }
    }
    #expect(modify?.status == .noPermission)
    #expect(try fixture.bytes() == before)
  }

  @Test("a damaged file is exit 65, names the backup, and is not written")
  func damaged() throws {
    let fixture = try SessionFixture()
    let session = fixture.session()
    _ = try session.create(password: password("right"), cost: testCost)
    try session.modify { _ throws(OtterFailure) in }  // a second save leaves a .bak
    var bytes = [UInt8](try fixture.bytes())
    bytes[bytes.count - 20] ^= 0x01
    try Data(bytes).write(to: URL(fileURLWithPath: fixture.vaultPath))
    let failure = #expect(throws: OtterFailure.self) { try session.modify { _ throws(OtterFailure) in } }
    #expect(failure?.status == .dataError)
    #expect(failure?.message.contains("vault.otter.bak") == true)
    #expect([UInt8](try fixture.bytes()) == bytes)
  }

  @Test("a missing vault is exit 66 and an existing one is never replaced by create (73)")
  func missingAndExisting() throws {
    let fixture = try SessionFixture()
    let session = fixture.session()
    #expect((#expect(throws: OtterFailure.self) { try session.open() })?.status == .noInput)
    _ = try session.create(password: password("right"), cost: testCost)
    let before = try fixture.bytes()
    #expect(
      (#expect(throws: OtterFailure.self) { try session.create(password: password("x"), cost: testCost) })?.status
        == .cannotCreate)
    #expect(try fixture.bytes() == before)
  }

  @Test("a second writer waits for the lock and then sees the first writer's change")
  func lockContention() throws {
    let fixture = try SessionFixture()
    let session = fixture.session()
    _ = try session.create(password: password("right"), cost: testCost)
    let events = Mutex<[String]>([])
    let holding = DispatchSemaphore(value: 0)
    let first = Thread {
      try? session.withWriteLock { () throws(OtterFailure) in
        holding.signal()
        events.withLock { $0.append("first holds") }
        Thread.sleep(forTimeInterval: 0.4)
        let vault = try session.unlock(try session.read(), password: password("right"))
        vault.contents.add(record("First", "a"))
        try session.save(vault)
        events.withLock { $0.append("first saved") }
      }
    }
    first.start()
    holding.wait()
    try session.modify { vault throws(OtterFailure) in
      events.withLock { $0.append("second runs") }
      vault.contents.add(record("Second", "b"))
    }
    #expect(events.withLock { $0 } == ["first holds", "first saved", "second runs"])
    #expect(Set(try session.open().contents.records.map(\.account.issuer)) == ["First", "Second"])
  }

  @Test("a save that fails is exit 74 and the previous vault stays whole")
  func saveFailure() throws {
    let fixture = try SessionFixture()
    let session = fixture.session()
    _ = try session.create(password: password("right"), cost: testCost)
    let before = try fixture.bytes()
    // The backup link's temporary name is taken by a folder, so the save cannot keep a backup.
    let blocker = fixture.vaultPath + ".bak.tmp-\(getpid())"
    try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
    let failure = #expect(throws: OtterFailure.self) {
      try session.modify { vault throws(OtterFailure) in vault.contents.add(record("X", "y")) }
    }
    #expect(failure?.status == .ioError)
    #expect(failure?.message.contains("link") == true)
    #expect(try fixture.bytes() == before)
    try FileManager.default.removeItem(atPath: blocker)
    #expect(try session.open().contents.records.isEmpty)
  }
}

@Suite("Races with sync tools, which never take Otter's lock")
struct SyncRaceTests {
  @Test("a vault replaced between the read and the rename is noticed, merged and saved: neither change is lost")
  func replacedBeforeRename() throws {
    let fixture = try SessionFixture()
    let session = fixture.session()
    _ = try session.create(password: password("right"), cost: testCost)
    try session.modify { vault throws(OtterFailure) in vault.contents.add(record("Base", "me")) }
    // Another machine's copy, with an account of its own, as a sync tool would put it in place.
    let other = try session.open()
    other.contents.editor = "other machine"
    other.contents.add(record("FromSync", "me"))
    let replacement = try VaultFile.encode(other)
    let collecting = Mutex<[String]>([])
    let watched = session.warning { message in collecting.withLock { $0.append(message) } }
    try watched.modify { vault throws(OtterFailure) in
      vault.contents.add(record("Mine", "me"))
      // The sync tool writes while this change is being made, after the read under the lock.
      let temporary = fixture.vaultPath + ".syncthing.tmp"
      _ = FileManager.default.createFile(atPath: temporary, contents: Data(replacement))
      _ = rename(temporary, fixture.vaultPath)
    }
    let warnings = collecting.withLock { $0 }
    let issuers = Set(try session.open().contents.records.map(\.account.issuer))
    #expect(issuers == ["Base", "FromSync", "Mine"])
    #expect(warnings.contains { $0.contains("replaced by another program (a sync tool?) while it was saved") }, "\(warnings)")
  }

  @Test("a conflict copy that changed after it was merged is kept, whatever takes its name meanwhile")
  func conflictCopyRewritten() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otter-race-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/vault.sync-conflict-20261201-101500-ABCDEFG.otter"
    _ = FileManager.default.createFile(atPath: path, contents: Data("what was merged".utf8))
    #expect(ConflictCopies.remove(path, holding: Array("something else".utf8)) == .changed(keptAs: nil))
    #expect(FileManager.default.contents(atPath: path) == Data("what was merged".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 1)
    #expect(ConflictCopies.remove(path, holding: Array("what was merged".utf8)) == .removed)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }
}
