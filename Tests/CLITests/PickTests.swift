import Foundation
import TestSupport
import Testing

/// `otter pick`: a stand-in menu (it records the names it is given and answers one, as rofi
/// -dmenu would), the copy through a real xclip on Xvfb, and Otter's own picker in tmux.
@Suite("otter pick: a menu of names, then the code", .serialized)
struct PickTests {
  static let bank = "JBSWY3DPEHPK3PXP"

  func vault() throws -> TestVault {
    let vault = try TestVault()
    let uris =
      "otpauth://totp/Bank:alice?secret=\(Self.bank)&issuer=Bank\n" + "otpauth://totp/Git:bob?secret=\(rfcSecret)&issuer=Git\n"
    #expect(try vault.run(["add"], input: uris).status == 0)
    return vault
  }

  func code(_ secret: String) throws -> [String] {
    let now = Int64(Date().timeIntervalSince1970)
    return try [now - 1, now, now + 1].map { time in
      try runProgram("/usr/bin/oathtool", ["--totp", "-b", secret, "--now=@\(time)"]).output
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }

  /// A folder with a `rofi` that saves its input and answers line `answer` (exit 1 for none),
  /// and the real tools named.
  func menu(in vault: TestVault, answer: Int?, tools: [String] = []) throws -> String {
    let bin = try toolFolder(tools, in: vault.folder)
    let reply = answer.map { "sed -n '\($0)p' '\(vault.folder.file("menu-input"))'" } ?? "exit 1"
    try vault.folder.write(
      "tools/rofi",
      "#!/bin/sh\necho \"$@\" > '\(vault.folder.file("menu-args"))'\ncat > '\(vault.folder.file("menu-input"))'\n\(reply)\n",
      mode: 0o700)
    return bin + ":/usr/bin:/bin"
  }

  @Test("the menu gets names only, in display order; the chosen account's code is printed")
  func printsChosen() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let path = try menu(in: vault, answer: 2)
    let picked = try otter(
      ["pick", "--menu", "rofi", "--print"] + vault.common,
      environment: vault.environment.merging(["PATH": path, "DISPLAY": ":99"]) { $1 })
    #expect(picked.status == 0, "\(picked.error)")
    #expect(try code(rfcSecret).contains(picked.output.trimmingCharacters(in: .whitespacesAndNewlines)))
    let given = try String(contentsOfFile: vault.folder.file("menu-input"), encoding: .utf8)
    #expect(given == "Bank: alice\nGit: bob\n")
    #expect(try String(contentsOfFile: vault.folder.file("menu-args"), encoding: .utf8).hasPrefix("-dmenu"))
  }

  @Test("copied by default, through a real xclip on Xvfb; a dismissed menu exits 1 and copies nothing")
  func copies() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let display = try #require(VirtualDisplay(), "Xvfb did not start")
    let path = try menu(in: vault, answer: 1, tools: ["xclip"])
    let environment = vault.environment.merging(["PATH": path, "DISPLAY": display.name]) { $1 }
    let picked = try otter(["pick", "--menu", "rofi"] + vault.common, environment: environment)
    #expect(picked.status == 0 && picked.output.isEmpty, "\(picked.error)")
    #expect(try code(Self.bank).contains(display.clipboard() ?? ""))
    let dismissed = try otter(
      ["pick", "--menu", "rofi"] + vault.common,
      environment: vault.environment.merging(["PATH": try menu(in: vault, answer: nil, tools: []), "DISPLAY": display.name]) {
        $1
      })
    #expect(dismissed.status == 1)
  }

  @Test("Otter's own picker in a terminal: part of a name, then a number when several match")
  func builtin() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Gitea:carol?secret=\(Self.bank)&issuer=Gitea\n").status == 0)
    let session = TmuxSession(
      command: "env -i PATH=/usr/bin:/bin HOME='\(vault.folder.path)' LANG=C.UTF-8 TERM=tmux-256color '\(otterPath)' pick "
        + "--menu builtin --print " + vault.common.map { "'\($0)'" }.joined(separator: " ") + "; echo status=$?; sleep 600")
    defer { session.kill() }
    #expect(session.wait(for: "Pick an account").contains("empty to cancel"))
    // "it" is inside both Git and Gitea, at the same rank: both are listed.
    session.send(literal: "it")
    session.send("Enter")
    let listed = session.wait(for: "Number, or more")
    #expect(listed.contains("1  Git: bob") && listed.contains("2  Gitea: carol"), "\(listed)")
    session.send(literal: "carol")
    session.send("Enter")
    let done = session.wait(seconds: 10) { $0.contains("status=0") || $0.contains("status=1") }
    #expect(done.contains("status=0"), "\(done)")
    let printed = done.split(separator: "\n").map(String.init).first { $0.count == 6 && Int($0) != nil } ?? ""
    #expect(try code(Self.bank).contains(printed), "\(done)")
  }

  @Test("--type: the chosen account's code typed by the real xdotool into xev on Xvfb")
  func types() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let xev = try XevWindow(in: vault.folder)
    let display = xev.display
    let path = try menu(in: vault, answer: 2, tools: ["xdotool"])
    let picked = try otter(
      ["pick", "--menu", "rofi", "--type"] + vault.common,
      environment: vault.environment.merging(["PATH": path, "DISPLAY": display.name]) { $1 })
    #expect(picked.status == 0, "\(picked.error)")
    usleep(300_000)
    let presses = xev.presses()
    #expect(try code(rfcSecret).contains(presses.typed), "typed \(presses.typed)")
  }
}
