import Foundation
import TestSupport
import Testing

/// A Python client of the agent's wire format: `get` (operation 2) for a vault id, printing
/// the reply's status and payload in hex.
let agentGetScript = """
  import socket, sys
  s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
  s.sendall(bytes([2, 0, 0, 0, 16]) + bytes.fromhex(sys.argv[2]))
  reply = b""
  while len(reply) < 5 or len(reply) < 5 + int.from_bytes(reply[1:5], "big"):
      chunk = s.recv(100)
      if not chunk: break
      reply += chunk
  print(reply[0], reply[5:].hex())
  """

/// Clients that stall: one connects and sends nothing, one trickles a request a byte at a time.
let stallScript = """
  import socket, sys, time
  idle = socket.socket(socket.AF_UNIX); idle.connect(sys.argv[1])
  slow = socket.socket(socket.AF_UNIX); slow.connect(sys.argv[1])
  open(sys.argv[2], "w").close()
  for byte in bytes([5, 0, 0, 0, 0]) * 100:
      try: slow.send(bytes([byte]))
      except OSError: break
      time.sleep(0.3)
  """

@Suite("The agent always lets go")
struct AgentTrustTests {
  /// Starts `stallScript` against the agent's socket in the background; returns once connected.
  func stall(_ agent: AgentVault) throws -> String {
    try agent.vault.folder.write("stall.py", stallScript)
    let ready = agent.vault.folder.file("stalling")
    let pid = shell(
      "python3 '\(agent.vault.folder.file("stall.py"))' '\(agent.socket)' '\(ready)' >/dev/null 2>&1 & echo $!"
    ).output.trimmingCharacters(in: .whitespacesAndNewlines)
    for _ in 0..<100 where !FileManager.default.fileExists(atPath: ready) { usleep(20_000) }
    return pid
  }

  @Test(
    "with clients that connect and stall, otter lock still locks (never 'nothing was unlocked'), status answers, --for expires on time"
  )
  func stalledClients() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    #expect(try agent.run(["unlock", "--for", "3s"]).status == 0)
    let staller = try stall(agent)
    defer { _ = shell("kill \(staller) 2>/dev/null") }
    let started = Date()
    let status = try otter(["agent", "status"], environment: agent.environment)
    #expect(status.output.contains(agent.vault.path), "\(status.output)")
    #expect(Date().timeIntervalSince(started) < 1.5)
    let pid = try #require(try agent.agentPID())
    #expect(waitUntilGone(pid, seconds: 6), "the key expired at 3 s and the agent left, stalled clients or not")

    #expect(try agent.run(["unlock", "--for", "1h"]).status == 0)
    let again = try stall(agent)
    defer { _ = shell("kill \(again) 2>/dev/null") }
    let locked = try otter(["lock", "--vault", agent.vault.path], environment: agent.environment)
    #expect(locked.status == 0)
    #expect(!locked.output.contains("nothing was unlocked"), "\(locked.output)")
    #expect(try agent.runWithoutPassword(["list"]).status != 0, "the key is gone")
  }

  @Test("SIGTERM ends the agent at once while a client stalls")
  func stopSignal() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    #expect(try agent.run(["unlock", "--for", "1h"]).status == 0)
    let pid = try #require(try agent.agentPID())
    let staller = try stall(agent)
    defer { _ = shell("kill \(staller) 2>/dev/null") }
    _ = shell("kill -TERM \(pid)")
    #expect(waitUntilGone(pid, seconds: 2))
  }

  @Test(
    "after otter lock of vault A, no copy of A's key is left in the agent's memory (B's is, in locked memory)",
    .enabled(if: getuid() == 0, "reading another process's memory needs root: the agent makes itself undumpable"))
  func noCopiesLeft() throws {
    let first = try AgentVault()
    defer { first.stopAgent(); first.vault.folder.remove() }
    let second = try TestVault()
    defer { second.folder.remove() }
    #expect(try first.run(["unlock", "--for", "1h"]).status == 0)
    #expect(
      try otter(
        ["unlock", "--for", "1h"] + second.common,
        environment: second.environment.merging(["XDG_RUNTIME_DIR": first.runtime]) { $1 }
      ).status == 0)
    try first.vault.folder.write("get.py", agentGetScript)
    func key(_ path: String) throws -> [UInt8] {
      let id = try #require(vaultIDHex(path))
      let reply = shell("python3 '\(first.vault.folder.file("get.py"))' '\(first.socket)' \(id)").output
      let parts = reply.split(separator: " ")
      #expect(parts.first == "0", "\(reply)")
      let hex = parts.last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
      return stride(from: 0, to: hex.count, by: 2).compactMap {
        UInt8(hex[hex.index(hex.startIndex, offsetBy: $0)..<hex.index(hex.startIndex, offsetBy: $0 + 2)], radix: 16)
      }
    }
    let keyA = try key(first.vault.path)
    let keyB = try key(second.path)
    #expect(keyA.count == 32 && keyB.count == 32)
    // Many replies, as a day of commands would ask.
    for _ in 0..<20 { #expect(try first.runWithoutPassword(["list"]).status == 0) }
    let pid = try #require(try first.agentPID())
    #expect(try otter(["lock", "--vault", first.vault.path], environment: first.environment).status == 0)
    let counts = memoryCounts(String(pid), [keyA, Array(keyA.suffix(12)), keyB])
    #expect(counts.count == 3)
    #expect(counts[0] == 0 && counts[1] == 0, "copies of A's key left in the agent: \(counts)")
    #expect(counts[2] >= 1, "the scan sees B's key, still held: \(counts)")
  }

  @Test("--for is a duration of at most 366 days, whatever the unit")
  func durationCap() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    let huge = try agent.run(["unlock", "--for", "31622400d"])
    #expect(huge.status == 64)
    #expect(huge.error.contains("at most 366 days"))
    #expect(try agent.run(["unlock", "--for", "367d"]).status == 64)
    #expect(try agent.run(["unlock", "--for", "366d"]).status == 0)
  }

  @Test("another user's /tmp/otter-UID does not block unlock: the agent meets its clients in a folder of the user's own")
  func foreignTmpFolder() throws {
    let shared = "/tmp/otter-\(getuid())"
    guard !FileManager.default.fileExists(atPath: shared), getuid() == 0 else {
      try Test.cancel("skipped: \(shared) exists already (a real agent's), or not root to make it another user's")
    }
    #expect(shell("mkdir -m 700 '\(shared)' && chown 65534:65534 '\(shared)' && echo ok").output == "ok\n")
    defer { _ = shell("rm -rf '\(shared)'") }
    let vault = try TestVault()
    defer {
      _ = try? otter(["lock", "--all"], environment: vault.environment)
      vault.folder.remove()
    }
    #expect(try vault.run(["add", "--quiet"], input: "otpauth://totp/ACME:alice?secret=\(rfcSecret)&issuer=ACME\n").status == 0)
    let unlocked = try vault.run(["unlock", "--for", "1m"])
    #expect(unlocked.status == 0, "\(unlocked.error)")
    #expect(try otter(["list", "--vault", vault.path], environment: vault.environment).status == 0)
    #expect(FileManager.default.fileExists(atPath: vault.folder.file(".local/state/otter/agent/agent.sock")))
  }
}
