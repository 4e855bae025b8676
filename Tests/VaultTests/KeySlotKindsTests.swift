import CryptoPrimitives
import Foundation
import JSONCodec
import OTPCore
import Testing

@testable import Vault

/// Key slots of other kinds than password (format 4): the wrap, the strict reading, the
/// version written, slots of a kind this Otter does not know, and the re-wrap of `passwd`.
@Suite("Key slots of other kinds")
struct KeySlotKindsTests {
  let kdf = MemoizedScrypt()
  let secret = SecretBytes([UInt8](repeating: 0x5A, count: 32))

  func vault() throws -> UnlockedVault {
    let vault = try VaultFile.create(password: password("pw"), cost: testCost, derive: kdf.derive)
    vault.contents.records = [try sampleRecord(1)]
    return vault
  }

  func keyringSlot(_ vault: UnlockedVault, id: String = "0a1b2c3d") throws -> KeySlot {
    try KeySlot.wrap(
      masterKey: vault.masterKey, kind: .keyring, secret: secret, vaultID: vault.vaultID, id: id, added: 1_700_000_000)
  }

  func version(_ bytes: [UInt8]) -> Int { Int(bytes[8]) << 8 | Int(bytes[9]) }

  @Test("a keyring slot opens with its secret only; the file is version 4 while it has one and version 3 again without")
  func wrapAndVersion() throws {
    let vault = try vault()
    #expect(version(try VaultFile.encode(vault)) == 3)
    try vault.addSlot(try keyringSlot(vault))
    let bytes = try VaultFile.encode(vault)
    #expect(version(bytes) == 4)
    let slots = try VaultFile.keySlots(of: bytes)
    #expect(slots == vault.slots)
    let key = try slots[1].unwrap(secret: secret, vaultID: vault.vaultID)
    let opened = try VaultFile.decode(bytes, masterKey: key)
    #expect(opened.contents.records.map(\.id) == vault.contents.records.map(\.id))
    #expect(throws: VaultError.authenticationFailed) {
      try slots[1].unwrap(secret: SecretBytes([UInt8](repeating: 0x5B, count: 32)), vaultID: vault.vaultID)
    }
    // Bound to its vault: the same slot under another vault id does not open.
    #expect(throws: VaultError.authenticationFailed) { try slots[1].unwrap(secret: secret, vaultID: UUID()) }
    // The password still opens it.
    #expect(try VaultFile.decode(bytes, password: password("pw"), derive: kdf.derive).slots.count == 2)
    _ = try vault.removeSlot(id: "0a1b2c3d")
    #expect(version(try VaultFile.encode(vault)) == 3)
  }

  /// Each kind, with its own members and, for each, one change that keeps the slot well formed.
  static let kinds: [(SlotKind, [String: String], [(String, String)])] = [
    (.keyring, [:], []),
    (
      .sshKey, ["fingerprint": "SHA256:" + String(repeating: "A", count: 43), "keyType": "ssh-ed25519"],
      [("ssh-ed25519", "ssh-rsa"), ("SHA256:AAAA", "SHA256:AAAB")]
    ),
    (.tpm2, ["pin": "no", "private": "AAAA", "public": "BBBB"], [(#""pin":"no""#, #""pin":"yes""#), ("AAAA", "AAAE")]),
    (.fido2, ["credential": "CCCC", "pin": "no"], [("CCCC", "CCCE"), (#""pin":"no""#, #""pin":"yes""#)]),
  ]

  @Test(
    "every member of every kind of slot is bound: a changed member fails the unwrap and the whole-file check", arguments: 0..<4)
  func membersBound(kindIndex: Int) throws {
    let (kind, binding, changes) = Self.kinds[kindIndex]
    let vault = try vault()
    let slot = try KeySlot.wrap(
      masterKey: vault.masterKey, kind: kind, secret: secret, vaultID: vault.vaultID, id: "0a1b2c3d", added: 1_700_000_000,
      binding: binding)
    try vault.addSlot(slot)
    let bytes = try VaultFile.encode(vault)
    for (from, to) in [("1700000000", "1700000001"), ("0a1b2c3d", "0a1b2c3e")] + changes {
      var raw = RawVault(bytes)
      let text = String(decoding: raw.slots, as: UTF8.self)
      #expect(text.contains(from))
      raw.slots = Array(text.replacingOccurrences(of: from, with: to).utf8)
      let edited = try VaultFile.keySlots(of: raw.bytes)
      #expect(throws: VaultError.authenticationFailed, "\(from)") {
        try edited[1].unwrap(secret: secret, vaultID: vault.vaultID)
      }
      #expect(performing: { try VaultFile.decode(raw.bytes, password: password("pw"), derive: kdf.derive) }, throws: isDamaged)
    }
  }

  @Test("read strictly: a slot of another kind in a version-3 file, a missing or unknown member, a bad id, two ids alike")
  func strictReading() throws {
    let vault = try vault()
    try vault.addSlot(try keyringSlot(vault))
    let raw = RawVault(try VaultFile.encode(vault))
    var asThree = raw
    asThree.head[9] = 3
    #expect(performing: { try VaultFile.keySlots(of: asThree.bytes) }, throws: isDamaged)
    let text = String(decoding: raw.slots, as: UTF8.self)
    let keyring = String(decoding: JSON.array([vault.slots[1].json]).serialized().dropFirst().dropLast(), as: UTF8.self)
    for edited in [
      text.replacingOccurrences(of: #""added":1700000000,"#, with: ""),
      text.replacingOccurrences(of: #""added":1700000000,"#, with: #""added":1700000000,"fingerprint":"x","#),
      text.replacingOccurrences(of: "0a1b2c3d", with: "0A1B2C3D"),
      text.replacingOccurrences(of: "0a1b2c3d", with: "0a1b2c"),
      String(text.dropLast()) + "," + keyring + "]",
    ] {
      var changed = raw
      changed.slots = Array(edited.utf8)
      #expect(performing: { try VaultFile.keySlots(of: changed.bytes) }, throws: isDamaged)
    }
  }

  @Test("a slot of a kind this Otter does not know is kept byte for byte, never tried, and dropped by a password change")
  func unknownKind() throws {
    let vault = try vault()
    let alien = try JSON.parse(
      Array(#"{"added":1,"credential":"AAAA","id":"99aabbcc","nonce":"x","type":"quantum","wrappedKey":"y"}"#.utf8))
    let slot = try #require(KeySlot(alien))
    #expect(slot.kind == nil && slot.slotID == "99aabbcc")
    try vault.addSlot(slot)
    let bytes = try VaultFile.encode(vault)
    #expect(version(bytes) == 4)
    let opened = try VaultFile.decode(bytes, password: password("pw"), derive: kdf.derive)
    #expect(opened.slots[1].json == alien)
    // Saved again, unchanged.
    #expect(RawVault(try VaultFile.encode(opened)).slots == RawVault(bytes).slots)
    try opened.addSlot(try keyringSlot(opened))
    let dropped = try opened.changePassword(to: password("new"), cost: testCost, derive: kdf.derive) { slot in
      slot.kind == .keyring ? secret : nil
    }
    #expect(dropped.map(\.type) == ["quantum"])
    #expect(opened.slots.map(\.type) == ["password", "keyring"])
    #expect(opened.slots[1].slotID == "0a1b2c3d")
    let rewrapped = try opened.slots[1].unwrap(secret: secret, vaultID: opened.vaultID)
    #expect(rewrapped.constantTimeEquals(opened.masterKey))
  }

  @Test("passwd drops a slot whose secret is wrong now, never wrapping the new key under it")
  func staleSecretDropped() throws {
    let vault = try vault()
    try vault.addSlot(try keyringSlot(vault))
    let dropped = try vault.changePassword(to: password("new"), cost: testCost, derive: kdf.derive) { _ in
      SecretBytes([UInt8](repeating: 1, count: 32))
    }
    #expect(dropped.count == 1)
    #expect(vault.slots.count == 1)
  }

  @Test("removing: the last password slot is refused; an unknown id is not found")
  func removal() throws {
    let vault = try vault()
    try vault.addSlot(try keyringSlot(vault))
    let passwordID = vault.slots[0].slotID
    #expect(throws: SlotRemovalError.lastPassword) { try vault.removeSlot(id: passwordID) }
    #expect(throws: SlotRemovalError.notFound) { try vault.removeSlot(id: "ffffffff") }
    vault.slots.append(
      try KeySlot.wrap(
        masterKey: vault.masterKey, password: password("second"), vaultID: vault.vaultID, cost: testCost, derive: kdf.derive))
    #expect(try vault.removeSlot(id: passwordID).type == "password")
    #expect(vault.slots.count == 2)
  }

  @Test("merging copies: slots only one copy has are joined; with the common ancestor a removal stays; another key adds nothing")
  func mergeSlots() throws {
    let vault = try vault()
    let bytes = try VaultFile.encode(vault)
    let copy = try VaultFile.decode(bytes, password: password("pw"), derive: kdf.derive)
    try vault.addSlot(try keyringSlot(vault, id: "0000000a"))
    try copy.addSlot(try keyringSlot(copy, id: "0000000b"))
    let base = copy.slots
    let joined = vault.mergeSlots(from: copy)
    #expect(joined.added.map(\.slotID) == ["0000000b"] && joined.removed.isEmpty)
    #expect(vault.slots.map(\.slotID).sorted() == (["0000000a", "0000000b", vault.slots[0].slotID]).sorted())
    // Merging again changes nothing.
    #expect(vault.mergeSlots(from: copy).added.isEmpty)
    // The copy removed 0000000b since `base`: the merge removes it here too, and does not add
    // back what the base had and this side removed.
    _ = try copy.removeSlot(id: "0000000b")
    let withBase = vault.mergeSlots(from: copy, base: base)
    #expect(withBase.removed.map(\.slotID) == ["0000000b"] && withBase.added.isEmpty)
    // A copy with another key (after passwd) gives no slot: its slots wrap another key.
    let other = try VaultFile.decode(bytes, password: password("pw"), derive: kdf.derive)
    try other.changePassword(to: password("new"), cost: testCost, derive: kdf.derive)
    try other.addSlot(try keyringSlot(other, id: "0000000c"))
    #expect(vault.mergeSlots(from: other).added.isEmpty)
    #expect(vault.slots.count == 2)
  }
}
