import Foundation
import TestSupport
import Testing

/// A test vault whose commands find their agent in a runtime folder of the test's own, so no
/// agent of the machine (or of another test) is ever asked.
struct AgentVault {
  let vault: TestVault
  let runtime: String

  init(runtime: String? = nil, password: String = "correct horse") throws {
    vault = try TestVault(password: password)
    self.runtime = runtime ?? vault.folder.file("run")
    try FileManager.default.createDirectory(
      atPath: self.runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    #expect(try vault.run(["add"], input: "otpauth://totp/ACME:alice?secret=\(rfcSecret)&issuer=ACME\n").status == 0)
  }

  var environment: [String: String] { vault.environment.merging(["XDG_RUNTIME_DIR": runtime]) { $1 } }
  var socket: String { runtime + "/otter/agent.sock" }

  /// Runs otter with the vault's path and the password file.
  func run(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String, error: String) {
    try otter(Array(arguments.prefix(1)) + vault.common + Array(arguments.dropFirst()), input: input, environment: environment)
  }

  /// Runs otter with the vault's path and no password source at all.
  func runWithoutPassword(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String, error: String) {
    try otter(
      Array(arguments.prefix(1)) + ["--vault", vault.path] + Array(arguments.dropFirst()), input: input, environment: environment)
  }

  /// The pid of the agent that answers, from `otter agent status`.
  func agentPID() throws -> Int32? {
    let status = try otter(["agent", "status"], environment: environment)
    guard let line = status.output.split(separator: "\n").first, line.hasPrefix("agent ") else { return nil }
    return Int32(line.split(separator: " ")[1])
  }

  /// Makes every agent of this runtime folder forget and exit, and waits until it is gone.
  func stopAgent() {
    let pid = try? agentPID()
    _ = try? otter(["lock", "--all"], environment: environment)
    if let pid { #expect(waitUntilGone(pid), "agent \(pid) did not exit") }
  }
}

/// Waits up to `seconds` for process `pid` to end (a zombie counts as ended).
func waitUntilGone(_ pid: Int32, seconds: Double = 5) -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  repeat {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    if let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z" { return true }
    usleep(20_000)
  } while Date() < deadline
  return false
}

/// utime + stime of `pid` in clock ticks, from /proc/PID/stat.
func cpuTicks(_ pid: Int32) throws -> Int {
  let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
  let close = try #require(stat.lastIndex(of: ")"))
  let fields = stat[stat.index(after: close)...].split(separator: " ")
  return try #require(Int(fields[11])) + #require(Int(fields[12]))
}

/// A line of /proc/PID/status, such as "VmLck".
func procStatus(_ pid: Int32, _ key: String) throws -> String {
  let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
  let line = status.split(separator: "\n").first { $0.hasPrefix(key + ":") } ?? ""
  return line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
}

/// A copy of the built `otter` that the user nobody can run: the checkout may sit in a private
/// folder (0700, or Ubuntu's 0750 home folders) that nobody cannot enter.
let otterForNobody: String = {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otter-for-nobody-\(UUID().uuidString)").path
  let copied = shell("mkdir -m 755 '\(folder)' && cp '\(otterPath)' '\(folder)/otter' && chmod 755 '\(folder)/otter' && echo ok")
  return copied.output == "ok\n" ? folder + "/otter" : otterPath
}()

/// `command` run as the user nobody (65534), through setpriv (sudo first when not root).
func asNobody(_ command: [String]) throws -> (status: Int32, output: String, error: String) {
  let sudo = getuid() == 0 ? [] : ["/usr/bin/sudo", "-n"]
  let all = sudo + ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
  return try runProgram(all[0], Array(all.dropFirst()))
}

@Suite("The agent: unlock once", .serialized)
struct AgentTests {
  @Test("after otter unlock, list, code, qr, add and the export need no password source at all; otter lock ends that")
  func unlockThenNoPassword() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    let withoutAgent = try agent.runWithoutPassword(["list"])
    #expect(withoutAgent.status != 0)
    #expect(withoutAgent.error.contains("--password-file"))

    let unlocked = try agent.run(["unlock", "--for", "10m"])
    #expect(unlocked.status == 0, "\(unlocked.error)")
    #expect(unlocked.output == "unlocked \(agent.vault.path) for 10 min\n")

    let list = try agent.runWithoutPassword(["list"])
    #expect(list.status == 0, "\(list.error)")
    #expect(list.output.contains("ACME"))
    let code = try agent.runWithoutPassword(["code", "acme", "--at", "59"])
    #expect(code.status == 0, "\(code.error)")
    #expect(code.output == "287082\n")
    let added = try agent.runWithoutPassword(["add"], input: "otpauth://totp/Bank:bob?secret=JBSWY3DPEHPK3PXP\n")
    #expect(added.status == 0, "\(added.error)")
    // The add was written with the agent's key: a fresh unlock with the password sees it.
    #expect(try agent.run(["list"]).output.contains("Bank"))
    #expect(try agent.runWithoutPassword(["qr", "bank", "--print"]).status == 0)
    let exported = try agent.runWithoutPassword(["export", "--format", "uri"])
    #expect(exported.status == 0, "\(exported.error)")
    #expect(exported.output.contains("secret=JBSWY3DPEHPK3PXP"))

    let status = try otter(["agent", "status"], environment: agent.environment)
    #expect(status.output.contains("\(agent.vault.path): unlocked for "))
    #expect(status.output.contains(" more\n"))

    // The folder and the socket are the user's alone.
    #expect(try agent.vault.mode(agent.runtime + "/otter") == 0o700)
    #expect(try agent.vault.mode(agent.socket) == 0o600)

    let pid = try #require(try agent.agentPID())
    let locked = try otter(["lock", "--vault", agent.vault.path], environment: agent.environment)
    #expect(locked.output == "locked \(agent.vault.path)\n")
    #expect(waitUntilGone(pid), "an agent that holds no key exits")
    #expect(!FileManager.default.fileExists(atPath: agent.socket), "the agent removes its socket")
    #expect(try agent.runWithoutPassword(["list"]).status != 0)
  }

  @Test("a wrong password starts no agent and exits 77")
  func wrongPassword() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    try agent.vault.folder.write("wrong", "not the password\n")
    let result = try otter(
      ["unlock", "--vault", agent.vault.path, "--password-file", agent.vault.folder.file("wrong")], environment: agent.environment
    )
    #expect(result.status == 77)
    #expect(try agent.agentPID() == nil)
  }

  @Test("--for 2s: the key is wiped when the time is up, and the agent exits")
  func expiry() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    #expect(try agent.run(["unlock", "--for", "2s"]).status == 0)
    #expect(try agent.runWithoutPassword(["list"]).status == 0)
    let pid = try #require(try agent.agentPID())
    #expect(waitUntilGone(pid, seconds: 6), "the agent exits once its only key expired")
    #expect(try agent.runWithoutPassword(["list"]).status != 0)
  }

  @Test("the agent holds the key in locked memory, cannot be dumped, and uses no CPU while idle")
  func agentProcess() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    #expect(try agent.run(["unlock", "--for", "0"]).status == 0)
    let pid = try #require(try agent.agentPID())
    #expect(try procStatus(pid, "VmLck") != "0 kB", "mlock")
    let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
    let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") } ?? ""
    #expect(core.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).first == "0", "\(core)")
    #expect(try otter(["agent", "status"], environment: agent.environment).output.contains("until otter lock"))
    let before = try cpuTicks(pid)
    sleep(3)
    #expect(try cpuTicks(pid) == before, "an idle agent sleeps in poll")
  }

  @Test("the agent cannot be traced or read through /proc by its own user (PR_SET_DUMPABLE 0)")
  func notDumpable() throws {
    // Run as nobody, so that root's view differs from the owner's: a process that is not
    // dumpable has its /proc files owned by root, however it runs.
    let folder = try TemporaryFolder()
    defer {
      _ = try? asNobody(["/usr/bin/env", "-i", "XDG_RUNTIME_DIR=\(folder.path)/run", otterForNobody, "lock", "--all"]);
      _ = shell("rm -rf '\(folder.path)'")
    }
    try folder.write("pw", "correct horse\n", mode: 0o644)
    let sudo = getuid() == 0 ? "" : "sudo -n "
    #expect(shell("\(sudo)chown 65534:65534 '\(folder.path)' && echo ok").output == "ok\n")
    let environment = ["/usr/bin/env", "-i", "HOME=\(folder.path)", "XDG_RUNTIME_DIR=\(folder.path)/run", "PATH=/usr/bin:/bin"]
    let common = ["--vault", folder.file("vault.otter"), "--password-file", folder.file("pw")]
    #expect(try asNobody(environment + [otterForNobody, "init", "--kdf-log-n", "14"] + common).status == 0)
    let unlocked = try asNobody(environment + [otterForNobody, "unlock"] + common)
    #expect(unlocked.status == 0, "\(unlocked.error)")
    let status = try asNobody(environment + [otterForNobody, "agent", "status"]).output
    let pid = try #require(status.split(separator: "\n").first.flatMap { Int32($0.split(separator: " ")[1]) }, "\(status)")
    #expect(try procStatus(pid, "Uid").hasPrefix("65534"))
    let owner = try FileManager.default.attributesOfItem(atPath: "/proc/\(pid)/environ")[.ownerAccountID] as? NSNumber
    #expect(owner?.intValue == 0, "a dumpable process's /proc files belong to its user")
    // An ordinary process of nobody, for contrast: its files are its own.
    let sleeper = shell(
      "\(sudo)setpriv --reuid=65534 --regid=65534 --clear-groups /bin/sh -c 'sleep 3 >/dev/null 2>&1 & echo $!'"
    )
    .output.trimmingCharacters(in: .whitespacesAndNewlines)
    let ordinary = try FileManager.default.attributesOfItem(atPath: "/proc/\(sleeper)/environ")[.ownerAccountID] as? NSNumber
    #expect(ordinary?.intValue == 65534)
  }

  @Test("another user cannot get a key even through a socket it can reach (SO_PEERCRED)")
  func otherUserRefused() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    #expect(try agent.run(["unlock", "--for", "5m"]).status == 0)
    let idHex = try #require(vaultIDHex(agent.vault.path))
    // The ask for the key, in the agent's wire format (operation 2, length 16, the id).
    let client = """
      import socket, sys
      s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
      s.sendall(bytes([2, 0, 0, 0, 16]) + bytes.fromhex(sys.argv[2]))
      reply = s.recv(100); print(reply[0], len(reply))
      """
    try agent.vault.folder.write("client.py", client, mode: 0o644)
    let script = agent.vault.folder.file("client.py")
    // Folder modes keep nobody out first of all.
    let shut = try asNobody(["/usr/bin/python3", script, agent.socket, idHex])
    #expect(shut.status != 0)
    #expect(shut.error.contains("Permission denied"), "\(shut.error)")
    // Opened up (as a careless chmod would), the agent still answers "refused" (status 2).
    for folder in [agent.vault.folder.path, agent.runtime, agent.runtime + "/otter"] { chmod(folder, 0o755) }
    chmod(agent.socket, 0o666)
    let refused = try asNobody(["/usr/bin/python3", script, agent.socket, idHex])
    #expect(refused.status == 0, "\(refused.error)")
    #expect(refused.output == "2 5\n")
    // The same request from the owner gets the key (status 0, 32 bytes): the request was right.
    let owner = try runProgram("/usr/bin/python3", [script, agent.socket, idHex])
    #expect(owner.output == "0 37\n")
  }

  @Test("a socket another user made is never handed a key (the runtime folder is checked, and the peer)")
  func foreignSocketRefused() throws {
    let agent = try AgentVault()
    defer { agent.vault.folder.remove() }
    // As in a shared /tmp: a world-writable folder where someone else made "otter" first.
    let foreign = agent.vault.folder.file("shared")
    try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
    chmod(agent.vault.folder.path, 0o711)
    chmod(foreign, 0o1777)
    let server = """
      import socket, sys, os
      os.mkdir(os.path.dirname(sys.argv[1]), 0o755)
      s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777); s.listen(5)
      open(sys.argv[2], "w").close()
      s.settimeout(3)
      got = 0
      try:
          while True:
              c, _ = s.accept(); c.settimeout(1)
              try:
                  while True:
                      d = c.recv(4096)
                      if not d: break
                      got += len(d)
              except Exception: pass
              open(sys.argv[2], "w").write(str(got))
      except Exception: pass
      """
    try agent.vault.folder.write("server.py", server, mode: 0o644)
    let ready = foreign + "/ready"
    let listening = DispatchQueue.global()
    let done = DispatchSemaphore(value: 0)
    let serverScript = agent.vault.folder.file("server.py")
    let socket = foreign + "/otter/agent.sock"
    listening.async {
      _ = try? asNobody(["/usr/bin/python3", serverScript, socket, ready])
      done.signal()
    }
    for _ in 0..<200 where !FileManager.default.fileExists(atPath: ready) { usleep(20_000) }
    #expect(FileManager.default.fileExists(atPath: ready), "nobody's server is listening")
    let evil = try otter(
      ["unlock"] + agent.vault.common, environment: agent.vault.environment.merging(["XDG_RUNTIME_DIR": foreign]) { $1 })
    #expect(evil.status == 65)
    #expect(evil.error.contains("refusing the agent folder"), "\(evil.error)")
    // And a client that does reach it sends nothing once the peer is not its own user.
    let list = try otter(
      ["list", "--vault", agent.vault.path], environment: agent.vault.environment.merging(["XDG_RUNTIME_DIR": foreign]) { $1 })
    #expect(list.status != 0)
    done.wait()
    let received = (try? String(contentsOfFile: ready, encoding: .utf8)) ?? ""
    #expect(received == "" || received == "0", "bytes sent to a foreign socket: \(received)")
  }

  @Test("an agent killed with SIGKILL: clients fall back at once, and the next unlock replaces its stale socket")
  func killedAgent() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    #expect(try agent.run(["unlock"]).status == 0)
    let pid = try #require(try agent.agentPID())
    kill(pid, SIGKILL)
    #expect(waitUntilGone(pid))
    #expect(FileManager.default.fileExists(atPath: agent.socket), "a killed agent leaves its socket behind")
    let started = Date()
    let fallback = try agent.run(["code", "acme", "--at", "59"])
    #expect(fallback.output == "287082\n", "\(fallback.error)")
    #expect(fallback.error == "")
    #expect(Date().timeIntervalSince(started) < 5)
    let none = try agent.runWithoutPassword(["list"])
    #expect(none.status != 0)
    #expect(none.error.contains("--password-file"))
    let again = try agent.run(["unlock"])
    #expect(again.status == 0, "\(again.error)")
    #expect(try agent.runWithoutPassword(["code", "acme", "--at", "59"]).output == "287082\n")
    #expect(try agent.agentPID() != pid)
  }

  @Test("passwd while unlocked asks the old password and makes the agent forget the old key")
  func passwdWhileUnlocked() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    #expect(try agent.run(["unlock"]).status == 0)
    let pid = try #require(try agent.agentPID())
    try agent.vault.folder.write("new", "a much better password\n")
    let noOld = try agent.runWithoutPassword(["passwd", "--new-password-file", agent.vault.folder.file("new")])
    #expect(noOld.status != 0, "passwd never takes the agent's key instead of the old password")
    let changed = try agent.run(["passwd", "--new-password-file", agent.vault.folder.file("new")])
    #expect(changed.status == 0, "\(changed.error)")
    #expect(waitUntilGone(pid), "the agent forgot its only key and exited")
    #expect(try agent.runWithoutPassword(["list"]).status != 0)
    let fresh = try otter(
      ["list", "--vault", agent.vault.path, "--password-file", agent.vault.folder.file("new")], environment: agent.environment)
    #expect(fresh.status == 0)
  }

  @Test("two vaults unlocked at once in one agent; otter lock forgets one, lock --all both")
  func twoVaults() throws {
    let first = try AgentVault()
    let second = try AgentVault(runtime: first.runtime, password: "another password")
    defer { first.stopAgent(); first.vault.folder.remove(); second.vault.folder.remove() }
    #expect(try first.run(["unlock", "--for", "1h"]).status == 0)
    #expect(try second.run(["unlock", "--for", "0"]).status == 0)
    let status = try otter(["agent", "status"], environment: first.environment).output
    #expect(
      status.contains("\(first.vault.path): unlocked for 1 h more") || status.contains("\(first.vault.path): unlocked for 59 min")
    )
    #expect(status.contains("\(second.vault.path): unlocked until otter lock"))
    #expect(try first.runWithoutPassword(["list"]).status == 0)
    #expect(try second.runWithoutPassword(["list"]).status == 0)
    #expect(try otter(["lock", "--vault", first.vault.path], environment: first.environment).status == 0)
    #expect(try first.runWithoutPassword(["list"]).status != 0)
    #expect(try second.runWithoutPassword(["list"]).status == 0)
    let pid = try #require(try first.agentPID())
    #expect(try otter(["lock", "--all"], environment: first.environment).output == "locked every vault\n")
    #expect(waitUntilGone(pid))
    #expect(try second.runWithoutPassword(["list"]).status != 0)
  }

  @Test("the viewer opens with the agent's key; L makes the agent forget unless --keep-agent")
  func viewer() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    for keep in [true, false] {
      #expect(try agent.run(["unlock"]).status == 0)
      let command =
        "env -i PATH=/usr/bin:/bin HOME='\(agent.vault.folder.path)' XDG_RUNTIME_DIR='\(agent.runtime)' LANG=C.UTF-8 "
        + "TERM=tmux-256color '\(otterPath)' --vault '\(agent.vault.path)' \(keep ? "--keep-agent" : ""); sleep 600"
      let session = TmuxSession(command: command)
      defer { session.kill() }
      let screen = session.wait(for: "alice")
      #expect(screen.contains("alice"), "no password asked:\n\(screen)")
      session.send("L")
      #expect(session.wait(for: "Password:").contains("Password:"))
      usleep(200_000)
      #expect(try agent.runWithoutPassword(["list"]).status == (keep ? 0 : 64))
      if !keep { #expect(session.capture().contains("the agent forgot the key too")) }
    }
  }

  @Test(
    "the viewer's idle auto-lock locks the viewer only: an otter unlock --for made outside it goes on (faketime runs its clock 60x)"
  )
  func autoLockLeavesAgent() throws {
    let agent = try AgentVault()
    defer { agent.stopAgent(); agent.vault.folder.remove() }
    #expect(try agent.run(["unlock", "--for", "8h"]).status == 0)
    let command =
      "env -i PATH=/usr/bin:/bin HOME='\(agent.vault.folder.path)' XDG_RUNTIME_DIR='\(agent.runtime)' LANG=C.UTF-8 "
      + "TERM=tmux-256color faketime -f '+0 x60' '\(otterPath)' --vault '\(agent.vault.path)' --auto-lock 1; sleep 600"
    let session = TmuxSession(command: command)
    defer { session.kill() }
    #expect(session.wait(for: "alice").contains("alice"))
    #expect(session.wait(for: "locked after 1 idle minutes", seconds: 15).contains("Password:"))
    #expect(try agent.runWithoutPassword(["list"]).status == 0)
  }
}

/// The vault id of the file at `path` as 32 hex digits, read from its header's `vault` key
/// (the header is plain JSON: no key needed).
func vaultIDHex(_ path: String) -> String? {
  guard let data = FileManager.default.contents(atPath: path) else { return nil }
  let text = String(decoding: data.prefix(4096), as: UTF8.self)
  guard let range = text.range(of: #""vault":""#) else { return nil }
  let id = text[range.upperBound...].prefix(36)
  return id.replacingOccurrences(of: "-", with: "").lowercased()
}

@Suite("Start-up: what a one-shot process loads")
struct StartupTests {
  @Test(
    "otter maps no image, X11, D-Bus, systemd, ICU or key-slot library, nor all of Foundation; the image helper has them")
  func libraries() throws {
    let otter = try runProgram("/usr/bin/ldd", [otterPath]).output
    for library in [
      "libzbar", "libpng", "libjpeg", "libX11", "libdbus", "libsystemd", "libv4l", "libicu", "libFoundation.so",
      // The key slots' libraries are opened with dlopen only when a slot needs them.
      "libsecret", "libglib", "libgio", "libtss2", "libfido2", "libcbor", "libudev",
      // So is cairo (and its fonts and pixels), for the paper backup.
      "libcairo", "libfontconfig", "libfreetype", "libpixman",
    ] {
      #expect(!otter.contains(library), "otter links \(library)")
    }
    #expect(otter.contains("libcrypto"))
    let scanner = try runProgram("/usr/bin/ldd", [builtProduct("otter-qr-scan")]).output
    #expect(scanner.contains("libzbar"))
  }

  @Test("OpenSSL starts without reading openssl.cnf or $OPENSSL_CONF")
  func noOpenSSLConfig() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // A configuration that makes OpenSSL's algorithm fetches fail when it is read: a provider
    // that does not exist, with diagnostics on.
    try folder.write(
      "openssl.cnf",
      """
      openssl_conf = openssl_init
      config_diagnostics = 1
      [openssl_init]
      providers = provider_sect
      [provider_sect]
      bogus = bogus_sect
      [bogus_sect]
      activate = 1

      """)
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/ACME:alice?secret=\(rfcSecret)\n").status == 0)
    let environment = vault.environment.merging(["OPENSSL_CONF": folder.file("openssl.cnf")]) { $1 }
    let code = try otter(["code", "acme", "--at", "59"] + vault.common, environment: environment)
    #expect(code.status == 0, "\(code.error)")
    #expect(code.output == "287082\n")
    // The same configuration breaks a program that reads it (Python's scrypt is OpenSSL's).
    let reference = try runProgram(
      "/usr/bin/python3", ["-c", "import hashlib; hashlib.scrypt(b'x', salt=b'y', n=16, r=1, p=1)"],
      environment: ["OPENSSL_CONF": folder.file("openssl.cnf"), "PATH": "/usr/bin:/bin"])
    #expect(reference.status != 0)
    #expect(reference.error.contains("unsupported"))
  }
}

@Suite("The agent locks with the session: logind and the screen saver on a private bus", .serialized)
struct AgentSessionLockTests {
  /// Whether the vault still opens with no password, within `seconds` of asking.
  func stillUnlocked(_ agent: AgentVault, environment: [String: String], after seconds: Double = 1) throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if try otter(["list", "--vault", agent.vault.path], environment: environment).status != 0 { return false }
      usleep(100_000)
    }
    return true
  }

  @Test(
    "suspend (PrepareForSleep), the session's Lock and the screen saver make the agent forget; --keep-on-suspend keeps a key over a suspend only"
  )
  func forgets() throws {
    let bus = try PrivateSystemBus()
    defer { bus.stop() }
    #expect(!bus.address.isEmpty, "dbus-daemon did not start")
    let agent = try AgentVault()
    defer {
      agent.stopAgent()
      agent.vault.folder.remove()
    }
    let environment = agent.environment.merging([
      "DBUS_SYSTEM_BUS_ADDRESS": bus.address, "DBUS_SESSION_BUS_ADDRESS": bus.address,
    ]) { $1 }
    func unlock(_ extra: [String] = []) throws {
      let unlocked = try otter(["unlock"] + extra + agent.vault.common, environment: environment)
      #expect(unlocked.status == 0, "\(unlocked.error)")
      usleep(300_000)  // the agent subscribes as it starts
    }
    for signal in ["sleep", "lock", "saver-on"] {
      try unlock()
      #expect(try stillUnlocked(agent, environment: environment, after: 0.3))
      #expect(bus.emit([signal]))
      #expect(try !stillUnlocked(agent, environment: environment), "\(signal)")
    }
    try unlock(["--keep-on-suspend"])
    #expect(bus.emit(["sleep", "wake"]))
    #expect(try stillUnlocked(agent, environment: environment, after: 1.5), "kept over a suspend")
    #expect(bus.emit(["lock"]))
    #expect(try !stillUnlocked(agent, environment: environment), "a lock still ends it")
    // The same signals from a client that is not logind change nothing.
    try unlock()
    #expect(bus.emit(["sleep", "lock"], ownName: false))
    #expect(try stillUnlocked(agent, environment: environment, after: 1.5))
  }
}
