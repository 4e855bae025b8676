import CryptoPrimitives
import Foundation
import JSONCodec
import OTPCore
import TestSupport
import Testing

@testable import Vault

@Suite("Vault file lifecycle", .serialized)
struct VaultFileLifecycleTests {
  @Test("every save keeps the previous version as vault.otter.bak, which opens with the old content")
  func backup() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    _ = try vault.run(["add"], input: "otpauth://totp/A:first?secret=\(rfcSecret)")
    _ = try vault.run(["add"], input: "otpauth://totp/B:second?secret=\(rfcSecret)")
    let backup = try otter(
      ["list", "--json", "--vault", vault.path + ".bak", "--password-file", vault.folder.file("pw")],
      environment: vault.environment)
    #expect(backup.status == 0, "\(backup.error)")
    #expect(backup.output.contains("first"))
    #expect(!backup.output.contains("second"))
    #expect(try vault.mode(vault.path + ".bak") == 0o600)
  }

  @Test("an entry this version cannot use is listed as unusable and survives later saves")
  func unusableEntrySurvives() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    // Write a vault whose payload holds one entry from a "future" version, with the real codec.
    let password = SecretBytes(Array("correct horse".utf8))
    let unlocked = try VaultFile.decode(Array(try vault.bytes()), password: password)
    let future = try JSON.parse(Array(#"{"id":"0b7e9a52-2b1e-4a53-9c55-3c1f1f0e2a11","type":"xotp","pin":"0000"}"#.utf8))
    unlocked.contents.unusable = [UnusableRecord(json: future, reason: "", id: nil)]
    try Data(try VaultFile.encode(unlocked)).write(to: URL(fileURLWithPath: vault.path))

    let listed = try vault.run(["list"])
    #expect(listed.status == 0)
    #expect(listed.output.contains("unusable: unknown account type \"xotp\""))
    #expect(listed.error.contains("cannot be used by this version of Otter and is kept unchanged"))
    #expect(try vault.run(["add"], input: "otpauth://totp/A:b?secret=\(rfcSecret)").status == 0)
    let reopened = try VaultFile.decode(Array(try vault.bytes()), password: password)
    #expect(reopened.contents.unusable.map(\.json) == [future])
    #expect(reopened.contents.records.count == 1)
  }
}

/// Drives the real binary in a real terminal (tmux) to check the hidden prompts.
@Suite("Password prompts in a terminal", .serialized)
struct PromptTests {
  @Test("init asks twice without echo, add takes a pasted URI without echo, and nothing secret is shown")
  func hiddenPrompts() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("v.otter")
    let initSession = TmuxSession(
      command: "env -i PATH=/usr/bin:/bin HOME=\(folder.path) \(otterPath) init --kdf-log-n 14 --vault \(path); sleep 30",
      columns: 100, rows: 20)
    defer { initSession.kill() }
    initSession.wait(for: "New vault password:")
    initSession.send("hunter2-typed", "Enter")
    initSession.wait(for: "Repeat the password:")
    initSession.send("hunter2-typed", "Enter")
    let screen = initSession.wait(for: "created an empty vault")
    #expect(screen.contains("created an empty vault"))
    #expect(!screen.contains("hunter2"))

    let add = TmuxSession(
      command: "env -i PATH=/usr/bin:/bin \(otterPath) add --vault \(path); sleep 30", columns: 200, rows: 20)
    defer { add.kill() }
    // The URI is asked first, so a bad paste never costs the password.
    add.wait(for: "Paste an otpauth URI")
    add.send(literal: "otpauth://totp/Typed:me?secret=\(rfcSecret)")
    add.send("Enter")
    add.wait(for: "Password for")
    add.send("hunter2-typed", "Enter")
    let added = add.wait(for: "added Typed: me")
    #expect(added.contains("added Typed: me"))
    #expect(!added.contains(rfcSecret))
    #expect(!added.contains("hunter2"))
  }
}
