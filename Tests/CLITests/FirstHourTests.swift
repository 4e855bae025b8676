import Foundation
import TestSupport
import Testing

/// The first hour of a new user, on a real terminal (tmux) where a prompt is involved.
@Suite("The first hour: before init, password tries, adding")
struct FirstHourTests {
  /// A shell command line running otter with `arguments` in a clean environment, then saying
  /// its exit status.
  func command(_ vault: TestVault, _ arguments: String, input: String? = nil) -> String {
    let feed = input.map { "printf '%s\\n' '\($0)' | " } ?? ""
    return "\(feed)env -i PATH=/usr/bin:/bin HOME='\(vault.folder.path)' LANG=C.UTF-8 TERM=tmux-256color "
      + "'\(otterPath)' \(arguments); echo EXIT=$?; sleep 600"
  }

  @Test(
    "before init, add and import say how to create the vault and exit 66 before asking for a secret or a password",
    arguments: ["add", "add --issuer Example --name alice", "import FILE", "edit x --name y", "passwd"])
  func beforeInit(arguments: String) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("export.uris", "otpauth://totp/A:b?secret=\(rfcSecret)\n")
    let vault = folder.file("none/vault.otter")
    let line = arguments.replacingOccurrences(of: "FILE", with: "'\(folder.file("export.uris"))'")
    let session = TmuxSession(
      command: "env -i PATH=/usr/bin:/bin HOME='\(folder.path)' TERM=tmux-256color '\(otterPath)' \(line) --vault '\(vault)'; "
        + "echo EXIT=$?; sleep 600")
    defer { session.kill() }
    let screen = session.wait(for: "EXIT=")
    #expect(screen.contains("EXIT=66"), "\(screen)")
    #expect(
      screen.replacingOccurrences(of: "\n", with: "").contains(
        "create one with `otter init` (or run `otter` and the viewer creates it)"))
    #expect(!screen.contains("Password"))
    #expect(!screen.contains("Paste"))
    #expect(!screen.contains("secret (hidden)"))
  }

  @Test("a terminal prompt gives three password tries, as sudo does; the third wrong one exits 77")
  func threeTries() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add", "--quiet"], input: "otpauth://totp/Bank:alice?secret=\(rfcSecret)&issuer=Bank\n").status == 0)
    let session = TmuxSession(command: command(vault, "list --vault '\(vault.path)'"), columns: 120)
    defer { session.kill() }
    session.wait(for: "Password for")
    session.send(literal: "wrong one")
    session.send("Enter")
    #expect(session.wait(for: "2 tries left").contains("wrong password; try again (2 tries left)"))
    session.send(literal: "wrong two")
    session.send("Enter")
    session.wait(for: "1 try left")
    session.send(literal: "correct horse")
    session.send("Enter")
    let screen = session.wait(for: "EXIT=")
    #expect(screen.contains("EXIT=0"), "\(screen)")
    #expect(screen.contains("Bank"))

    let again = TmuxSession(command: command(vault, "list --vault '\(vault.path)'"), columns: 120)
    defer { again.kill() }
    for attempt in 1...3 {
      again.wait(for: attempt == 1 ? "Password for" : "\(3 - attempt + 1) tr")
      again.send(literal: "wrong \(attempt)")
      again.send("Enter")
    }
    #expect(again.wait(for: "EXIT=").contains("EXIT=77"))

    // A password file gets one try: the same file would give the same answer.
    try vault.folder.write("bad", "not it\n")
    let file = try otter(
      ["list", "--vault", vault.path, "--password-file", vault.folder.file("bad")], environment: vault.environment)
    #expect(file.status == 77)
    #expect(!file.error.contains("try again"))
  }

  @Test("add prints the new account's current code (label on stderr, code on stdout, as oathtool computes it); --quiet does not")
  func addShowsCode() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    for _ in 0..<3 {
      let before = try oathtoolNow()
      let added = try vault.run(["add"], input: "otpauth://totp/Bank:alice?secret=\(rfcSecret)&issuer=Bank\n")
      guard try oathtoolNow().step == before.step else {
        _ = try vault.run(["rm", "bank", "--yes"])
        continue
      }
      #expect(added.status == 0, "\(added.error)")
      #expect(added.output == "added Bank: alice\n\(before.code)\n")
      #expect(added.error.hasPrefix("otter: Bank: alice: current code ("))
      let quiet = try vault.run(["add", "--quiet"], input: "otpauth://totp/Shop:bob?secret=\(rfcSecret)&issuer=Shop\n")
      #expect(quiet.output == "added Shop: bob\n")
      #expect(quiet.error.isEmpty)
      return
    }
    Issue.record("could not add within one time step")
  }

  @Test("add says what to do with a bare secret, an image or an export on stdin, and with a file name")
  func addGuides() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let bare = try vault.run(["add"], input: "JBSWY3DPEHPK3PXP\n")
    #expect(bare.status == 65)
    #expect(bare.error.contains("this is a bare secret, not an otpauth:// URI; add it with `otter add --issuer"))
    // A GIF's header is ASCII, so it can be given as text here; PNG, JPEG and WebP are found alike.
    let image = try vault.run(["add"], input: "GIF89a\u{1}\0\u{1}\0\0\0\0;")
    #expect(image.status == 65)
    #expect(
      image.error == "otter: standard input looks like an image, not otpauth URIs: use `otter import FILE`; nothing was added\n")
    #expect(!image.error.contains("control character"))
    let json = try vault.run(["add"], input: "{\"version\": 1, \"db\": {}}\n")
    #expect(json.error.contains("looks like an app's JSON export"))
    let file = try vault.run(["add", vault.folder.file("accounts.txt")])
    #expect(file.status == 64)
    #expect(file.error.contains("run `otter import FILE`"))
  }

  @Test("importing Aegis says which groups and icons are not kept; a plaintext export says to delete it, 0600")
  func nothingDroppedSilently() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    // The shape of Aegis 3's plain export (its docs/vault.md): groups by id, an icon per entry.
    func entry(_ issuer: String, groups: [String], icon: Bool) -> String {
      """
      {"type":"totp","uuid":"\(UUID().uuidString.lowercased())","name":"me","issuer":"\(issuer)","note":"","favorite":false,\
      "icon":\(icon ? "\"iVBORw0KGgo=\"" : "null"),"icon_mime":\(icon ? "\"image/png\"" : "null"),\
      "groups":[\(groups.map { "\"\($0)\"" }.joined(separator: ","))],\
      "info":{"secret":"\(rfcSecret)","algo":"SHA1","digits":6,"period":30}}
      """
    }
    let export = """
      {"version":1,"header":{"slots":null,"params":null},"db":{"version":3,"entries":[\
      \(entry("Bank", groups: ["g1"], icon: true)),\(entry("Shop", groups: ["g1", "g2"], icon: false)),\
      \(entry("Mail", groups: [], icon: true))],\
      "groups":[{"uuid":"g1","name":"Work"},{"uuid":"g2","name":"Home"}]}}
      """
    try vault.folder.write("aegis.json", export)
    let imported = try vault.run(["import", vault.folder.file("aegis.json")])
    #expect(imported.status == 0, "\(imported.error)")
    #expect(imported.error.contains("otter: 2 icons are not kept (Otter keeps no icons)"), "\(imported.error)")
    // The groups are kept, by name.
    let listed = try vault.run(["list", "--json"])
    #expect(listed.output.contains(#""issuer":"Shop""#) && listed.output.contains(#""groups":["Work","Home"]"#))
    #expect(try vault.run(["list", "--group", "home"]).output.split(separator: "\n").count == 2)
    let exported = try vault.run(["export", "--format", "uri", "-o", vault.folder.file("out.uris")])
    #expect(exported.status == 0, "\(exported.error)")
    #expect(exported.error.contains("it holds every secret unencrypted: delete it once it has been used"))
    #expect(try vault.mode(vault.folder.file("out.uris")) == 0o600)
    try vault.folder.write("mystery.bin", "nothing anyone wrote\n")
    let unknown = try vault.run(["import", vault.folder.file("mystery.bin")])
    #expect(unknown.status == 65)
    #expect(unknown.error.contains("not a format Otter knows; the formats are uri, google, aegis"))
  }

  @Test("otter import with a terminal on stdin and no file prints its usage (64) instead of waiting")
  func importWithoutFile() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let session = TmuxSession(command: command(vault, "import --vault '\(vault.path)'"), columns: 150)
    defer { session.kill() }
    let screen = session.wait(for: "EXIT=", seconds: 5)
    #expect(screen.contains("EXIT=64"), "\(screen)")
    #expect(screen.contains("Give the export to read: otter import FILE"))
  }

  @Test("at 40×12 the help scrolls to its last line, and at 40 columns a long status wraps instead of being cut")
  func smallScreens() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add", "--quiet"], input: "otpauth://totp/Test:alice?secret=\(rfcSecret)\n").status == 0)
    let session = TmuxSession(command: viewerCommand(vault), columns: 40, rows: 12)
    defer { session.kill() }
    session.wait(for: "alice")
    session.send("?")
    #expect(session.wait(for: "more").contains("Otter keys"))
    #expect(!session.capture().contains("Any key returns."))
    for _ in 0..<20 { session.send("j") }
    let end = session.wait(for: "Any key returns.")
    #expect(end.contains("Any key returns."), "\(end)")
    #expect(end.contains("this help"))
    session.send("Escape")
    session.wait(for: "alice")
    session.resize(columns: 40, rows: 16)
    session.send("Enter")
    let wrapped = session.wait(for: "(X11)")
    let joined = wrapped.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    #expect(
      joined.contains(
        "if nothing pastes, your terminal does not allow it: install wl-clipboard (Wayland) or xclip (X11)"), "\(wrapped)")
    #expect(wrapped.split(separator: "\n").allSatisfy { cellWidthOf($0) <= 40 })
  }
}

/// The width of a captured line in cells (every character drawn here is one cell wide).
func cellWidthOf(_ line: Substring) -> Int { line.count }
