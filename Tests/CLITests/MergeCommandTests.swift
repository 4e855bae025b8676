import Foundation
import TestSupport
import Testing

/// Accounts used by the merge tests.
let vpnURI = "otpauth://hotp/VPN:me?secret=JBSWY3DPEHPK3PXP&counter=5"
let oldURI = "otpauth://totp/Old:me?secret=JBSWY3DPEHPK3PXQ"
let laptopURI = "otpauth://totp/Laptop:me?secret=JBSWY3DPEHPK3PXR"
let desktopURI = "otpauth://totp/Desktop:me?secret=JBSWY3DPEHPK3PXS"

extension TestVault {
  /// Runs otter on another vault file with this vault's password file and environment.
  func run(on path: String, _ arguments: [String], input: String = "", password: String? = nil) throws -> (
    status: Int32, output: String, error: String
  ) {
    try otter(
      Array(arguments.prefix(1)) + ["--vault", path, "--password-file", password ?? folder.file("pw")]
        + Array(arguments.dropFirst()), input: input, environment: environment)
  }

  /// The issuers `otter list --json` shows for the vault at `path`, sorted, with HOTP counters.
  func accounts(at path: String? = nil) throws -> [String] {
    let listed = try run(on: path ?? self.path, ["list", "--json"])
    #expect(listed.status == 0, "\(listed.error)")
    let rows = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]] ?? []
    return rows.map { row in
      let issuer = row["issuer"] as? String ?? "?"
      return (row["type"] as? String) == "hotp" ? "\(issuer)#\(row["counter"] as? Int ?? -1)" : issuer
    }.sorted()
  }
}

/// A vault holding VPN (HOTP, counter 5) and Old, and a copy of it beside it named `copyName`,
/// then changed on both sides: the vault adds Laptop and advances VPN; the copy adds Desktop
/// and removes Old.
func divergedCopies(copyName: String = "copy.otter") throws -> (vault: TestVault, copy: String) {
  let vault = try TestVault()
  #expect(try vault.run(["add"], input: vpnURI + "\n" + oldURI + "\n").status == 0)
  let copy = vault.folder.file("data/" + copyName)
  try FileManager.default.copyItem(atPath: vault.path, toPath: copy)
  #expect(try vault.run(["add"], input: laptopURI + "\n").status == 0)
  #expect(try vault.run(["code", "vpn"]).status == 0)
  #expect(try vault.run(on: copy, ["add"], input: desktopURI + "\n").status == 0)
  #expect(try vault.run(on: copy, ["rm", "old", "--yes"]).status == 0)
  return (vault, copy)
}

@Suite("otter merge", .serialized)
struct MergeCommandTests {
  @Test("merge FILE takes the union, the deletion and the higher counter, says so, and a second merge writes nothing")
  func mergeFile() throws {
    let (vault, copy) = try divergedCopies()
    defer { vault.folder.remove() }
    let merged = try vault.run(["merge", copy])
    #expect(merged.status == 0, "\(merged.error)")
    #expect(
      merged.output
        == """
        removed   Old: me (deleted in the copy)
        added     Desktop: me
        merged \(copy): 1 added, 0 updated, 1 removed, 0 counters advanced, 0 conflicts

        """)
    #expect(try vault.accounts() == ["Desktop", "Laptop", "VPN#6"])
    // The other way round gives the same accounts (the copy keeps its own file otherwise).
    let reverse = try vault.run(on: copy, ["merge", vault.path])
    #expect(reverse.status == 0, "\(reverse.error)")
    #expect(reverse.output.contains("counter   VPN: me: 5 → 6"))
    #expect(try vault.accounts(at: copy) == vault.accounts())

    let before = try vault.bytes()
    let backup = try Data(contentsOf: URL(fileURLWithPath: vault.path + ".bak"))
    let again = try vault.run(["merge", copy])
    #expect(again.status == 0)
    #expect(again.output.hasSuffix("nothing to merge: the vault already holds everything in the copies; it was not written\n"))
    #expect(try vault.bytes() == before, "a second merge writes nothing")
    #expect(try Data(contentsOf: URL(fileURLWithPath: vault.path + ".bak")) == backup)
  }

  @Test("--dry-run reports and writes nothing")
  func dryRun() throws {
    let (vault, copy) = try divergedCopies()
    defer { vault.folder.remove() }
    let before = try vault.bytes()
    let result = try vault.run(["merge", copy, "--dry-run"])
    #expect(result.status == 0)
    #expect(result.output.contains("added     Desktop: me"))
    #expect(result.output.hasSuffix("dry run: nothing was written\n"))
    #expect(try vault.bytes() == before)
  }

  @Test("a copy whose password was changed asks for it (--source-password-file); without one it says how")
  func otherPassword() throws {
    let (vault, copy) = try divergedCopies()
    defer { vault.folder.remove() }
    try vault.folder.write("new", "another machine's password\n")
    #expect(try vault.run(on: copy, ["passwd", "--new-password-file", vault.folder.file("new")]).status == 0)
    let refused = try vault.run(["merge", copy])
    #expect(refused.status == 64)
    #expect(refused.error.contains("--source-password-file"))
    let wrong = try vault.run(["merge", copy, "--source-password-file", vault.folder.file("pw")])
    #expect(wrong.status == 77)
    let merged = try vault.run(["merge", copy, "--source-password-file", vault.folder.file("new")])
    #expect(merged.status == 0, "\(merged.error)")
    #expect(merged.output.contains("is newer (changed with otter passwd, key epoch 1): the merged vault is saved under it"))
    // The password change survives the merge: the result opens with the new password only,
    // accounts from both sides included.
    #expect(try vault.run(["list"]).status == 77, "the old password still opens the merged vault")
    #expect(try vault.run(on: vault.path, ["list"], password: vault.folder.file("new")).status == 0)
    let listed = try vault.run(on: vault.path, ["list", "--json"], password: vault.folder.file("new")).output
    for issuer in ["Desktop", "Laptop", "VPN"] { #expect(listed.contains(#""issuer":"\#(issuer)""#), "\(listed)") }
  }

  @Test("passwords changed separately on both copies: the merge refuses and says what to run; nothing is written")
  func bothPasswordsChanged() throws {
    let (vault, copy) = try divergedCopies()
    defer { vault.folder.remove() }
    try vault.folder.write("mine", "this machine's new password\n")
    try vault.folder.write("theirs", "the other machine's password\n")
    #expect(try vault.run(on: copy, ["passwd", "--new-password-file", vault.folder.file("theirs")]).status == 0)
    #expect(try vault.run(["passwd", "--new-password-file", vault.folder.file("mine")]).status == 0)
    let before = try vault.bytes()
    let refused = try vault.run(
      on: vault.path, ["merge", copy, "--source-password-file", vault.folder.file("theirs")], password: vault.folder.file("mine"))
    #expect(refused.status == 65)
    #expect(refused.error.contains("were changed separately"))
    #expect(refused.error.contains("run `otter passwd` on the copy whose password you want to keep"))
    #expect(try vault.bytes() == before)
  }

  @Test("another vault is refused unless --other-vault, which imports its accounts, skipping duplicates")
  func otherVault() throws {
    let vault = try TestVault()
    let other = try TestVault()
    defer { vault.folder.remove(); other.folder.remove() }
    #expect(try vault.run(["add"], input: laptopURI + "\n").status == 0)
    #expect(try other.run(["add"], input: laptopURI + "\n" + desktopURI + "\n").status == 0)
    let refused = try vault.run(["merge", other.path])
    #expect(refused.status == 65)
    #expect(refused.error.contains("is another vault"))
    #expect(refused.error.contains("--other-vault"))
    let imported = try vault.run(["merge", other.path, "--other-vault"])
    #expect(imported.status == 0, "\(imported.error)")
    #expect(imported.output.contains("skipped account 1: Laptop: me is already in the vault"))
    #expect(imported.output.contains("added   account 2: Desktop: me"))
    #expect(try vault.accounts() == ["Desktop", "Laptop"])
  }

  @Test("conflict copies of all three tools are noticed by commands, merged and removed; decoys are left alone")
  func conflictCopies() throws {
    let (vault, syncthing) = try divergedCopies(copyName: "vault.sync-conflict-20261201-101500-ABCDEFG.otter")
    defer { vault.folder.remove() }
    let data = vault.folder.file("data/")
    // Two more copies, of the other tools, each with one account of its own.
    for (name, issuer) in [
      ("vault (conflicted copy 2026-12-01 101500).otter", "Nextcloud"),
      ("vault (alice's conflicted copy 2026-12-01).otter", "Dropbox"),
    ] {
      try FileManager.default.copyItem(atPath: syncthing, toPath: data + name)
      #expect(try vault.run(on: data + name, ["add"], input: "otpauth://totp/\(issuer):me?secret=JBSWY3DPEHPK3PXT\n").status == 0)
    }
    // Decoys: names almost right, a file that is no vault, a vault with another id.
    let other = try TestVault()
    defer { other.folder.remove() }
    try FileManager.default.copyItem(atPath: other.path, toPath: data + "vault.sync-conflict-20261201-101500-ABCDEFG.otter.otter")
    try FileManager.default.copyItem(atPath: syncthing, toPath: data + "vault.sync-conflict-2026121-101500-ABCDEFG.otter")
    try FileManager.default.copyItem(atPath: syncthing, toPath: data + "vault (conflicted copy).otter")
    try vault.folder.write("data/vault (bob's conflicted copy 2026-12-01).otter", "not a vault")
    try FileManager.default.copyItem(atPath: other.path, toPath: data + "vault.sync-conflict-20261202-101500-ABCDEFG.otter")
    for name in [
      "vault.sync-conflict-20261201-101500-ABCDEFG.otter.otter", "vault.sync-conflict-2026121-101500-ABCDEFG.otter",
      "vault (conflicted copy).otter", "vault.sync-conflict-20261202-101500-ABCDEFG.otter",
    ] {
      chmod(data + name, 0o600)
    }

    let listed = try vault.run(["list"])
    #expect(listed.status == 0)
    #expect(listed.error.contains("3 conflict copies beside the vault — run 'otter merge --conflicts'"), "\(listed.error)")
    let added = try vault.run(["add"], input: "otpauth://totp/Extra:me?secret=JBSWY3DPEHPK3PXU\n")
    #expect(added.error.contains("3 conflict copies beside the vault"))

    let merged = try vault.run(["merge", "--conflicts"])
    #expect(merged.status == 0, "\(merged.error)")
    #expect(merged.output.contains("removed   \(syncthing)"))
    #expect(try vault.accounts() == ["Desktop", "Dropbox", "Extra", "Laptop", "Nextcloud", "VPN#6"])
    // (The .bak and .lock files are those of this test's own edits of the copies.)
    let left = try FileManager.default.contentsOfDirectory(atPath: data).filter {
      $0.contains("conflict") && !$0.hasSuffix(".bak") && !$0.hasSuffix(".lock")
    }.sorted()
    #expect(
      left == [
        "vault (bob's conflicted copy 2026-12-01).otter", "vault (conflicted copy).otter",
        "vault.sync-conflict-20261201-101500-ABCDEFG.otter.otter", "vault.sync-conflict-20261202-101500-ABCDEFG.otter",
        "vault.sync-conflict-2026121-101500-ABCDEFG.otter",
      ])
    let quiet = try vault.run(["list"])
    #expect(!quiet.error.contains("conflict"))
    #expect(try vault.run(["merge", "--conflicts"]).output == "no conflict copies beside \(vault.path)\n")
  }

  @Test("a conflict copy that cannot be opened is left and named, after the others are merged (exit 65)")
  func copyLeft() throws {
    let (vault, copy) = try divergedCopies(copyName: "vault.sync-conflict-20261201-101500-ABCDEFG.otter")
    defer { vault.folder.remove() }
    let second = vault.folder.file("data/vault (conflicted copy 2026-12-01 101500).otter")
    try FileManager.default.copyItem(atPath: copy, toPath: second)
    try vault.folder.write("new", "another machine's password\n")
    #expect(try vault.run(on: second, ["passwd", "--new-password-file", vault.folder.file("new")]).status == 0)
    let result = try vault.run(["merge", "--conflicts"])
    #expect(result.status == 65)
    #expect(result.error.contains("otter: left \(second): "), "\(result.error)")
    #expect(result.output.contains("removed   \(copy)"))
    #expect(FileManager.default.fileExists(atPath: second))
    #expect(!FileManager.default.fileExists(atPath: copy))
    #expect(try vault.accounts() == ["Desktop", "Laptop", "VPN#6"])
  }

  @Test("the viewer's status line names the conflict copies")
  func viewerNotice() throws {
    let (vault, _) = try divergedCopies(copyName: "vault.sync-conflict-20261201-101500-ABCDEFG.otter")
    defer { vault.folder.remove() }
    let session = TmuxSession(command: viewerCommand(vault))
    defer { session.kill() }
    let screen = session.wait(for: "conflict copy")
    #expect(screen.contains("1 conflict copy beside the vault — run 'otter merge --conflicts'"), "\(screen)")
  }
}
