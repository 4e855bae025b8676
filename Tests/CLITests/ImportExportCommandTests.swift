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
