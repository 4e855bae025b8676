import CryptoPrimitives
import Foundation
import JSONCodec
import OTPCore
import Testing

@testable import Vault

/// The lowest cost Otter allows (N = 2^14): tests never go below it.
let testCost = ScryptParameters(logN: 14, r: 8, p: 1)

/// scrypt, remembered per (password, salt, cost) so that thousands of tamper checks stay fast;
/// every distinct input still goes through the real KDF.
final class MemoizedScrypt: @unchecked Sendable {
  private var cache: [String: SecretBytes] = [:]
  private let lock = NSLock()

  var derive: KeyDerivation {
    { [self] password, salt, parameters in
      let key = "\(password.withUnsafeBytes { Array($0) })|\(salt)|\(parameters.logN),\(parameters.r),\(parameters.p)"
      if let hit = lock.withLock({ cache[key] }) { return hit }
      let derived = try scryptDerivation(password, salt, parameters)
      lock.withLock { cache[key] = derived }
      return derived
    }
  }
}

func password(_ text: String) -> SecretBytes { SecretBytes(Array(text.utf8)) }

func sampleRecord(_ index: Int) throws -> VaultRecord {
  let kinds: [OTPKind] = [.totp, .hotp, .steam]
  let kind = kinds[index % 3]
  let account = try OTPAccount(
    kind: kind, issuer: "Issuer \(index) ü:&", name: "user\(index)@example.com",
    secret: try SecretBytes.random(count: 10 + index % 40),
    algorithm: DigestAlgorithm.allCases[index % 3], digits: kind == .steam ? 5 : 6 + index % 5, period: 1 + index * 7,
    counter: kind == .hotp ? UInt64.max - UInt64(index) : 0, extraParameters: [URIParameter(name: "image", value: "x\(index)")])
  return VaultRecord(
    account: account, note: "note \(index)\n", tags: ["t\(index % 4)", "work"], favourite: index % 2 == 0,
    created: 1_700_000_000 + Int64(index), modified: 1_800_000_000 + Int64(index))
}

@Suite("Vault file format")
struct VaultFileTests {
  let kdf = MemoizedScrypt()

  @Test("100 accounts survive encode and decode with every field equal")
  func roundTrip() throws {
    let vault = try VaultFile.create(password: password("correct horse"), cost: testCost, derive: kdf.derive)
    vault.contents.records = try (0..<100).map(sampleRecord)
    vault.contents.tombstones = [Tombstone(id: UUID(), deleted: 1_750_000_000)]
    let bytes = try VaultFile.encode(vault)
    let opened = try VaultFile.decode(bytes, password: password("correct horse"), derive: kdf.derive)
    #expect(opened.vaultID == vault.vaultID)
    #expect(opened.contents.records.count == 100)
    for (a, b) in zip(opened.contents.records, vault.contents.records) { #expect(a.isIdentical(to: b)) }
    #expect(opened.contents.tombstones == vault.contents.tombstones)
    #expect(opened.contents.unusable.isEmpty)
  }

  @Test("every save uses a fresh nonce, and the secrets are not in the file in the clear")
  func freshNonce() throws {
    let vault = try VaultFile.create(password: password("pw"), cost: testCost, derive: kdf.derive)
    vault.contents.records = [try sampleRecord(1)]
    let first = try VaultFile.encode(vault)
    let second = try VaultFile.encode(vault)
    #expect(first != second)
    let secretText = Base32.encode(vault.contents.records[0].account.secret)
    #expect(!String(decoding: first, as: UTF8.self).contains(secretText))
    #expect(!String(decoding: first, as: UTF8.self).contains("user1@example.com"))
  }

  @Test("a wrong password is an authentication failure")
  func wrongPassword() throws {
    let vault = try VaultFile.create(password: password("right"), cost: testCost, derive: kdf.derive)
    let bytes = try VaultFile.encode(vault)
    #expect(throws: VaultError.authenticationFailed) {
      try VaultFile.decode(bytes, password: password("wrong"), derive: kdf.derive)
    }
    #expect("\(VaultError.authenticationFailed)" == "wrong password (or the vault is damaged)")
  }

  @Test("flipping any single byte of a vault makes it refused, never opened with changed content")
  func tamperEveryByte() throws {
    let vault = try VaultFile.create(password: password("pw"), cost: testCost, derive: kdf.derive)
    vault.contents.records = [try sampleRecord(0)]
    let bytes = try VaultFile.encode(vault)
    var refused = 0
    // Two masks: the lowest bit (which base64 decoders may ignore in a last character) and a
    // case bit (which turns letters into other letters).
    for mask: UInt8 in [0x01, 0x20] {
      for index in 0..<bytes.count {
        var altered = bytes
        altered[index] ^= mask
        do {
          _ = try VaultFile.decode(altered, password: password("pw"), derive: kdf.derive)
          Issue.record("byte \(index) flipped with \(mask) and the vault still opened")
        } catch {
          refused += 1
        }
      }
    }
    #expect(refused == 2 * bytes.count)
  }

  @Test("every truncation of a vault is refused as damaged")
  func truncation() throws {
    let vault = try VaultFile.create(password: password("pw"), cost: testCost, derive: kdf.derive)
    let bytes = try VaultFile.encode(vault)
    for length in 0..<bytes.count {
      #expect(throws: VaultError.self) {
        try VaultFile.decode(Array(bytes.prefix(length)), password: password("pw"), derive: kdf.derive)
      }
    }
    #expect(throws: VaultError.damaged("1 unexpected bytes after the payload")) {
      try VaultFile.decode(bytes + [0], password: password("pw"), derive: kdf.derive)
    }
  }

  @Test("a newer format version is refused with a message naming both versions")
  func newerVersion() throws {
    var bytes = try VaultFile.encode(try VaultFile.create(password: password("pw"), cost: testCost, derive: kdf.derive))
    bytes[9] = 5
    #expect(throws: VaultError.newerVersion(found: 5, supported: 4)) {
      try VaultFile.decode(bytes, password: password("pw"), derive: kdf.derive)
    }
    #expect("\(VaultError.newerVersion(found: 5, supported: 4))".contains("upgrade Otter"))
    // A password-only vault with its version raised to 4 is read as version 4 (its slots are
    // all of a kind 4 knows) and refused only because the version is authenticated.
    bytes[9] = 4
    #expect(performing: { try VaultFile.decode(bytes, password: password("pw"), derive: kdf.derive) }, throws: isDamaged)
  }

  @Test("a file that is not a vault says so")
  func notAVault() {
    #expect(throws: VaultError.notAVault) {
      try VaultFile.decode(Array("{\"version\": 1, \"not\": \"a vault\"}".utf8), password: password("pw"))
    }
  }

  @Test("one entry this version cannot use is reported, kept and written back; the rest opens")
  func unusableEntry() throws {
    let vault = try VaultFile.create(password: password("pw"), cost: testCost, derive: kdf.derive)
    vault.contents.records = [try sampleRecord(0), try sampleRecord(1)]
    let future = try JSON.parse(
      Array(#"{"id":"6c3d7c2e-52c4-4f0b-9a43-1f2f0f4b7a10","type":"xotp","pin":"1234","secret":"JBSWY3DP"}"#.utf8))
    guard case .object(let members) = VaultPayload.object(for: try sampleRecord(2)) else { return }
    let outOfRange = JSON.object(members.map { $0.0 == "digits" ? ("digits", .number("99")) : $0 })
    vault.contents.unusable = [
      UnusableRecord(json: future, reason: "", id: nil), UnusableRecord(json: outOfRange, reason: "", id: nil),
    ]
    let opened = try VaultFile.decode(try VaultFile.encode(vault), password: password("pw"), derive: kdf.derive)
    #expect(opened.contents.records.count == 2)
    #expect(opened.contents.unusable.count == 2)
    #expect(opened.contents.unusable[0].reason.contains("unknown account type"))
    #expect(opened.contents.unusable[1].reason.contains("digits is 99"))
    // Written back unchanged: a second save and open gives the same entries.
    let again = try VaultFile.decode(try VaultFile.encode(opened), password: password("pw"), derive: kdf.derive)
    #expect(again.contents.unusable[0].json == future)
    #expect(again.contents.unusable[1].json == outOfRange)
  }

  @Test("a password change draws a new master key; the old password stops working")
  func changePassword() throws {
    let vault = try VaultFile.create(password: password("old"), cost: testCost, derive: kdf.derive)
    vault.contents.records = [try sampleRecord(3)]
    let oldKey = vault.masterKey
    try vault.changePassword(to: password("new"), cost: testCost, derive: kdf.derive)
    #expect(!vault.masterKey.constantTimeEquals(oldKey))
    let bytes = try VaultFile.encode(vault)
    #expect(throws: VaultError.authenticationFailed) {
      try VaultFile.decode(bytes, password: password("old"), derive: kdf.derive)
    }
    let opened = try VaultFile.decode(bytes, password: password("new"), derive: kdf.derive)
    #expect(opened.masterKey.constantTimeEquals(vault.masterKey))
    #expect(opened.contents.records[0].isIdentical(to: vault.contents.records[0]))
  }

  @Test("a hostile key slot cannot ask for an absurd scrypt cost")
  func hostileCost() throws {
    let vault = try VaultFile.create(password: password("pw"), cost: testCost, derive: kdf.derive)
    vault.slots[0].logN = 40
    #expect(throws: VaultError.self) {
      try VaultFile.decode(try VaultFile.encode(vault), password: password("pw"), derive: kdf.derive)
    }
  }
}
