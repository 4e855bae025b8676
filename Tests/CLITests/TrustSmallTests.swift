import Foundation
import TestSupport
import Testing

/// A phone's database in WAL mode, written by SQLite itself (Python's sqlite3): one account
/// checkpointed into the main file, one still only in the write-ahead log, both files copied
/// while the database is open, as a backup of a phone's folder has them.
let walScript = """
  import os, shutil, sqlite3, sys
  work, out = sys.argv[1], sys.argv[2]
  db = os.path.join(work, "source.db")
  c = sqlite3.connect(db)
  c.execute("PRAGMA journal_mode=WAL")
  c.execute("PRAGMA wal_autocheckpoint=0")
  c.execute("CREATE TABLE android_metadata (locale TEXT)")
  c.execute("CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, "
            "counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL, "
            "original_name TEXT DEFAULT NULL)")
  insert = "INSERT INTO accounts (email, secret, counter, type, issuer, original_name) VALUES (?, ?, 0, 0, ?, ?)"
  c.execute(insert, ("Checkpointed:a", "JBSWY3DPEHPK3PXP", "Checkpointed", "Checkpointed:a"))
  c.commit()
  c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
  c.execute(insert, ("OnlyInLog:b", "JBSWY3DPEHPK3PXQ", "OnlyInLog", "OnlyInLog:b"))
  c.commit()
  shutil.copy(db, out)
  shutil.copy(db + "-wal", out + "-wal")
  shutil.copy(db + "-shm", out + "-shm")
  c.close()
  """

@Suite("Phone databases as copied off a phone")
struct PhoneDatabaseTests {
  @Test("a WAL-mode database named as the phone names it (PhoneFactor, databases/… without extension) opens; its -wal is applied")
  func walMode() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try vault.folder.write("wal.py", walScript)
    try FileManager.default.createDirectory(atPath: vault.folder.file("phone/databases"), withIntermediateDirectories: true)
    for name in ["phone/PhoneFactor", "phone/databases/accounts"] {
      let made = try runProgram(
        "/usr/bin/python3", [vault.folder.file("wal.py"), vault.folder.path, vault.folder.file(name)])
      #expect(made.status == 0, "\(made.error)")
      let header = [UInt8](try Data(contentsOf: URL(fileURLWithPath: vault.folder.file(name))).prefix(20))
      #expect(header[18] == 2 && header[19] == 2, "the main file is in WAL mode")
      try? FileManager.default.removeItem(atPath: vault.folder.file("source.db"))
      try? FileManager.default.removeItem(atPath: vault.folder.file("source.db-wal"))
      try? FileManager.default.removeItem(atPath: vault.folder.file("source.db-shm"))
    }
    let withLog = try vault.run(["import", vault.folder.file("phone/PhoneFactor"), "--dry-run"])
    #expect(withLog.status == 0, "\(withLog.error)")
    #expect(withLog.error.contains("applied the database's write-ahead log"))
    #expect(withLog.output.contains("Checkpointed") && withLog.output.contains("OnlyInLog"), "\(withLog.output)")
    // Without its log, the main file opens as it is (the account still in the log is not there).
    try FileManager.default.removeItem(atPath: vault.folder.file("phone/databases/accounts-wal"))
    let alone = try vault.run(["import", vault.folder.file("phone/databases/accounts"), "--dry-run"])
    #expect(alone.status == 0, "\(alone.error)")
    #expect(alone.output.contains("Checkpointed") && !alone.output.contains("OnlyInLog"), "\(alone.output)")
  }

  @Test("a database whose rows read back far more than it stores (a column DEFAULT) is refused, bounded by its size")
  func amplification() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let script = """
      import sqlite3, sys
      c = sqlite3.connect(sys.argv[1])
      c.execute("CREATE TABLE android_metadata (locale TEXT)")
      c.execute("CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, "
                "counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0)")
      for i in range(2000):
          c.execute("INSERT INTO accounts (email, secret, type) VALUES (?, 'JBSWY3DPEHPK3PXP', 0)", (f"x{i}",))
      c.execute("ALTER TABLE accounts ADD COLUMN issuer TEXT DEFAULT '" + "A" * 400000 + "'")
      c.execute("ALTER TABLE accounts ADD COLUMN original_name TEXT DEFAULT NULL")
      c.commit()
      """
    try vault.folder.write("bomb.py", script)
    #expect(try runProgram("/usr/bin/python3", [vault.folder.file("bomb.py"), vault.folder.file("bomb.db")]).status == 0)
    let size = (try FileManager.default.attributesOfItem(atPath: vault.folder.file("bomb.db"))[.size] as? NSNumber)?.intValue ?? 0
    #expect(size < 1 << 20, "the file is small: \(size) bytes")
    let started = Date()
    let result = try vault.run(["import", vault.folder.file("bomb.db"), "--dry-run"])
    #expect(result.status == 65, "\(result.error)")
    #expect(result.error.contains("reads back far more than"), "\(result.error)")
    #expect(Date().timeIntervalSince(started) < 10)
  }
}

@Suite("Trust: the small ones")
struct TrustSmallTests {
  @Test("a generations file holding 2^64-1 does not crash a save; it is rewritten whole, never truncated in place")
  func hugeGeneration() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add", "--quiet"], input: "otpauth://totp/A:b?secret=\(rfcSecret)\n").status == 0)
    let id = try #require(vaultIDHex(vault.path))
    let dashed = [8, 4, 4, 4, 12].reduce(into: (parts: [String](), rest: Substring(id))) { state, length in
      state.parts.append(String(state.rest.prefix(length)))
      state.rest = state.rest.dropFirst(length)
    }.parts.joined(separator: "-")
    let memory = vault.folder.file(".local/state/otter/generations")
    try vault.folder.write(".local/state/otter/generations", "\(dashed) 18446744073709551615\n")
    // A second name for the old file: it keeps that inode alive (so a new file cannot reuse its
    // number) and shows whether the old file was truncated and rewritten in place.
    let kept = vault.folder.file("generations-before")
    try FileManager.default.linkItem(atPath: memory, toPath: kept)
    let saved = try vault.run(["add", "--quiet"], input: "otpauth://totp/C:d?secret=\(rfcSecret)\n")
    #expect(saved.status == 0, "\(saved.error)")
    #expect(!saved.error.contains("older than the copy"))
    let listed = try vault.run(["list"])
    #expect(listed.status == 0)
    #expect(!listed.error.contains("older than the copy"), "\(listed.error)")
    let text = try String(contentsOfFile: memory, encoding: .utf8)
    #expect(text.hasPrefix(dashed + " ") && !text.contains("18446744073709551615"), "\(text)")
    let old = try String(contentsOfFile: kept, encoding: .utf8)
    #expect(old == "\(dashed) 18446744073709551615\n", "the file was replaced by a new one, not truncated and rewritten")
  }

  @Test("passwd refuses --aegis, as the other writing commands do, and its help says a new master key is drawn")
  func passwdRefusesAegis() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try vault.folder.write("new", "another password\n")
    try vault.folder.write("backup.json", "{}")
    let refused = try vault.run([
      "passwd", "--aegis", vault.folder.file("backup.json"), "--new-password-file", vault.folder.file("new"),
    ])
    #expect(refused.status == 64)
    #expect(refused.error.contains("--aegis opens a backup read-only"))
    #expect(try vault.run(["list"]).status == 0, "the password did not change")
    let help = try otter(["passwd", "--help"]).output
    #expect(help.contains("new master key"))
    #expect(!help.contains("master key is re-wrapped"))
  }

  @Test(
    "a copy with the vault's id (a twin made with cp) neither raises the rollback memory nor makes the agent forget or replace the vault's key"
  )
  func copiesAreNotTheVault() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    let twin = agent.vault.folder.file("twin.otter")
    try FileManager.default.copyItem(atPath: agent.vault.path, toPath: twin)
    let onTwin = { (arguments: [String], password: String) throws -> (status: Int32, output: String, error: String) in
      try otter(
        Array(arguments.prefix(1)) + ["--vault", twin, "--password-file", password] + Array(arguments.dropFirst()),
        environment: agent.environment)
    }
    // The twin moves ahead: two saves.
    for issuer in ["T1", "T2"] {
      let added = try otter(
        ["add", "--quiet", "--vault", twin, "--password-file", agent.vault.folder.file("pw")],
        input: "otpauth://totp/\(issuer):me?secret=\(rfcSecret)\n", environment: agent.environment)
      #expect(added.status == 0, "\(added.error)")
    }
    let real = try agent.run(["list"])
    #expect(real.status == 0)
    #expect(!real.error.contains("older than the copy"), "the twin raised the rollback memory: \(real.error)")

    // The vault unlocked; the twin gets a password (and a key) of its own.
    #expect(try agent.run(["unlock", "--for", "10m"]).status == 0)
    try agent.vault.folder.write("twinpw", "the twin's own password\n")
    #expect(
      try onTwin(["passwd", "--new-password-file", agent.vault.folder.file("twinpw")], agent.vault.folder.file("pw")).status == 0)
    #expect(try onTwin(["list"], agent.vault.folder.file("twinpw")).status == 0)
    #expect(try agent.runWithoutPassword(["list"]).status == 0, "opening the twin made the agent forget the vault's key")
    let replaced = try onTwin(["unlock"], agent.vault.folder.file("twinpw"))
    #expect(replaced.status == 65)
    #expect(replaced.error.contains("is a copy of"), "\(replaced.error)")
    #expect(try agent.runWithoutPassword(["list"]).status == 0, "the twin's key replaced the vault's in the agent")
  }

  @Test("merging a file that is no vault, or a damaged copy, says so (65) and asks no password")
  func notAVaultCopy() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try vault.folder.write("notes.txt", "just some notes\n")
    let notVault = try vault.run(["merge", vault.folder.file("notes.txt")])
    #expect(notVault.status == 65)
    #expect(notVault.error.contains("is not an Otter vault"), "\(notVault.error)")
    var damaged = [UInt8](try vault.bytes())
    damaged.removeLast(40)
    try Data(damaged).write(to: URL(fileURLWithPath: vault.folder.file("cut.otter")))
    let cut = try vault.run(["merge", vault.folder.file("cut.otter")])
    #expect(cut.status == 65)
    #expect(cut.error.contains("is a damaged copy"), "\(cut.error)")
    #expect(!cut.error.contains("passwd"))
  }

  @Test(
    "a conflict copy named with escape sequences changes neither tmux's pane title nor its buffers (merge, import, export, errors)"
  )
  func hostileFileNames() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add", "--quiet"], input: "otpauth://totp/Bank:alice?secret=\(rfcSecret)&issuer=Bank\n").status == 0)
    // Anyone who can drop a file in a synced folder picks its name; Dropbox's pattern takes
    // the owner's name as it is.
    let payload = "\u{1b}]2;PWNED-TITLE\u{07}\u{1b}]52;c;\(Data("PWNED-CLIP".utf8).base64EncodedString())\u{07}"
    let hostile = vault.folder.file("data/vault (\(payload)'s conflicted copy 2026-12-01).otter")
    try FileManager.default.copyItem(atPath: vault.path, toPath: hostile)
    #expect(
      try otter(
        ["add", "--quiet", "--vault", hostile, "--password-file", vault.folder.file("pw")],
        input: "otpauth://totp/Shop:bob?secret=\(rfcSecret)&issuer=Shop\n", environment: vault.environment
      ).status == 0)
    try vault.folder.write("import-\(payload).uris", "otpauth://totp/Mail:carol?secret=\(rfcSecret)\n")
    let common = "--vault '\(vault.path)' --password-file '\(vault.folder.file("pw"))'"
    let commands = [
      "'\(otterPath)' merge --conflicts \(common)",
      "'\(otterPath)' import '\(vault.folder.file("import-\(payload).uris"))' \(common)",
      "'\(otterPath)' export --format uri -o '\(vault.folder.file("out-\(payload).uris"))' \(common)",
      "'\(otterPath)' merge '\(vault.folder.file("missing-\(payload).otter"))' \(common)",
    ]
    let session = TmuxSession(
      command: "env -i PATH=/usr/bin:/bin HOME='\(vault.folder.path)' LANG=C.UTF-8 TERM=tmux-256color sh -c "
        + TmuxSession.quoteForTest(commands.joined(separator: "; ") + "; echo ALL-DONE") + "; sleep 600",
      columns: 200, setup: ["set -g set-clipboard on", "set -g allow-rename on"])
    defer { session.kill() }
    let screen = session.wait(for: "ALL-DONE")
    #expect(screen.contains("merged"), "\(screen)")
    #expect(screen.contains("conflicted copy"), "\(screen)")
    let title = session.tmux("display -p -t \(session.name) '#{pane_title}'").output
    #expect(!title.contains("PWNED"), "the pane title was set: \(title)")
    let buffers = session.tmux("list-buffers -F '#{buffer_sample}'").output
    #expect(!buffers.contains("PWNED"), "a buffer was set: \(buffers)")
    #expect(!session.history().contains("\u{1b}"))
  }
}
