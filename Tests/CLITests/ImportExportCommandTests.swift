import Foundation
import TestSupport
import Testing

@Suite("otter import and export", .serialized)
struct ImportExportCommandTests {
  @Test("export to a file is 0600, refuses to overwrite without --force, and imports back identically")
  func roundTrip() throws {
    let source = try TestVault()
    defer { source.folder.remove() }
    _ = try source.run(
      ["add"],
      input: """
        otpauth://totp/Bank:bob?secret=\(rfcSecret)&digits=8
        otpauth://hotp/VPN:me?secret=\(rfcSecret)&counter=7
        otpauth://steam/Steam:gamer?secret=\(rfcSecret)

        """)
    try source.folder.write("exp", "export-pass\n")
    for format in ["uri", "aegis", "aegis-encrypted"] {
      let path = source.folder.file("out.\(format)")
      let exported = try source.run([
        "export", "--format", format, "-o", path, "--export-password-file", source.folder.file("exp"),
      ])
      #expect(exported.status == 0, "\(exported.error)")
      #expect(try source.mode(path) == 0o600)
      #expect(try source.run(["export", "--format", format, "-o", path]).status == 73)

      let target = try TestVault()
      defer { target.folder.remove() }
      let imported = try target.run(["import", path, "--source-password-file", source.folder.file("exp")])
      #expect(imported.status == 0, "\(format): \(imported.error)")
      #expect(imported.output.contains("3 added, 0 skipped as duplicates, 0 failed"))
      let mine = try source.run(["list", "--json", "--at", "59"]).output
      let theirs = try target.run(["list", "--json", "--at", "59"]).output
      func withoutIDs(_ text: String) -> String {
        text.replacingOccurrences(of: #""id":"[0-9a-f-]+","#, with: "", options: .regularExpression)
      }
      #expect(withoutIDs(mine) == withoutIDs(theirs), "\(format)")
    }
  }

  @Test("a wrong password for an encrypted export exits 77 and imports nothing")
  func wrongSourcePassword() throws {
    let source = try TestVault()
    defer { source.folder.remove() }
    _ = try source.run(["add"], input: "otpauth://totp/Bank:bob?secret=\(rfcSecret)\n")
    try source.folder.write("exp", "export-pass\n")
    try source.folder.write("bad", "not-it\n")
    let path = source.folder.file("out.json")
    _ = try source.run(["export", "--format", "aegis-encrypted", "-o", path, "--export-password-file", source.folder.file("exp")])
    let target = try TestVault()
    defer { target.folder.remove() }
    let before = try target.bytes()
    let result = try target.run(["import", path, "--source-password-file", source.folder.file("bad")])
    #expect(result.status == 77)
    #expect(result.error.contains("nothing was imported"))
    #expect(try target.bytes() == before)
  }

  @Test("malformed files change nothing; bad entries are reported while the good ones land; --dry-run writes nothing")
  func failures() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let before = try vault.bytes()
    for (name, text) in [("cut.json", #"{"version": 1, "header": {"slots": null"#), ("junk.txt", "hello\n")] {
      try vault.folder.write(name, text)
      let result = try vault.run(["import", vault.folder.file(name)])
      #expect(result.status == 65, "\(name)")
      #expect(try vault.bytes() == before)
    }
    try vault.folder.write("mixed.uris", "otpauth://totp/Good:one?secret=\(rfcSecret)\notpauth://totp/Bad:two?secret=XYZ1\n")
    let dry = try vault.run(["import", vault.folder.file("mixed.uris"), "--dry-run"])
    #expect(dry.output.contains("1 added, 0 skipped as duplicates, 1 failed (dry run: nothing was written)"))
    #expect(try vault.bytes() == before)
    let real = try vault.run(["import", vault.folder.file("mixed.uris")])
    #expect(real.status == 65)
    #expect(real.output.contains("failed  line 2: secret is not valid base32"))
    #expect(try vault.run(["list"]).output.contains("Good"))
    let again = try vault.run(["import", vault.folder.file("mixed.uris")])
    #expect(again.output.contains("skipped line 1: Good: one is already in the vault"))
  }

  @Test("google export writes transfer links that import back")
  func google() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    _ = try vault.run(
      ["add"], input: "otpauth://totp/Bank:bob?secret=\(rfcSecret)\notpauth://totp/Mail:m?secret=\(rfcSecret)&period=60\n")
    let path = vault.folder.file("google.txt")
    let exported = try vault.run(["export", "--format", "google", "-o", path])
    #expect(exported.status == 0)
    #expect(exported.error.contains("only 30-second accounts"))
    let target = try TestVault()
    defer { target.folder.remove() }
    let imported = try target.run(["import", path])
    #expect(imported.error.contains("reading google"))
    #expect(imported.output.contains("1 added"))
  }
}

@Suite("otter export --format google on a terminal", .serialized)
struct GoogleExportTerminalTests {
  @Test("shows transfer QR codes one batch at a time; each scans and imports back")
  func qrBatches() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let uris = (1...3).map { "otpauth://totp/Svc\($0):user\($0)?secret=\(rfcSecret)" }
    _ = try vault.run(["add"], input: uris.joined(separator: "\n") + "\n")
    let session = TmuxSession(
      command:
        "env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=tmux-256color '\(otterPath)' export --format google --batch-size 2 --yes "
        + "--vault '\(vault.path)' --password-file '\(vault.folder.file("pw"))'; echo EXPORT-DONE; sleep 600",
      columns: 160, rows: 80)
    defer { session.kill() }
    var links: [String] = []
    for batch in 1...2 {
      let screen = session.wait(for: "transfer code \(batch) of 2")
      let art = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        .filter { $0.contains("█") || $0.contains("▀") || $0.contains("▄") }
      let width = art.map(\.count).max() ?? 0
      let image = pixels(from: art.map { $0 + String(repeating: " ", count: width - $0.count) }, halfBlocks: true, invert: false)
      let decoded = try scan(greyscalePNG(width: image.width, height: image.height, raw: image.raw))
      #expect(decoded?.hasPrefix("otpauth-migration://offline?data=") == true)
      links += decoded.map { [$0] } ?? []
      session.send("Enter")
    }
    session.wait(for: "EXPORT-DONE")
    // The codes were on the alternate screen: nothing of them is left in the scrollback.
    let history = session.history()
    #expect(!history.contains("█") && !history.contains("▀") && !history.contains("▄"))
    #expect(!history.contains("transfer code"))
    let target = try TestVault()
    defer { target.folder.remove() }
    try target.folder.write("links.txt", links.joined(separator: "\n") + "\n")
    let imported = try target.run(["import", target.folder.file("links.txt")])
    #expect(imported.output.contains("3 added"), "\(imported.output) \(imported.error)")
  }
}
