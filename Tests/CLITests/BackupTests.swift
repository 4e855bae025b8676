import Foundation
import TestSupport
import Testing

/// Automatic backups through the real binary: the copies are vault files `otter list --vault`
/// opens, pruned to --keep, listed and restored without a false rollback warning.
@Suite("Automatic backups")
struct BackupTests {
  /// `otter backup SUBCOMMAND ARGUMENTS` on the test vault.
  func backup(_ vault: TestVault, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
    try otter(
      ["backup"] + Array(arguments.prefix(1)) + vault.common + Array(arguments.dropFirst()), environment: vault.environment)
  }

  func folder(_ vault: TestVault) -> String { vault.folder.file(".local/share/otter/backups") }

  func copies(_ vault: TestVault, in folder: String? = nil) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder ?? self.folder(vault)).filter { $0.hasSuffix(".otter") }.sorted()
  }

  func issuers(_ vault: TestVault, file: String) throws -> [String] {
    let listed = try otter(
      ["list", "--json", "--vault", file, "--password-file", vault.folder.file("pw")], environment: vault.environment)
    #expect(listed.status == 0, "\(listed.error)")
    let rows = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]] ?? []
    return rows.map { $0["issuer"] as? String ?? "?" }.sorted()
  }

  @Test("every change writes a copy (0600, in a 0700 folder) named with its time and generation, which otter list --vault opens")
  func everyChange() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Bank:a?secret=JBSWY3DPEHPK3PXP&issuer=Bank\n").status == 0)
    #expect(
      try vault.run(["add"], input: "otpauth://totp/Shop:b?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Shop\n").status == 0)
    #expect(try vault.run(["rm", "bank", "--yes"]).status == 0)
    let names = try copies(vault)
    #expect(names.count == 4, "init, two adds and a removal: \(names)")
    for (index, name) in names.enumerated() {
      #expect(name.range(of: #"^vault-\d{8}T\d{6}Z-g\#(index + 1)\.otter$"#, options: .regularExpression) != nil, "\(name)")
      #expect(try vault.mode(folder(vault) + "/" + name) == 0o600)
    }
    #expect(try vault.mode(folder(vault)) == 0o700)
    let byGeneration = try names.sorted { $0.suffix(8) < $1.suffix(8) }.map { try issuers(vault, file: folder(vault) + "/" + $0) }
    #expect(byGeneration == [[], ["Bank"], ["Bank", "Shop"], ["Shop"]])
    // The newest copy is byte for byte the vault.
    let newest = try Data(contentsOf: URL(fileURLWithPath: folder(vault) + "/" + (names.last ?? "")))
    #expect(newest == (try vault.bytes()))
  }

  @Test("--keep prunes this vault's copies to the newest N and leaves another vault's alone; --off stops, --on starts again")
  func keepAndOff() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let other = vault.folder.file("other.otter")
    #expect(
      try otter(
        ["init", "--vault", other, "--password-file", vault.folder.file("pw"), "--kdf-log-n", "14"],
        environment: vault.environment
      ).status == 0)
    let set = try otter(["backup", "--keep", "3"], environment: vault.environment)
    #expect(set.status == 0 && set.output.contains("the newest 3 copies"), "\(set.output)")
    for index in 0..<5 {
      #expect(
        try vault.run(["add"], input: "otpauth://totp/I\(index):a?secret=JBSWY3DPEHPK3PX\(index + 2)&issuer=I\(index)\n").status
          == 0)
    }
    let names = try copies(vault)
    #expect(
      names.filter { $0.hasPrefix("vault-") }.map { String($0.suffix(9)) } == ["-g4.otter", "-g5.otter", "-g6.otter"], "\(names)")
    #expect(names.filter { $0.hasPrefix("other-") }.count == 1)
    #expect(try otter(["backup", "--off"], environment: vault.environment).output.hasPrefix("Backups: off"))
    #expect(try vault.run(["rm", "i0", "--yes"]).status == 0)
    #expect(try copies(vault) == names)
    #expect(try otter(["backup", "--on"], environment: vault.environment).status == 0)
    #expect(try vault.run(["rm", "i1", "--yes"]).status == 0)
    #expect(try copies(vault).count == names.count, "a new copy, the oldest pruned")
    #expect(try copies(vault) != names)
  }

  @Test("--folder moves the copies to a folder of the user's choosing, made 0700")
  func customFolder() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let chosen = vault.folder.file("sync/otter-backups")
    #expect(try otter(["backup", "--folder", chosen], environment: vault.environment).status == 0)
    #expect(try vault.run(["add"], input: "otpauth://totp/Bank:a?secret=JBSWY3DPEHPK3PXP&issuer=Bank\n").status == 0)
    #expect(try copies(vault, in: chosen).count == 1)
    #expect(try vault.mode(chosen) == 0o700)
  }

  @Test("a copy that cannot be written (a folder others can read) never blocks the save, and is said")
  func failureSaid() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder(vault))
    let added = try vault.run(["add"], input: "otpauth://totp/Bank:a?secret=JBSWY3DPEHPK3PXP&issuer=Bank\n")
    #expect(added.status == 0)
    #expect(added.error.contains("no backup copy was written"), "\(added.error)")
    #expect(added.error.contains("can be read by others"))
    #expect(try issuers(vault, file: vault.path) == ["Bank"])
    // The viewer says it too.
    let session = TmuxSession(
      command: "HOME='\(vault.folder.path)' TERM=tmux-256color '\(otterPath)' --vault '\(vault.path)' "
        + "--password-file '\(vault.folder.file("pw"))'; sleep 30")
    defer { session.kill() }
    _ = session.wait(for: "Bank")
    session.send("f")
    #expect(session.wait(for: "no backup copy").contains("no backup copy was written"))
  }

  @Test("list numbers the copies from the newest; restore N asks, backs the current vault up, and gives no rollback warning")
  func listAndRestore() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Bank:a?secret=JBSWY3DPEHPK3PXP&issuer=Bank\n").status == 0)
    sleep(1)
    #expect(
      try vault.run(["add"], input: "otpauth://totp/Shop:b?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Shop\n").status == 0)
    let listed = try backup(vault, ["list"])
    let rows = listed.output.split(separator: "\n").dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true) }
    #expect(rows.map { "\($0[0]) \($0[2]) \($0[3])" } == ["1 3 2", "2 2 1", "3 1 0"], "\(listed.output)")
    let json = try backup(vault, ["list", "--json"])
    let objects = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]] ?? []
    #expect(objects.map { $0["generation"] as? Int } == [3, 2, 1])
    #expect(objects.first?.keys.sorted() == ["accounts", "current", "generation", "number", "path", "time"])
    #expect(objects.map { $0["current"] as? Bool } == [true, false, false], "the newest copy is the vault now")
    #expect(listed.output.split(separator: "\n")[1].hasSuffix("(the vault now)"))
    // Without a terminal and without --yes, nothing happens.
    let before = try vault.bytes()
    #expect(try backup(vault, ["restore", "2"]).status == 64)
    #expect(try vault.bytes() == before)
    // On a terminal it asks.
    let session = TmuxSession(
      command: "HOME='\(vault.folder.path)' '\(otterPath)' backup restore 2 --vault '\(vault.path)' "
        + "--password-file '\(vault.folder.file("pw"))'; sleep 30")
    defer { session.kill() }
    _ = session.wait(for: "[y/N]")
    session.send(literal: "y")
    session.send("Enter")
    #expect(session.wait(for: "Restored").contains("Restored copy 2"))
    let opened = try vault.run(["list", "--json"])
    #expect(opened.status == 0)
    #expect(!opened.error.contains("older than the copy last opened here"), "no false rollback warning: \(opened.error)")
    #expect(try issuers(vault, file: vault.path) == ["Bank"])
    // The vault as it was before is the newest copy: restoring 1 undoes the restore.
    let after = try backup(vault, ["list", "--json"])
    let accounts = (try JSONSerialization.jsonObject(with: Data(after.output.utf8)) as? [[String: Any]] ?? []).map {
      $0["accounts"] as? Int ?? -1
    }
    #expect(accounts == [2, 1, 0], "\(after.output)")
    let current = (try JSONSerialization.jsonObject(with: Data(after.output.utf8)) as? [[String: Any]] ?? []).map {
      $0["current"] as? Bool ?? false
    }
    #expect(current == [false, true, false], "the restored copy is the vault now")
    #expect(try backup(vault, ["restore", "1", "--yes"]).status == 0)
    #expect(try issuers(vault, file: vault.path) == ["Bank", "Shop"])
    #expect(!(try vault.run(["list"]).error.contains("older than")))
  }

  @Test("a damaged or missing vault: list still shows its copies (unopened), and restore brings the last one back")
  func damagedVault() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Bank:a?secret=JBSWY3DPEHPK3PXP&issuer=Bank\n").status == 0)
    try vault.folder.write("data/vault.otter", "damaged by a disk\n")
    let listed = try backup(vault, ["list"])
    #expect(listed.status == 0, "\(listed.error)")
    #expect(listed.output.contains("(? : the vault is damaged, so no copy was opened)"), "\(listed.output)")
    let restored = try backup(vault, ["restore", "1", "--yes"])
    #expect(restored.status == 0, "\(restored.error)")
    #expect(!restored.output.contains("newest copy now"), "the damaged file is not called a copy")
    #expect(try issuers(vault, file: vault.path) == ["Bank"])
    #expect(try copies(vault).count == 2, "the damaged file was not copied")
    try FileManager.default.removeItem(atPath: vault.path)
    #expect(try backup(vault, ["list"]).output.contains("the vault is missing"))
    #expect(try backup(vault, ["restore", "2", "--yes"]).status == 0)
    #expect(try issuers(vault, file: vault.path) == [])
  }

  @Test("two vaults with the same file name saving the same generation in the same second (faketime) keep both copies")
  func sameNameSameSecond() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let other = vault.folder.file("elsewhere/vault.otter")
    for path in [vault.folder.file("first/vault.otter"), other] {
      let made = shell(
        "HOME='\(vault.folder.path)' TZ=UTC faketime -f '@2026-01-01 00:00:00' '\(otterPath)' init --vault '\(path)' "
          + "--password-file '\(vault.folder.file("pw"))' --kdf-log-n 14")
      #expect(made.status == 0)
    }
    let names = try copies(vault).filter { $0.contains("20260101T000000Z-g1") }
    #expect(names.count == 2, "\(names)")
    #expect(
      names.contains { $0.range(of: #"^vault-[0-9a-f]{8}-20260101T000000Z-g1\.otter$"#, options: .regularExpression) != nil })
    let listed = try otter(
      ["backup", "list", "--json", "--vault", other, "--password-file", vault.folder.file("pw")], environment: vault.environment)
    #expect((try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [Any])?.count == 1, "\(listed.output)")
  }
}
