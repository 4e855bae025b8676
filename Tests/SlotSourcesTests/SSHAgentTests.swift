import CryptoPrimitives
import Foundation
import SSHAgentClient
import TestSupport
import Testing

/// A real OpenSSH agent (`ssh-agent -D -a SOCKET`) with keys made by `ssh-keygen` and loaded
/// by `ssh-add`.
final class RealSSHAgent {
  let folder: TemporaryFolder
  let socket: String
  var pid: String = ""

  init() throws {
    folder = try TemporaryFolder()
    socket = folder.file("agent.sock")
    // The agent forks into the background and prints its process id for the shell. (Started
    // through `shell`, which spawns with no signal blocked and reaps with waitpid.)
    let started = shell("/usr/bin/ssh-agent -s -a '\(socket)'")
    #expect(started.status == 0)
    if let range = started.output.range(of: "SSH_AGENT_PID=") {
      pid = String(started.output[range.upperBound...].prefix { $0.isNumber })
    }
  }

  /// Makes a key of `type` (`ed25519`, `rsa`, `ecdsa`) and loads it; returns its fingerprint
  /// as `ssh-keygen -l` prints it.
  @discardableResult
  func add(_ type: String, name: String) throws -> String {
    let key = folder.file(name)
    #expect(shell("/usr/bin/ssh-keygen -q -t \(type) -N '' -C \(name) -f '\(key)'").status == 0)
    #expect(load(key))
    let listed = shell("/usr/bin/ssh-keygen -l -E sha256 -f '\(key).pub'")
    return String(listed.output.split(separator: " ")[1])
  }

  /// Loads the key at `path` into the agent.
  func load(_ path: String) -> Bool {
    shell("SSH_AUTH_SOCK='\(socket)' /usr/bin/ssh-add -q '\(path)'").status == 0
  }

  func removeAll() {
    _ = shell("SSH_AUTH_SOCK='\(socket)' /usr/bin/ssh-add -D")
  }

  deinit {
    if let pid = Int32(pid) { kill(pid, SIGTERM) }
    folder.remove()
  }
}

@Suite("The ssh-agent protocol, against a real OpenSSH agent")
struct SSHAgentTests {
  @Test(
    "lists the agent's keys with ssh-keygen's fingerprints; Ed25519 and RSA sign the same way every time, ECDSA is unsuitable")
  func keysAndSignatures() throws {
    let real = try RealSSHAgent()
    let ed25519 = try real.add("ed25519", name: "one")
    let rsa = try real.add("rsa", name: "two")
    let ecdsa = try real.add("ecdsa", name: "three")
    let agent = SSHAgent(socketPath: real.socket)
    let keys = try agent.identities()
    #expect(keys.map(\.fingerprint) == [ed25519, rsa, ecdsa])
    #expect(keys.map(\.comment) == ["one", "two", "three"])
    #expect(keys.map(\.type) == ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256"])
    #expect(keys[0].unsuitable == nil && keys[1].unsuitable == nil)
    #expect(keys[2].unsuitable?.contains("different every time") == true)
    let challenge = Array("otter/ssh-key-slot/v1|test".utf8)
    for key in keys.prefix(2) {
      let first = try agent.sign(challenge, with: key.blob)
      let second = try agent.sign(challenge, with: key.blob)
      #expect(first.constantTimeEquals(second), "\(key.type)")
      #expect(!first.constantTimeEquals(try agent.sign(Array("another".utf8), with: key.blob)))
    }
    // RSA signs with SHA-512 (the signature blob names its format first).
    let rsaSignature = try agent.sign(challenge, with: keys[1].blob).copiedBytes()
    #expect(String(decoding: rsaSignature[4..<16], as: UTF8.self) == "rsa-sha2-512")
    // ECDSA's signatures differ each time: why it is refused for a slot.
    #expect(!(try agent.sign(challenge, with: keys[2].blob)).constantTimeEquals(try agent.sign(challenge, with: keys[2].blob)))
  }

  @Test("a key no longer loaded is refused; the same key loaded again signs as before; no agent is noAgent")
  func reloadAndAbsence() throws {
    let real = try RealSSHAgent()
    try real.add("ed25519", name: "one")
    let agent = SSHAgent(socketPath: real.socket)
    let key = try #require(try agent.identities().first)
    let before = try agent.sign(Array("challenge".utf8), with: key.blob)
    real.removeAll()
    #expect(try agent.identities().isEmpty)
    #expect(throws: SSHAgent.Failure.refused) { try agent.sign(Array("challenge".utf8), with: key.blob) }
    #expect(real.load(real.folder.file("one")))
    #expect(try agent.sign(Array("challenge".utf8), with: key.blob).constantTimeEquals(before))
    #expect(throws: SSHAgent.Failure.noAgent) { try SSHAgent(socketPath: real.folder.file("nothing")).identities() }
    #expect(SSHAgent(environment: [:]) == nil)
  }
}
