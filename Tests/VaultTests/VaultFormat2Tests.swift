import CryptoPrimitives
import Foundation
import JSONCodec
import OTPCore
import Synchronization
import Testing

@testable import Vault

/// The sections of a file, split by hand (not by the code under test).
struct RawVault {
  var head: [UInt8]  // magic and version
  var slots: [UInt8]
  var header: [UInt8]
  var rest: [UInt8]  // ciphertext length, ciphertext, tag

  init(_ bytes: [UInt8]) {
    func length(_ at: Int) -> Int {
      Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }
    head = Array(bytes[0..<10])
    let slotsLength = length(10)
    slots = Array(bytes[14..<(14 + slotsLength)])
    let headerAt = 14 + slotsLength
    let headerLength = length(headerAt)
    header = Array(bytes[(headerAt + 4)..<(headerAt + 4 + headerLength)])
    rest = Array(bytes[(headerAt + 4 + headerLength)...])
  }

  var bytes: [UInt8] {
    func prefixed(_ section: [UInt8]) -> [UInt8] {
      let count = UInt32(section.count)
      return [UInt8(count >> 24), UInt8((count >> 16) & 0xff), UInt8((count >> 8) & 0xff), UInt8(count & 0xff)] + section
    }
    return head + prefixed(slots) + prefixed(header) + rest
  }
}

/// A key derivation that counts its calls and the costs it was asked for.
final class CountingDerivation: Sendable {
  let calls = Mutex<[Int]>([])
  let inner: KeyDerivation
  init(_ inner: @escaping KeyDerivation) { self.inner = inner }
  var derive: KeyDerivation {
    { [self] password, salt, parameters in
      calls.withLock { $0.append(parameters.logN) }
      return try inner(password, salt, parameters)
    }
  }
}

func isDamaged(_ error: any Error) -> Bool {
  if case .damaged = error as? VaultError { return true }
  return false
}

@Suite("Vault format 2")
struct VaultFormat2Tests {
  let kdf = MemoizedScrypt()

  func vault(_ records: Int = 1) throws -> UnlockedVault {
    let vault = try VaultFile.create(password: password("pw"), cost: testCost, derive: kdf.derive)
    vault.contents.records = try (0..<records).map(sampleRecord)
    return vault
  }

  @Test("a copy from before a password change, with the old password, opens nothing saved after it")
  func passwordChangeLocksOutOldCopies() throws {
    let vault = try vault()
    let oldCopy = try VaultFile.encode(vault)
    let oldKey = try VaultFile.decode(oldCopy, password: password("pw"), derive: kdf.derive).masterKey
    try vault.changePassword(to: password("new"), cost: testCost, derive: kdf.derive)
    vault.contents.records.append(try sampleRecord(7))
    let later = try VaultFile.encode(vault)
    // The old master key does not open the later file, nor does the old password.
    #expect(throws: VaultError.self) { try VaultFile.decode(later, masterKey: oldKey) }
    #expect(throws: VaultError.authenticationFailed) {
      try VaultFile.decode(later, password: password("pw"), derive: kdf.derive)
    }
    // Nor does the old key slot spliced onto the later file.
    var spliced = RawVault(later)
    spliced.slots = RawVault(oldCopy).slots
    #expect(performing: { try VaultFile.decode(spliced.bytes, password: password("pw"), derive: kdf.derive) }, throws: isDamaged)
  }

  @Test("whitespace inserted at any offset of the key slots or the header is refused as damaged")
  func whitespaceEverywhere() throws {
    let raw = RawVault(try VaultFile.encode(try vault()))
    var refused = 0
    for section in [0, 1] {
      let text = section == 0 ? raw.slots : raw.header
      for offset in 0...text.count {
        var edited = raw
        var changed = text
        changed.insert(UInt8(ascii: " "), at: offset)
        if section == 0 { edited.slots = changed } else { edited.header = changed }
        do {
          _ = try VaultFile.decode(edited.bytes, password: password("pw"), derive: kdf.derive)
          Issue.record("a space at offset \(offset) of section \(section) still opened")
        } catch {
          #expect(isDamaged(error), "offset \(offset) of section \(section): \(error)")
          refused += 1
        }
      }
    }
    #expect(refused == raw.slots.count + raw.header.count + 2)
  }

  @Test(
    "an added slot, an unknown member, a duplicated slot and swapped slots are all refused as damaged",
    arguments: ["added", "unknown member", "duplicated", "swapped"])
  func slotEdits(edit: String) throws {
    let vault = try vault()
    vault.slots.append(
      try KeySlot.wrap(
        masterKey: vault.masterKey, password: password("second"), vaultID: vault.vaultID, cost: testCost, derive: kdf.derive))
    var raw = RawVault(try VaultFile.encode(vault))
    let one = String(decoding: JSON.array([vault.slots[0].json]).serialized().dropFirst().dropLast(), as: UTF8.self)
    let two = String(decoding: JSON.array([vault.slots[1].json]).serialized().dropFirst().dropLast(), as: UTF8.self)
    let alien =
      #"{"kdf":"scrypt","logN":14,"nonce":"AAAAAAAAAAAAAAAA","p":1,"r":8,"salt":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","tag":"AAAAAAAAAAAAAAAAAAAAAA==","type":"password","wrappedKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}"#
    let text: String
    switch edit {
    case "added": text = "[\(one),\(two),\(alien)]"
    case "unknown member": text = "[" + one.dropLast() + #","extra":1}"# + ",\(two)]"
    case "duplicated": text = "[\(one),\(two),\(one)]"
    default: text = "[\(two),\(one)]"
    }
    raw.slots = Array(text.utf8)
    #expect(performing: { try VaultFile.decode(raw.bytes, password: password("pw"), derive: kdf.derive) }, throws: isDamaged)
    #expect(performing: { try VaultFile.decode(raw.bytes, password: password("second"), derive: kdf.derive) }, throws: isDamaged)
  }

  @Test("every byte flipped, in each section, is refused; a flipped version byte is refused too")
  func flips() throws {
    let bytes = try VaultFile.encode(try vault())
    for index in 0..<bytes.count {
      var altered = bytes
      altered[index] ^= 0x04
      #expect(throws: VaultError.self, "byte \(index)") {
        try VaultFile.decode(altered, password: password("pw"), derive: kdf.derive)
      }
    }
  }

  @Test("a slot over the memory budget is refused before any key is derived, naming its cost")
  func memoryBudget() throws {
    let vault = try vault()
    var hostile = vault.slots[0]
    hostile.logN = 22
    hostile.r = 32
    vault.slots.insert(hostile, at: 0)
    let bytes = try VaultFile.encode(vault)
    let counting = CountingDerivation(kdf.derive)
    let error = #expect(throws: VaultError.self) {
      try VaultFile.decode(bytes, password: password("pw"), derive: counting.derive)
    }
    #expect(counting.calls.withLock { $0 }.isEmpty)
    #expect("\(error.map { "\($0)" } ?? "")".contains("scrypt N=2^22, r=32, p=1: 16 GiB, over Otter's 1 GiB limit"))
    #expect("\(error.map { "\($0)" } ?? "")".contains("add --kdf-budget 16GiB"))
  }

  @Test("the total work of the slots is bounded too, and at most four password slots are tried")
  func workBudget() throws {
    let vault = try vault()
    var heavy = vault.slots[0]
    heavy.logN = 20
    heavy.r = 8
    vault.slots = [heavy, heavy, heavy] + vault.slots  // 3 × 2^23 units: over 2^24
    let counting = CountingDerivation(kdf.derive)
    #expect(throws: VaultError.self) {
      try VaultFile.decode(try VaultFile.encode(vault), password: password("pw"), derive: counting.derive)
    }
    #expect(counting.calls.withLock { $0 }.isEmpty)
    vault.slots = Array(repeating: vault.slots.last!, count: 5)
    #expect(throws: VaultError.overBudget(.tooManySlots(5, limit: 4))) {
      try VaultFile.decode(try VaultFile.encode(vault), password: password("pw"), derive: counting.derive)
    }
    #expect(counting.calls.withLock { $0 }.isEmpty)
  }

  @Test("slots are tried cheapest first, so an expensive slot in front costs nothing when the cheap one opens")
  func cheapestFirst() throws {
    let vault = try vault()
    let cheap = vault.slots[0]
    let expensive = try KeySlot.wrap(
      masterKey: vault.masterKey, password: password("pw"), vaultID: vault.vaultID,
      cost: ScryptParameters(logN: 16, r: 8, p: 1), derive: kdf.derive)
    vault.slots = [expensive, cheap]
    let counting = CountingDerivation(kdf.derive)
    _ = try VaultFile.decode(try VaultFile.encode(vault), password: password("pw"), derive: counting.derive)
    #expect(counting.calls.withLock { $0 } == [14])
  }

  @Test("every save raises the generation, which the header carries authenticated")
  func generation() throws {
    let vault = try vault()
    let first = try VaultFile.encode(vault)
    #expect(try VaultFile.generation(of: first) == 1)
    let opened = try VaultFile.decode(first, password: password("pw"), derive: kdf.derive)
    #expect(opened.generation == 1)
    #expect(try VaultFile.generation(of: try VaultFile.encode(opened)) == 2)
    #expect(try VaultFile.generation(of: try VaultFile.encode(opened, generation: 40)) == 40)
    #expect(try VaultFile.vaultID(of: first) == vault.vaultID)
  }

  @Test("a version 1 file written by Otter 0.1.0 opens, and its first save is version 3")
  func version1Fixture() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/vault-v1.otter")
    let bytes = [UInt8](try Data(contentsOf: url))
    #expect(bytes[9] == 1)
    let opened = try VaultFile.decode(bytes, password: password("correct horse"), derive: kdf.derive)
    #expect(opened.formatVersion == 1)
    #expect(opened.generation == 0)
    #expect(opened.contents.records.map(\.account.issuer).sorted().first == "Demo Bank")
    #expect(opened.contents.records.count == 6)
    let saved = try VaultFile.encode(opened)
    #expect(saved[9] == 3)
    let again = try VaultFile.decode(saved, password: password("correct horse"), derive: kdf.derive)
    #expect(again.contents.records.count == 6)
    #expect(zip(again.contents.records, opened.contents.records).allSatisfy { $0.isIdentical(to: $1) })
    // A password change on a version 1 vault rotates its key too.
    try again.changePassword(to: password("new"), cost: testCost, derive: kdf.derive)
    #expect(!again.masterKey.constantTimeEquals(opened.masterKey))
  }
}
