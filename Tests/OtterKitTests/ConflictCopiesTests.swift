import Testing

@testable import OtterKit

@Suite("Conflict copy names")
struct ConflictCopiesTests {
  @Test(
    "the three tools' names are recognised",
    arguments: [
      ("vault.sync-conflict-20261201-101500-ABCDEFG.otter", "vault.otter"),
      ("vault (conflicted copy 2026-12-01 101500).otter", "vault.otter"),
      ("vault (alice's conflicted copy 2026-12-01).otter", "vault.otter"),
      ("vault (Alice's MacBook's conflicted copy 2026-12-01).otter", "vault.otter"),
      ("work.vault.sync-conflict-20261201-101500-Z2Z2Z2Z.otter", "work.vault.otter"),
      ("secrets.sync-conflict-20261201-101500-ABCDEFG", "secrets"),
    ])
  func recognised(name: String, vault: String) {
    #expect(ConflictCopies.isConflictName(name, of: vault))
  }

  @Test(
    "near misses are not",
    arguments: [
      "vault.otter", "vault.otter.bak", "vault.otter.lock", ".vault.otter.tmp-1-2",
      "vault.sync-conflict-20261201-101500-ABCDEFG.otter.otter", "vault.sync-conflict-2026121-101500-ABCDEFG.otter",
      "vault.sync-conflict-20261201-101500-abcdefg.otter", "vault.sync-conflict-20261201-101500-ABCDEF.otter",
      "vault.sync-conflict-20261201-1015001-ABCDEFG.otter", "other.sync-conflict-20261201-101500-ABCDEFG.otter",
      "vault (conflicted copy).otter", "vault (conflicted copy 2026-12-01 1015).otter",
      "vault (conflicted copy 2026-12-01 101500) .otter", "vault (conflicted copy 2026-12-01 101500).txt",
      "vault (alice conflicted copy 2026-12-01).otter", "vault ('s conflicted copy 2026-12-01).otter",
      "vault (a(b)'s conflicted copy 2026-12-01).otter", "vault (alice's conflicted copy 2026-12-1).otter",
      "vault (alice's conflicted copy 2026-12-01) (1).otter", "xvault (conflicted copy 2026-12-01 101500).otter",
    ])
  func rejected(name: String) {
    #expect(!ConflictCopies.isConflictName(name, of: "vault.otter"))
  }
}
