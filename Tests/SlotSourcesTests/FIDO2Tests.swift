import CryptoPrimitives
import FIDO2Secret
import Foundation
import TestSupport
import Testing

/// The tests' FIDO2 authenticator (`Tests/Reference/fido2_authenticator.py`: CTAPHID and CTAP2
/// with hmac-secret over Python's cryptography and cbor2) on a Unix socket, which libfido2
/// reaches through its custom I/O functions: every libfido2 call Otter makes runs as with a
/// key. No real security key can be plugged in here; `realDevice` below runs against one when
/// `OTTER_TEST_FIDO2_DEVICE` names it.
final class TestAuthenticator: @unchecked Sendable {
  let folder: TemporaryFolder
  let socket: String
  var pid: Int32 = 0

  init(pin: String? = nil, hmacSecret: Bool = true) throws {
    folder = try TemporaryFolder()
    socket = folder.file("fido.sock")
    let script = packageRoot.appendingPathComponent("Tests/Reference/fido2_authenticator.py").path
    var command = "/usr/bin/python3 '\(script)' '\(socket)'"
    if let pin { command += " --pin '\(pin)'" }
    if !hmacSecret { command += " --no-hmac-secret" }
    let started = shell("\(command) >/dev/null 2>'\(folder.file("log"))' & echo $!")
    pid = Int32(started.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) { usleep(20_000) }
  }

  var device: FIDO2Secret.Device { .reportSocket(socket) }
  var log: String { (try? String(contentsOfFile: folder.file("log"), encoding: .utf8)) ?? "" }

  func stop() {
    if pid > 0 { kill(pid, SIGTERM) }
    folder.remove()
  }
}

@Suite("hmac-secret from a FIDO2 authenticator through libfido2 (the tests' authenticator over libfido2's custom I/O)")
struct FIDO2Tests {
  let salt = [UInt8](repeating: 0x42, count: 32)

  @Test(
    "a credential made with hmac-secret gives the same secret for the same salt, another for another salt; another key has no such credential"
  )
  func hmacSecret() throws {
    let key = try TestAuthenticator()
    defer { key.stop() }
    let credential = try FIDO2Secret.makeCredential(on: key.device, pin: nil)
    #expect(!credential.isEmpty, "\(key.log)")
    let first = try FIDO2Secret.secret(on: key.device, credential: credential, salt: salt, pin: nil)
    let again = try FIDO2Secret.secret(on: key.device, credential: credential, salt: salt, pin: nil)
    #expect(first.count == 32 && first.constantTimeEquals(again))
    let other = try FIDO2Secret.secret(on: key.device, credential: credential, salt: [UInt8](repeating: 1, count: 32), pin: nil)
    #expect(!other.constantTimeEquals(first))
    let anotherKey = try TestAuthenticator()
    defer { anotherKey.stop() }
    #expect(throws: FIDO2Secret.Failure.otherKey) {
      try FIDO2Secret.secret(on: anotherKey.device, credential: credential, salt: salt, pin: nil)
    }
    #expect {
      try FIDO2Secret.secret(on: .reportSocket(key.folder.file("nothing")), credential: credential, salt: salt, pin: nil)
    } throws: { error in
      if case .noDevice = error as? FIDO2Secret.Failure { return true }
      return false
    }
  }

  @Test("a key with a PIN: making the credential asks it; a wrong PIN is said; the right one gives the secret")
  func pin() throws {
    let key = try TestAuthenticator(pin: "4321")
    defer { key.stop() }
    #expect(throws: FIDO2Secret.Failure.pinRequired) { try FIDO2Secret.makeCredential(on: key.device, pin: nil) }
    #expect(throws: FIDO2Secret.Failure.wrongPIN) {
      try FIDO2Secret.makeCredential(on: key.device, pin: SecretBytes(Array("1111".utf8)))
    }
    let pin = SecretBytes(Array("4321".utf8))
    let credential = try FIDO2Secret.makeCredential(on: key.device, pin: pin)
    let first = try FIDO2Secret.secret(on: key.device, credential: credential, salt: salt, pin: pin)
    #expect(try FIDO2Secret.secret(on: key.device, credential: credential, salt: salt, pin: pin).constantTimeEquals(first))
    // Without the PIN the key answers with the other (non-verified) secret: a slot made with
    // the PIN must ask it again.
    let unverified = try FIDO2Secret.secret(on: key.device, credential: credential, salt: salt, pin: nil)
    #expect(!unverified.constantTimeEquals(first))
  }

  @Test("a key without hmac-secret is refused as such")
  func noExtension() throws {
    let key = try TestAuthenticator(hmacSecret: false)
    defer { key.stop() }
    #expect(throws: FIDO2Secret.Failure.unsupported) { try FIDO2Secret.makeCredential(on: key.device, pin: nil) }
  }
}

@Suite(
  "fido2 key slots through the real binary (a debug build reaches the tests' authenticator through OTTER_TEST_FIDO2_SOCKET)",
  .serialized)
struct FIDO2SlotCommandTests {
  @Test("a fido2 slot opens the vault with a touch; another key does not; passwd re-wraps it or drops it when no key answers")
  func fido2Slot() throws {
    let key = try TestAuthenticator()
    defer { key.stop() }
    let vault = try SlotVault()
    defer { vault.folder.remove() }
    let withKey = ["OTTER_TEST_FIDO2_SOCKET": key.socket]
    let added = try vault.run(["slot", "add", "--fido2"] + vault.password, environment: withKey)
    #expect(added.status == 0, "\(added.error) \(key.log)")
    #expect(added.error.contains("touch the security key"))
    let slots = try vault.slots()
    #expect(slots.map { $0["kind"] as? String } == ["password", "fido2"])
    #expect((slots[1]["boundTo"] as? String)?.hasPrefix("FIDO2 credential ") == true)
    let id = try #require(slots[1]["id"] as? String)
    let opened = try vault.run(["list"], environment: withKey)
    #expect(opened.status == 0 && opened.output.contains("Bank"), "\(opened.error)")
    #expect(try vault.run(["list", "--slot", "fido2"], environment: withKey).status == 0)
    // Another key: the credential is not there.
    let other = try TestAuthenticator()
    defer { other.stop() }
    let wrong = try vault.run(["list"], environment: ["OTTER_TEST_FIDO2_SOCKET": other.socket])
    #expect(wrong.status == 64 && wrong.error.contains("the fido2 slot \(id)") && wrong.error.contains("does not hold"))
    // No key at all.
    let none = try vault.run(["list"], environment: ["OTTER_TEST_FIDO2_SOCKET": vault.folder.file("absent")])
    #expect(none.status == 64 && none.error.contains("no FIDO2 key answers"))
    // passwd with the key: re-wrapped; then without one: dropped and named.
    let changed = try vault.run(
      ["passwd"] + vault.password + ["--new-password-file", vault.folder.file("pw2")], environment: withKey)
    #expect(changed.status == 0 && !changed.error.contains("removed"), "\(changed.error)")
    #expect(try vault.run(["list"], environment: withKey).status == 0)
    let dropped = try vault.run(
      ["passwd", "--password-file", vault.folder.file("pw2"), "--new-password-file", vault.folder.file("pw")],
      environment: ["OTTER_TEST_FIDO2_SOCKET": other.socket])
    #expect(dropped.status == 0 && dropped.error.contains("the fido2 slot \(id) was removed"))
    #expect(dropped.error.contains("add it again with otter slot add --fido2"))
    #expect(try vault.run(["list"], environment: withKey).status == 64)
  }

  @Test(
    "a key that asks its PIN: slot add without --pin says so; with --pin the PIN is asked in the terminal, now and at unlock, and without one through OTTER_ASKPASS"
  )
  func fido2PIN() throws {
    let key = try TestAuthenticator(pin: "4321")
    defer { key.stop() }
    let vault = try SlotVault()
    defer { vault.folder.remove() }
    let refused = try vault.run(
      ["slot", "add", "--fido2"] + vault.password, environment: ["OTTER_TEST_FIDO2_SOCKET": key.socket])
    #expect(refused.status == 64 && refused.error.contains("add --pin"))
    let adding = vault.terminal(
      "slot add --fido2 --pin --password-file '\(vault.folder.file("pw"))'", environment: ["OTTER_TEST_FIDO2_SOCKET": key.socket])
    defer { adding.kill() }
    #expect(adding.wait(for: "PIN of the security key:").contains("PIN"))
    adding.send(literal: "4321")
    adding.send("Enter")
    let added = adding.wait(for: "status=")
    #expect(added.contains("added the fido2 slot") && added.contains("status=0") && !added.contains("4321"), "\(added)")
    let opening = vault.terminal("list", environment: ["OTTER_TEST_FIDO2_SOCKET": key.socket])
    defer { opening.kill() }
    #expect(opening.wait(for: "PIN of the security key for the fido2 slot").contains("empty to skip"))
    opening.send(literal: "4321")
    opening.send("Enter")
    let opened = opening.wait(for: "status=")
    #expect(opened.contains("Bank") && opened.contains("status=0"), "\(opened)")
    // Without a terminal, OTTER_ASKPASS is asked the key's PIN.
    try vault.folder.write(
      "askpass", "#!/bin/sh\nprintf '%s\\n' \"$1\" > '\(vault.folder.file("asked"))'\necho 4321\n", mode: 0o700)
    let launched = try vault.run(
      ["list"], environment: ["OTTER_TEST_FIDO2_SOCKET": key.socket, "OTTER_ASKPASS": vault.folder.file("askpass")])
    #expect(launched.status == 0 && launched.output.contains("Bank"), "\(launched.error)")
    #expect(try String(contentsOfFile: vault.folder.file("asked"), encoding: .utf8).contains("PIN of the security key"))
  }

  @Test(
    "a real security key (opt-in: OTTER_TEST_FIDO2_DEVICE names its hidraw path; touch it when asked)",
    .enabled(if: ProcessInfo.processInfo.environment["OTTER_TEST_FIDO2_DEVICE"] != nil))
  func realDevice() throws {
    let path = try #require(ProcessInfo.processInfo.environment["OTTER_TEST_FIDO2_DEVICE"])
    let credential = try FIDO2Secret.makeCredential(on: .hid(path), pin: nil)
    let salt = [UInt8](repeating: 7, count: 32)
    let first = try FIDO2Secret.secret(on: .hid(path), credential: credential, salt: salt, pin: nil)
    #expect(try FIDO2Secret.secret(on: .hid(path), credential: credential, salt: salt, pin: nil).constantTimeEquals(first))
  }
}
