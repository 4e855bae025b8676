import CryptoPrimitives
import Foundation
import OTPCore
import TestSupport
import Testing

/// How often each of `patterns` occurs in the writable memory of process `pid`.
func memoryCounts(_ pid: String, _ patterns: [[UInt8]]) -> [Int] {
  let script = packageRoot.appendingPathComponent("Tests/Reference/memscan.py").path
  let hex = patterns.map { $0.map { String(format: "%02x", $0) }.joined() }
  let result = shell("python3 '\(script)' \(pid) \(hex.joined(separator: " "))")
  return result.output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
}

@Suite("Secrets in the viewer's memory", .serialized)
struct MemoryTests {
  @Test(
    "after unlock the typed password is nowhere in memory; after a QR code, an add, a save and L, no secret is either",
    .enabled(if: getuid() == 0, "reading another process's memory needs root: Otter makes itself undumpable"))
  func nothingLeft() throws {
    let password = "memscan-\(UInt64.random(in: 1...UInt64.max))-pass"
    let secret = SecretBytes((0..<20).map { _ in UInt8.random(in: 0...255) })
    let base32 = Base32.encode(secret)
    let added = SecretBytes((0..<20).map { _ in UInt8.random(in: 0...255) })
    let addedBase32 = Base32.encode(added)
    let vault = try TestVault(password: password)
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Scan:alice?secret=\(base32)&issuer=Scan\n").status == 0)
    let session = TmuxSession(command: viewerCommand(vault, password: false), columns: 120, rows: 60)
    defer { session.kill() }
    session.wait(for: "Password:")
    session.send(literal: password)
    session.send("Enter")
    session.wait(for: "alice")
    let pid = try #require(session.programPID())

    // A freed chunk keeps its text but for its first 16 bytes (the allocator's list pointers),
    // so the tails are what gives a leak away.
    func tail(_ bytes: [UInt8]) -> [UInt8] { Array(bytes.suffix(12)) }
    #expect(memoryCounts(pid, [Array("alice".utf8)]).first ?? 0 > 0, "the scan sees the viewer's memory")
    let afterUnlock = memoryCounts(pid, [Array(password.utf8), tail(Array(password.utf8))])
    #expect(afterUnlock == [0, 0], "the password is still in memory after unlock")

    // Reveal the QR code three times (libqrencode copies the URI), add an account by pasting its URI,
    // save a change, then lock.
    for _ in 0..<3 {
      session.send("Q")
      session.wait(for: "[y/N]")
      session.send("y")
      session.wait(for: "reveals the secret of")
      session.send("x")
      session.wait(whileShowing: "reveals the secret of")
    }
    // Unlocked, the secret itself is held (it makes the codes), but never its text.
    let afterQR = memoryCounts(pid, [Array(base32.utf8), tail(Array(base32.utf8))])
    #expect(afterQR == [0, 0], "the base32 secret is in memory after the QR code was shown")
    session.send("a")
    session.send(literal: "otpauth://totp/Pasted:bob?secret=\(addedBase32)&issuer=Pasted")
    session.send("Enter")
    session.wait(for: "bob")
    session.send("f")
    session.wait(for: "favourite")
    session.send("L")
    session.wait(for: "Password:")
    Thread.sleep(forTimeInterval: 0.3)
    let patterns = [
      Array(password.utf8), secret.copiedBytes(), Array(base32.utf8), added.copiedBytes(), Array(addedBase32.utf8),
    ].map(tail)
    let afterLock = memoryCounts(pid, patterns)
    #expect(afterLock == [0, 0, 0, 0, 0], "password, secret, its base32, the pasted secret, its base32: \(afterLock)")
  }
}
