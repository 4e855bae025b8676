import Foundation
import TestSupport
import Testing

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
    let inode = try FileManager.default.attributesOfItem(atPath: memory)[.systemFileNumber] as? NSNumber
    let saved = try vault.run(["add", "--quiet"], input: "otpauth://totp/C:d?secret=\(rfcSecret)\n")
    #expect(saved.status == 0, "\(saved.error)")
    #expect(!saved.error.contains("older than the copy"))
    let listed = try vault.run(["list"])
    #expect(listed.status == 0)
    #expect(!listed.error.contains("older than the copy"), "\(listed.error)")
    let text = try String(contentsOfFile: memory, encoding: .utf8)
    #expect(text.hasPrefix(dashed + " ") && !text.contains("18446744073709551615"), "\(text)")
    let after = try FileManager.default.attributesOfItem(atPath: memory)[.systemFileNumber] as? NSNumber
    #expect(after != inode, "the file was replaced by a new one, not truncated and rewritten")
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
}
