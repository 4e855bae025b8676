import Foundation
import TestSupport
import Testing

/// Runs `command` with `/bin/sh -c` in `folder` with `environment`; fails the test on a
/// non-zero exit unless `allowFailure`.
@discardableResult
func sh(
  _ command: String, in folder: String, environment: [String: String], allowFailure: Bool = false,
  sourceLocation: SourceLocation = #_sourceLocation
) throws -> (status: Int32, output: String, error: String) {
  let result = try runProgram("/bin/sh", ["-c", "cd '\(folder)' && \(command)"], environment: environment)
  if !allowFailure {
    #expect(result.status == 0, "\(command): \(result.error)", sourceLocation: sourceLocation)
  }
  return result
}

/// Two "machines" sharing a folder through a real Syncthing pair (Tests/Reference/syncthing_pair.py),
/// each with its own state folder and, optionally, its own clock (faketime).
struct SyncthingMachines {
  let work: TemporaryFolder
  /// faketime's offset per side ("-3y"); a side not named has the real clock.
  let clocks: [String: String]

  init(clocks: [String: String] = [:]) throws {
    work = try TemporaryFolder()
    self.clocks = clocks
    _ = try pair(["start"])
    try work.write("pw", "correct horse\n")
  }

  /// Runs one command of the pair's script; fails the test when it fails.
  func pair(_ arguments: [String]) throws -> String {
    let script = packageRoot.appendingPathComponent("Tests/Reference/syncthing_pair.py").path
    let result = try runProgram("/usr/bin/python3", [script, work.path] + arguments)
    #expect(result.status == 0, "syncthing_pair \(arguments): \(result.error)")
    return result.output
  }

  func vault(_ side: String) -> String { work.file("\(side)/data/vault.otter") }

  /// Runs otter on `side`'s vault, in a session of its own, under that side's clock.
  func run(_ side: String, _ arguments: [String], _ input: String) throws -> (status: Int32, output: String, error: String) {
    let clock = clocks[side].map { ["/usr/bin/faketime", "-f", $0] } ?? []
    let command =
      clock + [otterPath] + Array(arguments.prefix(1)) + ["--vault", vault(side), "--password-file", work.file("pw")]
      + Array(arguments.dropFirst())
    return try runProgram(
      "/usr/bin/setsid", ["--wait"] + command, input: input,
      environment: [
        "PATH": "/usr/bin:/bin", "HOME": work.path, "XDG_STATE_HOME": work.file("state-\(side)"),
        "XDG_RUNTIME_DIR": "/nonexistent",
      ])
  }

  func stop() {
    _ = try? pair(["stop"])
    work.remove()
  }
}

@Suite("Several machines: git and Syncthing", .serialized)
struct ManyMachinesTests {
  /// Two clones of a dotfiles repository holding the vault, each on its own "machine" (its
  /// own state folder), the merge driver configured in both.
  struct GitMachines {
    let folder: TemporaryFolder
    var environment: [String: String] {
      [
        "PATH": "/usr/bin:/bin", "HOME": folder.path, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid", "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "XDG_RUNTIME_DIR": folder.file("run"),
      ]
    }
    func machine(_ name: String) -> [String: String] {
      environment.merging(["XDG_STATE_HOME": folder.file("state-\(name)")]) { $1 }
    }

    /// With `driverPassword`, the driver is given the password file; else it relies on the agent.
    init(driverPassword: Bool, placeholders: String = "%O %A %B", driverOptions: String = "") throws {
      folder = try TemporaryFolder()
      try FileManager.default.createDirectory(
        atPath: folder.file("run"), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      try folder.write("pw", "correct horse\n")
      let env = environment
      try sh("git init -q --bare origin.git && git clone -q origin.git laptop 2>/dev/null", in: folder.path, environment: env)
      let laptop = folder.file("laptop")
      try folder.write("laptop/.gitattributes", "*.otter merge=otter\n", mode: 0o644)
      try folder.write("laptop/.gitignore", "*.lock\n*.bak\n.*.tmp-*\n", mode: 0o644)
      let created = try otter(
        ["init", "--vault", laptop + "/vault.otter", "--password-file", folder.file("pw"), "--kdf-log-n", "14"],
        environment: machine("laptop"))
      #expect(created.status == 0, "\(created.error)")
      #expect(
        try otter(
          ["add", "--vault", laptop + "/vault.otter", "--password-file", folder.file("pw")], input: vpnURI + "\n" + oldURI + "\n",
          environment: machine("laptop")
        ).status == 0)
      try sh(
        "git add -A && git commit -q -m vault && git push -q origin HEAD 2>/dev/null && cd .. && git clone -q origin.git desktop 2>/dev/null",
        in: laptop, environment: env)
      let arguments = (driverPassword ? "--password-file '\(folder.file("pw"))' " : "") + driverOptions
      for clone in ["laptop", "desktop"] {
        try sh(
          "git config merge.otter.name 'Otter vault' && git config merge.otter.driver \"'\(otterPath)' merge-driver \(arguments)\(placeholders)\"",
          in: folder.file(clone), environment: env)
      }
    }

    func otterOn(_ clone: String, _ arguments: [String], input: String = "", password: Bool = true) throws -> (
      status: Int32, output: String, error: String
    ) {
      let source = password ? ["--password-file", folder.file("pw")] : []
      return try otter(
        Array(arguments.prefix(1)) + ["--vault", folder.file("\(clone)/vault.otter")] + source + Array(arguments.dropFirst()),
        input: input, environment: machine(clone))
    }

    /// Runs otter on `clone`'s vault with the password file `password`.
    func otterWith(_ password: String, on clone: String, _ arguments: [String], input: String = "") throws -> (
      status: Int32, output: String, error: String
    ) {
      try TestSupport.otter(
        Array(arguments.prefix(1)) + ["--vault", folder.file("\(clone)/vault.otter"), "--password-file", password]
          + Array(arguments.dropFirst()), input: input, environment: machine(clone))
    }

    func accounts(_ clone: String) throws -> [String] {
      let listed = try otterOn(clone, ["list", "--json"])
      let rows = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]] ?? []
      return rows.map { row in
        let issuer = row["issuer"] as? String ?? "?"
        return (row["type"] as? String) == "hotp" ? "\(issuer)#\(row["counter"] as? Int ?? -1)" : issuer
      }.sorted()
    }

    /// Changes both clones differently, pushes the laptop's, and pulls it into the desktop.
    func divergeAndPull(desktopPassword: Bool = true) throws -> (status: Int32, output: String, error: String) {
      #expect(try otterOn("laptop", ["add"], input: laptopURI + "\n").status == 0)
      #expect(try otterOn("laptop", ["code", "vpn"]).status == 0)
      try sh(
        "git commit -q -am laptop && git push -q origin HEAD 2>/dev/null", in: folder.file("laptop"), environment: environment)
      #expect(try otterOn("desktop", ["add"], input: desktopURI + "\n", password: desktopPassword).status == 0)
      #expect(try otterOn("desktop", ["rm", "old", "--yes"], password: desktopPassword).status == 0)
      try sh("git commit -q -am desktop", in: folder.file("desktop"), environment: environment)
      return try sh(
        "git pull -q --no-rebase --no-edit origin HEAD", in: folder.file("desktop"), environment: machine("desktop"),
        allowFailure: true)
    }
  }

  @Test("git: two clones change the vault on two branches; git pull with the merge driver gives the union, a clean tree")
  func gitMerge() throws {
    let machines = try GitMachines(driverPassword: true)
    defer { machines.folder.remove() }
    let pulled = try machines.divergeAndPull()
    #expect(pulled.status == 0, "\(pulled.error)")
    #expect(pulled.error.contains("otter: merged "), "the driver reports: \(pulled.error)")
    #expect(try machines.accounts("desktop") == ["Desktop", "Laptop", "VPN#6"])
    let status = try sh("git status --porcelain", in: machines.folder.file("desktop"), environment: machines.environment)
    #expect(status.output == "", "a clean working tree")
    let log = try sh("git log --oneline | wc -l", in: machines.folder.file("desktop"), environment: machines.environment)
    #expect(log.output.trimmingCharacters(in: .whitespacesAndNewlines) == "4", "base, laptop, desktop and the merge commit")
  }

  @Test("git: the driver takes the key from the agent when no password source is configured")
  func gitMergeWithAgent() throws {
    let machines = try GitMachines(driverPassword: false)
    defer {
      _ = try? otter(["lock", "--all"], environment: machines.environment)
      machines.folder.remove()
    }
    #expect(try machines.otterOn("desktop", ["unlock"]).status == 0)
    let pulled = try machines.divergeAndPull(desktopPassword: false)
    #expect(pulled.status == 0, "\(pulled.error)")
    #expect(try machines.accounts("desktop") == ["Desktop", "Laptop", "VPN#6"])
    #expect(try sh("git status --porcelain", in: machines.folder.file("desktop"), environment: machines.environment).output == "")
  }

  @Test(
    "git: the driver's prompt names the vault (%P), never git's temporary file; a save after the merge leaves no file wider than 0600"
  )
  func gitPromptAndModes() throws {
    let machines = try GitMachines(driverPassword: false, placeholders: "%O %A %B %P")
    defer { machines.folder.remove() }
    #expect(try machines.otterOn("laptop", ["add"], input: laptopURI + "\n").status == 0)
    try sh(
      "git commit -q -am laptop && git push -q origin HEAD 2>/dev/null", in: machines.folder.file("laptop"),
      environment: machines.environment)
    #expect(try machines.otterOn("desktop", ["add"], input: desktopURI + "\n").status == 0)
    try sh("git commit -q -am desktop", in: machines.folder.file("desktop"), environment: machines.environment)
    let environment = machines.machine("desktop").map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
    let session = TmuxSession(
      command: "cd '\(machines.folder.file("desktop"))' && env -i \(environment) TERM=tmux-256color "
        + "git pull -q --no-rebase --no-edit origin HEAD; echo EXIT=$?; sleep 600", columns: 150)
    defer { session.kill() }
    let prompt = session.wait(for: "Password for")
    #expect(prompt.contains("Password for vault.otter (git merge):"), "\(prompt)")
    #expect(!prompt.contains(".merge_file"))
    session.send(literal: "correct horse")
    session.send("Enter")
    #expect(session.wait(for: "EXIT=").contains("EXIT=0"))
    #expect(try machines.accounts("desktop") == ["Desktop", "Laptop", "Old", "VPN#5"])
    // git checks the merged file out with its own mode; Otter's next save makes it 0600 again.
    #expect(
      try machines.otterOn("desktop", ["add", "--quiet"], input: "otpauth://totp/Later:me?secret=\(rfcSecret)&issuer=Later\n")
        .status == 0)
    let folder = machines.folder.file("desktop")
    for name in try FileManager.default.contentsOfDirectory(atPath: folder)
    where name.hasSuffix(".otter") || name.contains(".bak") || name.contains(".tmp") {
      let mode = (try FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.posixPermissions] as? NSNumber)?.intValue
      #expect(mode == 0o600, "\(name) is \(String(mode ?? -1, radix: 8))")
    }
  }

  @Test("git: the other branch ran otter passwd; the merge commit opens with the new password only, accounts of both sides in it")
  func gitMergeAfterPasswd() throws {
    let machines = try GitMachines(driverPassword: true, driverOptions: "--source-password-file NEW ")
    defer { machines.folder.remove() }
    try machines.folder.write("new", "the laptop's new password\n")
    for clone in ["laptop", "desktop"] {
      let config = try sh("git config merge.otter.driver", in: machines.folder.file(clone), environment: machines.environment)
      let driver = config.output.trimmingCharacters(in: .whitespacesAndNewlines)
        .replacingOccurrences(of: "NEW", with: "'\(machines.folder.file("new"))'")
      try sh("git config merge.otter.driver \"\(driver)\"", in: machines.folder.file(clone), environment: machines.environment)
    }
    #expect(try machines.otterOn("laptop", ["passwd", "--new-password-file", machines.folder.file("new")]).status == 0)
    let laptopAdd = try machines.otterWith(
      machines.folder.file("new"), on: "laptop", ["add", "--quiet"], input: laptopURI + "\n")
    #expect(laptopAdd.status == 0)
    try sh(
      "git commit -q -am laptop && git push -q origin HEAD 2>/dev/null", in: machines.folder.file("laptop"),
      environment: machines.environment)
    #expect(try machines.otterOn("desktop", ["add", "--quiet"], input: desktopURI + "\n").status == 0)
    try sh("git commit -q -am desktop", in: machines.folder.file("desktop"), environment: machines.environment)
    let pulled = try sh(
      "git pull -q --no-rebase --no-edit origin HEAD", in: machines.folder.file("desktop"),
      environment: machines.machine("desktop"),
      allowFailure: true)
    #expect(pulled.status == 0, "\(pulled.error)")
    #expect(pulled.error.contains("use that password from now on"), "\(pulled.error)")
    #expect(try machines.otterOn("desktop", ["list"]).status == 77, "the merge commit still opens with the old password")
    let listed = try machines.otterWith(machines.folder.file("new"), on: "desktop", ["list", "--json"])
    #expect(listed.status == 0, "\(listed.error)")
    for issuer in ["Desktop", "Laptop", "Old", "VPN"] { #expect(listed.output.contains(#""issuer":"\#(issuer)""#)) }
  }

  @Test("git: sides of different vaults stop the merge with a conflict and a reason")
  func gitDifferentVaults() throws {
    let machines = try GitMachines(driverPassword: true)
    defer { machines.folder.remove() }
    let desktop = machines.folder.file("desktop")
    // The laptop replaces the vault with a new one (another id).
    let laptop = machines.folder.file("laptop")
    try FileManager.default.removeItem(atPath: laptop + "/vault.otter")
    #expect(
      try otter(
        ["init", "--vault", laptop + "/vault.otter", "--password-file", machines.folder.file("pw"), "--kdf-log-n", "14"],
        environment: machines.machine("laptop")
      ).status == 0)
    try sh("git commit -q -am new && git push -q origin HEAD 2>/dev/null", in: laptop, environment: machines.environment)
    #expect(try machines.otterOn("desktop", ["add"], input: desktopURI + "\n").status == 0)
    try sh("git commit -q -am desktop", in: desktop, environment: machines.environment)
    let pulled = try sh(
      "git pull -q --no-rebase --no-edit origin HEAD", in: desktop, environment: machines.environment, allowFailure: true)
    #expect(pulled.status != 0)
    #expect(pulled.error.contains("different vaults"), "\(pulled.error)")
  }

  @Test("Syncthing: a real pair, paused, both sides change the vault; otter merge --conflicts; both end with the union")
  func syncthing() throws {
    let machines = try SyncthingMachines()
    defer { machines.stop() }
    let (pair, run, vault) = (machines.pair, machines.run, machines.vault)
    #expect(try run("a", ["init", "--kdf-log-n", "14"], "").status == 0)
    #expect(try run("a", ["add"], vpnURI + "\n" + oldURI + "\n").status == 0)
    _ = try pair(["wait-for", "vault.otter"])
    _ = try pair(["settle"])

    _ = try pair(["pause"])
    #expect(try run("a", ["add"], laptopURI + "\n").status == 0)
    #expect(try run("a", ["code", "vpn"], "").status == 0)
    #expect(try run("b", ["add"], desktopURI + "\n").status == 0)
    #expect(try run("b", ["rm", "old", "--yes"], "").status == 0)
    _ = try pair(["scan"])
    _ = try pair(["resume"])
    let appeared = try pair(["wait-for", "vault.sync-conflict-*.otter"])
    #expect(
      appeared.range(of: #"vault\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}\.otter"#, options: .regularExpression) != nil,
      "\(appeared)")
    _ = try pair(["settle"])

    let noticed = try run("a", ["list"], "")
    #expect(noticed.error.contains("1 conflict copy beside the vault — run 'otter merge --conflicts'"), "\(noticed.error)")
    let merged = try run("a", ["merge", "--conflicts"], "")
    #expect(merged.status == 0, "\(merged.error)")
    _ = try pair(["wait-gone", "vault.sync-conflict-*"])
    _ = try pair(["settle"])
    for side in ["a", "b"] {
      let listed = try run(side, ["list", "--json"], "")
      let rows = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]] ?? []
      let accounts = rows.map { row in
        let issuer = row["issuer"] as? String ?? "?"
        return (row["type"] as? String) == "hotp" ? "\(issuer)#\(row["counter"] as? Int ?? -1)" : issuer
      }.sorted()
      #expect(accounts == ["Desktop", "Laptop", "VPN#6"], "side \(side)")
      #expect(!listed.error.contains("conflict"), "side \(side): \(listed.error)")
    }
    #expect(FileManager.default.contents(atPath: vault("a")) == FileManager.default.contents(atPath: vault("b")))
    let stopped = try pair(["stop"])
    #expect(stopped.contains(#"{"stopped": [true, true]}"#), "\(stopped)")
  }

  @Test(
    "Syncthing, clocks three years apart (faketime): an edit on the machine whose clock is behind survives; edits made apart are both kept, marked, resolved"
  )
  func syncthingClocksApart() throws {
    // Side b's clock is three years behind (a Raspberry Pi before NTP, a restored snapshot).
    let machines = try SyncthingMachines(clocks: ["b": "-3y"])
    defer { machines.stop() }
    let (pair, run) = (machines.pair, machines.run)
    #expect(try run("a", ["init", "--kdf-log-n", "14"], "").status == 0)
    let shared = "otpauth://totp/Shared:me?secret=JBSWY3DPEHPK3PXT"
    let both = "otpauth://totp/Both:me?secret=JBSWY3DPEHPK3PXU"
    #expect(try run("a", ["add", "--quiet"], [vpnURI, shared, both].joined(separator: "\n") + "\n").status == 0)
    _ = try pair(["wait-for", "vault.otter"])
    _ = try pair(["settle"])

    _ = try pair(["pause"])
    #expect(try run("a", ["add", "--quiet"], laptopURI + "\n").status == 0)
    #expect(try run("a", ["edit", "both", "--note", "edited on a"], "").status == 0)
    let behind = try run("b", ["edit", "shared", "--note", "edited on b, clock behind"], "")
    #expect(behind.status == 0, "\(behind.error)")
    #expect(try run("b", ["edit", "both", "--note", "edited on b"], "").status == 0)
    _ = try pair(["scan"])
    _ = try pair(["resume"])
    _ = try pair(["wait-for", "vault.sync-conflict-*.otter"])
    _ = try pair(["settle"])

    let merged = try run("a", ["merge", "--conflicts"], "")
    #expect(merged.status == 0, "\(merged.error)")
    #expect(
      merged.output.contains("conflict  Both: me: changed on both copies apart; both versions are kept"), "\(merged.output)")
    #expect(merged.output.contains("(the vault holds everything in it)"), "\(merged.output)")
    _ = try pair(["wait-gone", "vault.sync-conflict-*"])
    _ = try pair(["settle"])
    let listed = try run("b", ["list", "--json"], "")
    #expect(listed.output.contains(#""issuer":"Laptop""#))
    #expect(listed.error.contains("1 account was changed on two copies apart and keeps both versions"), "\(listed.error)")
    let rows = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]] ?? []
    #expect(rows.first { $0["issuer"] as? String == "Both" }?["versions"] as? Int == 2)
    let table = try run("a", ["list"], "").output
    #expect(table.contains("CONFLICT: 2 versions (otter merge --resolve)"))
    // The edit made under the clock three years behind is there (a later modified time does not win).
    let exported = try run("a", ["export", "--format", "aegis", "--yes"], "")
    #expect(exported.output.contains("edited on b, clock behind"), "the behind clock's edit was dropped")

    let shown = try run("a", ["merge", "--resolve", "both", "--keep", "1"], "")
    #expect(shown.status == 0, "\(shown.error)")
    #expect(shown.output.contains("Both: me has 2 versions, edited apart on two copies:"))
    #expect(shown.output.contains(#"note "edited on a""#) && shown.output.contains(#"note "edited on b""#), "\(shown.output)")
    _ = try pair(["settle"])
    for side in ["a", "b"] {
      let after = try run(side, ["list"], "")
      #expect(!after.output.contains("CONFLICT"), "side \(side): \(after.output)")
      #expect(!after.error.contains("both versions"), "side \(side): \(after.error)")
    }
    _ = try pair(["stop"])
  }

  @Test("git, a clock ten years ahead (faketime): its future-stamped edit and account do not undo a later edit and deletion")
  func gitFutureClock() throws {
    let machines = try GitMachines(driverPassword: true)
    defer { machines.folder.remove() }
    let future = { (arguments: [String], input: String) throws -> (status: Int32, output: String, error: String) in
      try runProgram(
        "/usr/bin/faketime",
        ["-f", "+10y", otterPath] + Array(arguments.prefix(1))
          + ["--vault", machines.folder.file("laptop/vault.otter"), "--password-file", machines.folder.file("pw")]
          + Array(arguments.dropFirst()), input: input, environment: machines.machine("laptop"))
    }
    #expect(try future(["edit", "old", "--note", "stamped ten years ahead"], "").status == 0)
    #expect(try future(["edit", "vpn", "--note", "future"], "").status == 0)
    let laptop = machines.folder.file("laptop")
    let desktop = machines.folder.file("desktop")
    try sh("git commit -q -am future && git push -q origin HEAD 2>/dev/null", in: laptop, environment: machines.environment)
    try sh("git pull -q --no-rebase --no-edit origin HEAD", in: desktop, environment: machines.machine("desktop"))
    // The desktop saw the future-stamped versions, then changed them at today's time.
    #expect(try machines.otterOn("desktop", ["edit", "old", "--note", "edited later, today"]).status == 0)
    #expect(try machines.otterOn("desktop", ["rm", "vpn", "--yes"]).status == 0)
    try sh("git commit -q -am today && git push -q origin HEAD 2>/dev/null", in: desktop, environment: machines.environment)
    #expect(try future(["add", "--quiet"], laptopURI + "\n").status == 0)
    try sh("git commit -q -am laptop", in: laptop, environment: machines.environment)
    let pulled = try sh(
      "faketime -f +10y git pull -q --no-rebase --no-edit origin HEAD", in: laptop, environment: machines.machine("laptop"),
      allowFailure: true)
    #expect(pulled.status == 0, "\(pulled.error)")
    let listed = try machines.otterOn("laptop", ["list", "--json"]).output
    #expect(listed.contains(#""issuer":"Laptop""#))
    #expect(!listed.contains(#""issuer":"VPN""#), "the deletion made after seeing the future version was undone")
    let exported = try machines.otterOn("laptop", ["export", "--format", "aegis", "--yes"]).output
    #expect(exported.contains("edited later, today"), "the later edit lost to a future time stamp")
    #expect(!exported.contains("stamped ten years ahead"))
  }

  @Test("git: one branch puts an account in a group, the other in another; the merge driver joins them, with no conflict")
  func gitMergeJoinsGroups() throws {
    let machines = try GitMachines(driverPassword: true)
    defer { machines.folder.remove() }
    let env = machines.environment
    #expect(try machines.otterOn("laptop", ["edit", "vpn", "--group", "Work"]).status == 0)
    try sh(
      "git commit -q -am laptop && git push -q origin HEAD 2>/dev/null", in: machines.folder.file("laptop"), environment: env)
    #expect(try machines.otterOn("desktop", ["edit", "vpn", "--group", "Travel", "--group", "work"]).status == 0)
    #expect(try machines.otterOn("desktop", ["edit", "old", "--group", "Archive"]).status == 0)
    try sh("git commit -q -am desktop", in: machines.folder.file("desktop"), environment: env)
    let pulled = try sh(
      "git pull -q --no-rebase --no-edit origin HEAD", in: machines.folder.file("desktop"),
      environment: machines.machine("desktop"),
      allowFailure: true)
    #expect(pulled.status == 0, "\(pulled.error)")
    #expect(pulled.error.contains("it is now in the groups of both"), "\(pulled.error)")
    let listed = try machines.otterOn("desktop", ["list", "--json"]).output
    let rows = try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]] ?? []
    let groups = Dictionary(uniqueKeysWithValues: rows.map { ($0["issuer"] as? String ?? "?", $0["groups"] as? [String] ?? []) })
    #expect(groups["VPN"] == ["Travel", "Work"], "\(groups)")
    #expect(groups["Old"] == ["Archive"])
    #expect(!listed.contains("versions"), "no conflict")
    // The other way round gives the same.
    try sh("git push -q origin HEAD 2>/dev/null", in: machines.folder.file("desktop"), environment: env)
    _ = try sh(
      "git pull -q --no-rebase --no-edit origin HEAD", in: machines.folder.file("laptop"), environment: machines.machine("laptop")
    )
    #expect(try machines.otterOn("laptop", ["list", "--group", "travel"]).output.contains("VPN"))
  }
}
