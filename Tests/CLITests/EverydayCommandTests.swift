import Foundation
import TestSupport
import Testing

/// The code oathtool computes for `secret` now, with more options.
func oathtool(_ options: [String], secret: String = rfcSecret, at time: Int64 = 1_700_000_000) throws -> String {
  try runProgram("/usr/bin/oathtool", options + ["--now=@\(time)", "-b", secret]).output
    .trimmingCharacters(in: .whitespacesAndNewlines)
}

@Suite("The everyday loop on the command line", .serialized)
struct EverydayCommandTests {
  @Test("otter code and otter qr pick the best-ranked match: GitHub for git, not DigitalOcean; ties exit 1")
  func ranking() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let uris = [
      "otpauth://totp/DigitalOcean:ops?secret=\(rfcSecret)&issuer=DigitalOcean",
      "otpauth://totp/GitHub:ada?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
      "otpauth://totp/Bank:one?secret=\(rfcSecret)&issuer=Bank", "otpauth://totp/Bank:two?secret=\(rfcSecret)&issuer=Bank",
    ]
    #expect(try vault.run(["add"], input: uris.joined(separator: "\n") + "\n").status == 0)
    let git = try vault.run(["code", "git", "--json"])
    #expect(git.output.contains(#""issuer":"GitHub""#), "\(git.output) \(git.error)")
    let tie = try vault.run(["code", "bank"])
    #expect(tie.status == 1)
    #expect(
      tie.error.contains("matches 2 accounts equally well") && tie.error.contains("Bank:one") && tie.error.contains("Bank:two"))
    #expect(try vault.run(["code", "bank:two", "--at", "59"]).output == "287082\n")
    #expect(try vault.run(["code", "dgtl"]).output.count == 7)  // fuzzy, unique
    #expect(try vault.run(["qr", "git", "--png", vault.folder.file("git.png")]).status == 0)
    #expect(try vault.run(["code", "nothing-like-it"]).status == 1)
  }

  @Test("global options work before the subcommand; otter lsit suggests list; a URI argument shows the safe command")
  func commandLine() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Bank:alice?secret=\(rfcSecret)&issuer=Bank\n").status == 0)
    let before = try otter(
      ["--vault", vault.path, "--password-file", vault.folder.file("pw"), "list", "--at", "59"], environment: vault.environment)
    #expect(before.status == 0, "\(before.error)")
    #expect(before.output.contains("287 082"))
    let equals = try otter(
      ["--vault=\(vault.path)", "--password-file=\(vault.folder.file("pw"))", "code", "bank", "--at", "59"],
      environment: vault.environment)
    #expect(equals.output == "287082\n")
    let typo = try otter(["lsit"], environment: vault.environment)
    #expect(typo.status == 64)
    #expect(typo.error == "otter: unknown command 'lsit' — did you mean 'list'? (see otter --help)\n")
    for (command, target) in [("add", "| otter add"), ("code", "| otter code --uri -")] {
      let result = try otter([command, "otpauth://totp/Example:alice?secret=\(rfcSecret)&issuer=Example"])
      #expect(result.status == 64)
      #expect(result.error.contains("printf '%s\\n' 'otpauth://totp/Example:alice?secret=…&issuer=Example' \(target)"))
      #expect(!result.error.contains(rfcSecret))
    }
    let bare = try vault.run(["add"], input: rfcSecret + "\n")
    #expect(bare.status == 65)
    #expect(bare.error.contains("otter add --issuer … --name …"))
    #expect(!bare.error.contains(rfcSecret))
    let query = try vault.run(["code", rfcSecret])
    #expect(query.status == 64)
    #expect(query.error.contains("otter add --issuer … --name …") && !query.error.contains(rfcSecret))
  }

  @Test("add --issuer/--name takes a bare secret from stdin: TOTP, HOTP and Steam codes match the references")
  func addBareSecret() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let totp = try vault.run(
      ["add", "--issuer", "Example", "--name", "alice", "--digits", "8", "--algorithm", "sha256", "--quiet"],
      input: "GEZD GNBV-GY3T QOJQ GEZD GNBV GY3T QOJQ\n")
    #expect(totp.status == 0, "\(totp.error)")
    #expect(totp.output == "added Example: alice\n")
    #expect(
      try vault.run(["code", "example", "--at", "1700000000"]).output
        == (try oathtool(["--totp=sha256", "--digits=8"])) + "\n")
    let hotp = try vault.run(
      ["add", "--issuer", "VPN", "--name", "bob", "--type", "hotp", "--counter", "5"], input: rfcSecret + "\n")
    #expect(hotp.status == 0, "\(hotp.error)")
    #expect(
      try vault.run(["code", "vpn"]).output
        == (try runProgram("/usr/bin/oathtool", ["--hotp", "-c", "5", "-b", rfcSecret]).output))
    let steam = try vault.run(["add", "--name", "gamer", "--type", "steam"], input: rfcSecret + "\n")
    #expect(steam.status == 0, "\(steam.error)")
    #expect(try vault.run(["code", "gamer", "--at", "1700000000"]).output.count == 6)
    let misuse = try vault.run(["add", "--digits", "8"], input: rfcSecret + "\n")
    #expect(misuse.status == 64)
    let uriGiven = try vault.run(["add", "--name", "x"], input: "otpauth://totp/x?secret=\(rfcSecret)\n")
    #expect(uriGiven.status == 65)
    #expect(uriGiven.error.contains("without --issuer and --name"))
  }

  @Test("edit changes issuer, name, note, digits, period, algorithm and favourite; the secret stays")
  func edit() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Old:alice?secret=\(rfcSecret)&issuer=Old\n").status == 0)
    let changed = try vault.run([
      "edit", "old", "--issuer", "New", "--name", "ada", "--note", "work", "--digits", "8", "--period", "60", "--algorithm",
      "SHA512", "--favourite",
    ])
    #expect(changed.status == 0, "\(changed.error)")
    #expect(changed.output == "changed New:ada\n")
    let json = try vault.run(["list", "--json", "--at", "1700000000"]).output
    #expect(json.contains(#""issuer":"New","name":"ada","type":"totp","algorithm":"SHA512","digits":8,"period":60"#))
    #expect(json.contains(#""code":"\#(try oathtool(["--totp=sha512", "--digits=8", "--time-step-size=60"]))""#))
    #expect(try vault.run(["edit", "new", "--counter", "3"]).status == 64)
    #expect(try vault.run(["edit", "new", "--digits", "11"]).status == 65)
    #expect(try vault.run(["edit", "new"]).status == 64)
  }

  @Test("an import that adds nothing leaves the vault and its backup byte for byte")
  func importNoOp() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try vault.folder.write("one.uris", "otpauth://totp/Bank:alice?secret=\(rfcSecret)&issuer=Bank\n")
    #expect(try vault.run(["import", vault.folder.file("one.uris")]).status == 0)
    #expect(try vault.run(["import", vault.folder.file("one.uris")]).status == 0)
    let file = try vault.bytes()
    let backup = try Data(contentsOf: URL(fileURLWithPath: vault.path + ".bak"))
    let again = try vault.run(["import", vault.folder.file("one.uris")])
    #expect(again.output.contains("0 added, 1 skipped as duplicates, 0 failed (nothing new: the vault was not written)"))
    try vault.folder.write("bad.uris", "otpauth://totp/X:y?secret=JBSW1\n")
    #expect(try vault.run(["import", vault.folder.file("bad.uris"), "--format", "uri"]).status == 65)
    #expect(try vault.bytes() == file)
    #expect(try Data(contentsOf: URL(fileURLWithPath: vault.path + ".bak")) == backup)
    let dupAdd = try vault.run(["add"], input: "otpauth://totp/Bank:alice?secret=\(rfcSecret)&issuer=Bank\n")
    #expect(dupAdd.output.contains("skipped"))
    #expect(try vault.bytes() == file)
  }

  @Test("import messages: a 2FAS schema it does not know, a missing source password, a Google batch with parts missing")
  func importMessages() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try vault.folder.write("future.2fas", #"{"services":[],"schemaVersion":9}"#)
    let future = try vault.run(["import", vault.folder.file("future.2fas")])
    #expect(future.status == 65)
    #expect(future.error.contains("schema version 9"))
    let script = packageRoot.appendingPathComponent("Tests/Reference/aegis_reference.py").path
    let made = try runProgram("/usr/bin/python3", [script, "encrypt", "aegis-pass"], input: AegisBackupTests.database)
    try vault.folder.write("aegis.json", made.output)
    let noPassword = try vault.run(["import", vault.folder.file("aegis.json")])
    #expect(noPassword.status == 64)
    #expect(noPassword.error.contains("--source-password-file"))
    #expect(!noPassword.error.contains("OTTER_PASSWORD_FILE"))
    // Two batches exported; only the first is imported.
    let source = try TestVault()
    defer { source.folder.remove() }
    let uris = (1...3).map { "otpauth://totp/Svc\($0):u?secret=\(rfcSecret)" }
    #expect(try source.run(["add"], input: uris.joined(separator: "\n") + "\n").status == 0)
    let links = try source.run(["export", "--format", "google", "--batch-size", "2", "--yes", "-o", source.folder.file("links")])
    #expect(links.status == 0)
    let first = try String(contentsOfFile: source.folder.file("links"), encoding: .utf8).split(separator: "\n")[0]
    try vault.folder.write("first.txt", first + "\n")
    let partial = try vault.run(["import", vault.folder.file("first.txt")])
    #expect(partial.error.contains("batch 1 of 2 imported; scan the other code too"))
    #expect(partial.output.contains("2 added"))
  }

  @Test("otter list: cells, not characters — CJK and emoji names line up in a pipe; on a 40-column terminal no row wraps")
  func listWidths() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let long = String(repeating: "L", count: 120)
    let uris = [
      "otpauth://totp/%E5%90%8D%E5%89%8D:x?secret=\(rfcSecret)&issuer=%E5%90%8D%E5%89%8D",
      "otpauth://totp/Bank:alice?secret=\(rfcSecret)&issuer=Bank",
      "otpauth://totp/\(long):%F0%9F%98%80?secret=\(rfcSecret)&issuer=\(long)",
    ]
    #expect(try vault.run(["add"], input: uris.joined(separator: "\n") + "\n").status == 0)
    let piped = try vault.run(["list", "--at", "1700000000"]).output.split(separator: "\n").map(String.init)
    #expect(piped[1].hasPrefix("Bank  ") || piped.contains { $0.contains(long) })
    #expect(piped.contains { $0.contains(long) })  // a pipe gets the full text
    let codeColumn = piped.map { line in line.range(of: "totp")?.lowerBound }.compactMap { $0 }
    #expect(codeColumn.count == 3)
    let session = TmuxSession(
      command:
        "env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=tmux-256color '\(otterPath)' list --at 1700000000 --vault '\(vault.path)' "
        + "--password-file '\(vault.folder.file("pw"))'; echo LIST-DONE; sleep 600", columns: 40, rows: 20)
    defer { session.kill() }
    let screen = session.wait(for: "LIST-DONE")
    let rows = screen.split(separator: "\n").map(String.init).filter { $0.contains("totp") }
    #expect(rows.count == 3, "\(screen)")
    #expect(rows.allSatisfy { $0.contains("…") || !$0.contains(long) })
    let ends = Set(rows.map { $0.range(of: "totp")?.lowerBound.utf16Offset(in: $0) ?? -1 }.map { _ in 0 })
    #expect(ends.count == 1)
  }
}
