import Foundation
import TestSupport
import Testing

/// A vault in a private folder, driven through the real `otter` binary, with the key slots'
/// real components in its environment: a GNOME Keyring on a private bus, an OpenSSH agent.
struct SlotVault {
  let folder: TemporaryFolder
  var environment: [String: String]
  var path: String { folder.file("vault.otter") }

  init(bus: String? = nil, agent: String? = nil, tcti: String? = nil) throws {
    folder = try TemporaryFolder()
    try folder.write("pw", "correct horse\n")
    try folder.write("pw2", "battery staple\n")
    environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_STATE_HOME": folder.file("state")]
    if let bus { environment["DBUS_SESSION_BUS_ADDRESS"] = bus }
    if let agent { environment["SSH_AUTH_SOCK"] = agent }
    if let tcti { environment["TSS2_TCTI"] = tcti }
    let created = try run(["init", "--kdf-log-n", "14", "--password-file", folder.file("pw")])
    #expect(created.status == 0, "\(created.error)")
    let added = try run(
      ["add", "--password-file", folder.file("pw")], input: "otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank\n")
    #expect(added.status == 0, "\(added.error)")
  }

  /// Runs otter on this vault; no password source unless the arguments give one.
  func run(_ arguments: [String], input: String = "", environment extra: [String: String] = [:]) throws -> (
    status: Int32, output: String, error: String
  ) {
    try otter(arguments + ["--vault", path], input: input, environment: environment.merging(extra) { $1 })
  }

  var password: [String] { ["--password-file", folder.file("pw")] }

  /// Runs `otter ARGUMENTS --vault PATH` in a tmux terminal with this vault's environment plus
  /// `extra`; the shell then prints `status=N`.
  func terminal(_ arguments: String, environment extra: [String: String] = [:]) -> TmuxSession {
    let variables = environment.merging(extra) { $1 }.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }
    return TmuxSession(
      command: "env -i \(variables.joined(separator: " ")) LANG=C.UTF-8 TERM=tmux-256color '\(otterPath)' \(arguments) "
        + "--vault '\(path)'; echo status=$?; sleep 600")
  }

  /// The slots as `otter slot list --json` gives them.
  func slots() throws -> [[String: Any]] {
    let listed = try run(["slot", "list", "--json"] + password)
    #expect(listed.status == 0, "\(listed.error)")
    return (try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]]) ?? []
  }

  func bytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }
  var version: Int { ((try? bytes()).map { Int($0[8]) << 8 | Int($0[9]) }) ?? -1 }

  /// Whether `otter list` opens the vault with no password source at all.
  func opensWithoutPassword(_ extra: [String] = []) throws -> (opened: Bool, error: String) {
    let listed = try run(["list"] + extra)
    return (listed.status == 0 && listed.output.contains("Bank"), listed.error)
  }
}

@Suite("Key slots through the real binary: the keyring (GNOME Keyring) and the ssh-agent (OpenSSH)", .serialized)
struct SlotCommandTests {
  @Test(
    "a keyring slot opens the vault with no password; list and JSON name it; remove deletes its item; the last password slot stays"
  )
  func keyringSlot() throws {
    let keyring = RealKeyring.shared
    let vault = try SlotVault(bus: keyring.address)
    defer { vault.folder.remove() }
    #expect(try !vault.opensWithoutPassword().opened)
    let added = try vault.run(["slot", "add", "--keyring"] + vault.password)
    #expect(added.status == 0, "\(added.error)")
    #expect(vault.version == 4)
    let slots = try vault.slots()
    #expect(slots.map { $0["kind"] as? String } == ["password", "keyring"])
    let id = try #require(slots[1]["id"] as? String)
    let vaultID = try #require((slots[1]["boundTo"] as? String)?.split(separator: "=")[1].split(separator: " ").first)
    #expect((slots[1]["added"] as? String)?.hasSuffix("Z") == true)
    #expect(slots[0]["added"] is NSNull)
    // The item is a real keyring item: secret-tool finds it by the vault and slot ids.
    let item = shell("DBUS_SESSION_BUS_ADDRESS='\(keyring.address)' secret-tool lookup vault \(vaultID) slot \(id)")
    #expect(item.output.count == 64)
    let table = try vault.run(["slot", "list"] + vault.password)
    #expect(table.output.contains("\(id)  keyring   keyring item org.otter.VaultKey vault=\(vaultID) slot=\(id)"))
    // Opened through the keyring alone; --slot keyring too; --slot password asks a password.
    #expect(try vault.opensWithoutPassword().opened)
    #expect(try vault.opensWithoutPassword(["--slot", "keyring"]).opened)
    let passwordOnly = try vault.run(["list", "--slot", "password"])
    #expect(passwordOnly.status == 64 && passwordOnly.error.contains("no terminal"))
    // Writing commands unlock the same way.
    let renamed = try vault.run(["rename", "Bank", "--name", "bob"])
    #expect(renamed.status == 0, "\(renamed.error)")
    // The last password slot cannot go; the file stays as it was.
    let before = try vault.bytes()
    let passwordID = try #require(slots[0]["id"] as? String)
    let refused = try vault.run(["slot", "remove", passwordID])
    #expect(refused.status == 65 && refused.error.contains("last password slot"))
    #expect(try vault.bytes() == before)
    let removed = try vault.run(["slot", "remove", id])
    #expect(removed.status == 0, "\(removed.error)")
    #expect(vault.version == 3)
    #expect(shell("DBUS_SESSION_BUS_ADDRESS='\(keyring.address)' secret-tool lookup vault \(vaultID) slot \(id)").output.isEmpty)
    #expect(try !vault.opensWithoutPassword().opened)
  }

  @Test(
    "no keyring route: a deleted item, no Secret Service, no session bus: the password opens it, and the error names the slot")
  func keyringFallbacks() throws {
    let keyring = RealKeyring.shared
    let vault = try SlotVault(bus: keyring.address)
    defer { vault.folder.remove() }
    #expect(try vault.run(["slot", "add", "--keyring"] + vault.password).status == 0)
    let id = try #require(try vault.slots()[1]["id"] as? String)
    let nobody = vault.folder.file("no-bus")
    for (case_, extra) in [
      ("no service", ["DBUS_SESSION_BUS_ADDRESS": "unix:path=\(nobody)"]),
      ("no bus", ["DBUS_SESSION_BUS_ADDRESS": ""]),
    ] {
      let failed = try vault.run(["list"], environment: extra)
      #expect(failed.status == 64, "\(case_)")
      #expect(failed.error.contains("the keyring slot \(id)"), "\(case_): \(failed.error)")
      let opened = try vault.run(["list"] + vault.password, environment: extra)
      #expect(opened.status == 0 && opened.output.contains("Bank"), "\(case_): \(opened.error)")
    }
    #expect(
      shell("DBUS_SESSION_BUS_ADDRESS='\(keyring.address)' secret-tool clear xdg:schema org.otter.VaultKey slot \(id)").status
        == 0)
    let deleted = try vault.run(["list"])
    #expect(deleted.status == 64 && deleted.error.contains("the keyring slot \(id): the keyring gave no key"))
    #expect(try vault.run(["list"] + vault.password).status == 0)
    let forced = try vault.run(["list", "--slot", "keyring"] + vault.password)
    #expect(forced.status == 77 && forced.error.contains("no keyring slot opened"))
  }

  @Test("a locked keyring is passed over for the password")
  func lockedKeyring() throws {
    let keyring = RealKeyring.separate()
    defer { keyring.stop() }
    let vault = try SlotVault(bus: keyring.address)
    defer { vault.folder.remove() }
    #expect(try vault.run(["slot", "add", "--keyring"] + vault.password).status == 0)
    #expect(try vault.opensWithoutPassword().opened)
    #expect(keyring.lock())
    let locked = try vault.run(["list"])
    #expect(locked.status == 64 && locked.error.contains("keyring slot"), "\(locked.error)")
    #expect(try vault.run(["list"] + vault.password).status == 0)
  }

  @Test("passwd re-wraps the keyring slot around the new key: the keyring still opens it, the old password does not")
  func passwdKeepsKeyring() throws {
    let keyring = RealKeyring.shared
    let vault = try SlotVault(bus: keyring.address)
    defer { vault.folder.remove() }
    #expect(try vault.run(["slot", "add", "--keyring"] + vault.password).status == 0)
    let id = try vault.slots()[1]["id"] as? String
    let changed = try vault.run(["passwd"] + vault.password + ["--new-password-file", vault.folder.file("pw2")])
    #expect(changed.status == 0 && !changed.error.contains("removed"), "\(changed.error)")
    #expect(try vault.opensWithoutPassword().opened)
    #expect(try vault.run(["list", "--slot", "password"] + vault.password).status == 77)
    let listed = try vault.run(["slot", "list", "--json", "--password-file", vault.folder.file("pw2")])
    #expect(listed.output.contains("\"id\":\"\(id ?? "-")\""))
  }

  @Test("a changed slot is refused by the whole-file check, whichever route opens it")
  func changedSlotRefused() throws {
    let keyring = RealKeyring.shared
    let vault = try SlotVault(bus: keyring.address)
    defer { vault.folder.remove() }
    #expect(try vault.run(["slot", "add", "--keyring"] + vault.password).status == 0)
    var bytes = [UInt8](try vault.bytes())
    // The time added, one digit up: the same length, still well formed.
    let text = Array("\"added\":".utf8)
    let at = try #require((0..<(bytes.count - text.count)).first { Array(bytes[$0..<($0 + text.count)]) == text })
    bytes[at + text.count + 9] =
      bytes[at + text.count + 9] == UInt8(ascii: "9") ? UInt8(ascii: "8") : bytes[at + text.count + 9] + 1
    try Data(bytes).write(to: URL(fileURLWithPath: vault.path))
    let withPassword = try vault.run(["list"] + vault.password)
    #expect(withPassword.status == 65 && withPassword.error.contains("altered"), "\(withPassword.error)")
    let withKeyring = try vault.run(["list"])
    #expect(withKeyring.status != 0)
  }

  @Test("ssh-agent: Ed25519 and RSA slots each open alone; another key does not; a restarted agent with the key re-added does")
  func sshKeySlots() throws {
    var agent = try RealSSHAgent()
    let ed25519 = try agent.add("ed25519", name: "ed")
    let rsa = try agent.add("rsa", name: "rsa")
    let vault = try SlotVault(agent: agent.socket)
    defer { vault.folder.remove() }
    for fingerprint in [ed25519, rsa] {
      let added = try vault.run(["slot", "add", "--ssh-key", fingerprint] + vault.password)
      #expect(added.status == 0, "\(added.error)")
    }
    let slots = try vault.slots()
    #expect(slots.map { $0["kind"] as? String } == ["password", "ssh-key", "ssh-key"])
    #expect((slots[1]["boundTo"] as? String) == "ssh-ed25519 \(ed25519)")
    #expect((slots[2]["boundTo"] as? String) == "ssh-rsa \(rsa)")
    for (keep, drop) in [("ed", "rsa"), ("rsa", "ed")] {
      agent.removeAll()
      #expect(agent.load(agent.folder.file(keep)))
      #expect(try vault.opensWithoutPassword(["--slot", "ssh-key"]).opened, "only \(drop) gone")
    }
    // Another key only: nothing opens, and the error names both slots' keys.
    agent.removeAll()
    try agent.add("ed25519", name: "other")
    let other = try vault.run(["list"])
    #expect(other.status == 64)
    #expect(other.error.contains("\(ed25519) is not loaded") && other.error.contains("\(rsa) is not loaded"), "\(other.error)")
    // No agent at all.
    let none = try vault.run(["list"], environment: ["SSH_AUTH_SOCK": ""])
    #expect(none.status == 64 && none.error.contains("no ssh-agent"))
    // The agent restarted (a new socket, a new process), the key re-added from its file.
    try FileManager.default.copyItem(atPath: agent.folder.file("ed"), toPath: vault.folder.file("ed"))
    agent = try RealSSHAgent()
    #expect(agent.load(vault.folder.file("ed")))
    #expect(try vault.opensWithoutPassword().opened == false)  // still the old socket in the vault's environment
    #expect(try vault.run(["list"], environment: ["SSH_AUTH_SOCK": agent.socket]).status == 0)
  }

  @Test("an ECDSA key is refused at slot add with the reason; the vault is not changed")
  func ecdsaRefused() throws {
    let agent = try RealSSHAgent()
    let ecdsa = try agent.add("ecdsa", name: "ec")
    let vault = try SlotVault(agent: agent.socket)
    defer { vault.folder.remove() }
    let before = try vault.bytes()
    let refused = try vault.run(["slot", "add", "--ssh-key", ecdsa] + vault.password)
    #expect(refused.status == 65 && refused.error.contains("ECDSA") && refused.error.contains("different every time"))
    let missing = try vault.run(["slot", "add", "--ssh-key", "SHA256:nothere"] + vault.password)
    #expect(missing.status == 66 && missing.error.contains("ssh-add -l"))
    #expect(try vault.bytes() == before)
  }

  @Test(
    "passwd with one of two keys loaded: that slot is re-wrapped, the other dropped and named with the command to add it again")
  func passwdDropsUnavailable() throws {
    let agent = try RealSSHAgent()
    let ed25519 = try agent.add("ed25519", name: "ed")
    let rsa = try agent.add("rsa", name: "rsa")
    let vault = try SlotVault(agent: agent.socket)
    defer { vault.folder.remove() }
    for fingerprint in [ed25519, rsa] {
      #expect(try vault.run(["slot", "add", "--ssh-key", fingerprint] + vault.password).status == 0)
    }
    agent.removeAll()
    #expect(agent.load(agent.folder.file("ed")))
    let changed = try vault.run(["passwd"] + vault.password + ["--new-password-file", vault.folder.file("pw2")])
    #expect(changed.status == 0, "\(changed.error)")
    #expect(changed.error.contains("was removed") && changed.error.contains("otter slot add --ssh-key \(rsa)"))
    #expect(!changed.error.contains(ed25519))
    #expect(try vault.opensWithoutPassword().opened)
    let listed = try vault.run(["slot", "list", "--password-file", vault.folder.file("pw2")])
    #expect(listed.output.contains(ed25519) && !listed.output.contains(rsa))
    // The RSA key loaded again opens nothing: its slot is gone.
    agent.removeAll()
    #expect(agent.load(agent.folder.file("rsa")))
    #expect(try !vault.opensWithoutPassword().opened)
  }

  @Test(
    "the viewer and otter unlock open through a slot: the viewer shows the accounts with no password, the agent takes the key")
  func viewerAndUnlock() throws {
    let agent = try RealSSHAgent()
    let ed25519 = try agent.add("ed25519", name: "ed")
    let vault = try SlotVault(agent: agent.socket)
    defer { vault.folder.remove() }
    #expect(try vault.run(["slot", "add", "--ssh-key", ed25519] + vault.password).status == 0)
    let command =
      "env -i PATH=/usr/bin:/bin HOME='\(vault.folder.path)' SSH_AUTH_SOCK='\(agent.socket)' LANG=C.UTF-8 "
      + "TERM=tmux-256color '\(otterPath)' --vault '\(vault.path)'; sleep 600"
    let session = TmuxSession(command: command)
    defer { session.kill() }
    let screen = session.wait(for: "alice")
    #expect(screen.contains("alice") && !screen.contains("Password:"), "\(screen)")
    // otter unlock through the slot: the agent then holds the key, and the ssh key can go.
    let runtime = vault.folder.file("run")
    try FileManager.default.createDirectory(
      atPath: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let unlocked = try vault.run(["unlock"], environment: ["XDG_RUNTIME_DIR": runtime])
    #expect(unlocked.status == 0, "\(unlocked.error)")
    defer { _ = try? vault.run(["lock", "--all"], environment: ["XDG_RUNTIME_DIR": runtime]) }
    agent.removeAll()
    #expect(try vault.run(["list"], environment: ["XDG_RUNTIME_DIR": runtime]).status == 0)
  }
}
