import CryptoPrimitives
import Foundation
import OTPCore
import Testing

@testable import Vault

@Suite("Vault edits")
struct VaultEditTests {
  func contents() throws -> (VaultContents, UUID) {
    var contents = VaultContents()
    let account = try OTPAccount(kind: .hotp, issuer: "VPN", name: "bob", secret: password("key"), counter: 7)
    let record = VaultRecord(account: account, created: 100)
    contents.add(record)
    contents.add(try sampleRecord(1))
    return (contents, record.id)
  }

  @Test("rename changes only the fields given and sets modified; an empty label is refused")
  func rename() throws {
    var (contents, id) = try contents()
    try contents.rename(id: id, issuer: nil, name: "carol", at: 200)
    #expect(contents.record(id: id)?.account.issuer == "VPN")
    #expect(contents.record(id: id)?.account.name == "carol")
    #expect(contents.record(id: id)?.modified == 200)
    #expect(throws: EditError.emptyLabel) { try contents.rename(id: id, issuer: "", name: "", at: 300) }
    #expect(contents.record(id: id)?.modified == 200)
    #expect(throws: EditError.noSuchAccount) { try contents.rename(id: UUID(), issuer: "x", name: nil, at: 300) }
  }

  @Test("setFavourite sets the flag and modified")
  func favourite() throws {
    var (contents, id) = try contents()
    try contents.setFavourite(id: id, true, at: 250)
    #expect(contents.record(id: id)?.favourite == true)
    #expect(contents.record(id: id)?.modified == 250)
  }

  @Test("advanceCounter returns the account before the step, advances, and refuses to pass 2^64 - 1")
  func advance() throws {
    var (contents, id) = try contents()
    let used = try contents.advanceCounter(id: id, by: 3, at: 260)
    #expect(used.counter == 7)
    #expect(contents.record(id: id)?.account.counter == 10)
    #expect(contents.record(id: id)?.modified == 260)
    contents.records[0].account.counter = UInt64.max - 1
    #expect(throws: EditError.counterOverflow) { try contents.advanceCounter(id: id, at: 270) }
    #expect(contents.record(id: id)?.account.counter == UInt64.max - 1)
  }

  @Test("remove drops the record and leaves a tombstone with the time, a version above the record's, its counter")
  func remove() throws {
    var (contents, id) = try contents()
    let version = try #require(contents.record(id: id)).version
    let counter = try #require(contents.record(id: id)).account.counter
    contents.remove(id: id, at: 300)
    #expect(contents.record(id: id) == nil)
    #expect(contents.records.count == 1)
    #expect(contents.tombstones.map(\.id) == [id])
    #expect(contents.tombstones.first?.deleted == 300)
    #expect(contents.tombstones.first?.version.compare(version) == .after)
    #expect(contents.tombstones.first?.counter == counter)
  }

  @Test("duplicates: a SHA-256 account with the secret and labels of a SHA-1 one is another account, not skipped")
  func duplicatesByCodes() throws {
    var contents = VaultContents()
    let sha1 = try OTPAccount(kind: .totp, issuer: "Bank", name: "a", secret: SecretBytes(Array("12345678901234567890".utf8)))
    contents.add(VaultRecord(account: sha1, created: 1))
    let sha256 = try OTPAccount(
      kind: .totp, issuer: "Bank", name: "a", secret: SecretBytes(Array("12345678901234567890".utf8)), algorithm: .sha256)
    let index = DuplicateIndex(contents.records)
    #expect(index.contains(sha1))
    #expect(!index.contains(sha256))
    let eight = try OTPAccount(
      kind: .totp, issuer: "Bank", name: "a", secret: SecretBytes(Array("12345678901234567890".utf8)), digits: 8)
    #expect(!index.contains(eight))
  }
}
