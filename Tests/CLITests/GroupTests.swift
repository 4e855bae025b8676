import Foundation
import TestSupport
import Testing

/// Groups from the command line, the viewer's `#name` filter and its privacy mode, in tmux.
@Suite("Groups and hidden codes")
struct GroupTests {
  func vault() throws -> TestVault {
    let vault = try TestVault()
    let uris = [
      "otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank",
      "otpauth://totp/GitHub:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub",
      "otpauth://totp/Mail:alice?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Mail",
    ]
    #expect(try vault.run(["add"], input: uris.joined(separator: "\n") + "\n").status == 0)
    return vault
  }

  @Test("edit --group and --no-group (repeatable, ignoring case), list --group, and names refused")
  func commandLine() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["edit", "github", "--group", "Work", "--group", "Code"]).status == 0)
    #expect(try vault.run(["edit", "mail", "--group", " work "]).status == 0)
    func listed(_ group: String) throws -> [String] {
      try vault.run(["list", "--group", group]).output.split(separator: "\n").dropFirst().map { String($0.prefix(6)) }
    }
    #expect(try listed("WORK") == ["GitHub", "Mail  "])
    #expect(try listed("code") == ["GitHub"])
    #expect(try listed("nothing") == [])
    #expect(try vault.run(["edit", "github", "--no-group", "work"]).status == 0)
    #expect(try listed("work") == ["Mail  "])
    let json = try vault.run(["list", "--json"]).output
    #expect(json.contains(#""issuer":"GitHub","name":"alice","type":"totp""#) && json.contains(#""groups":["Code"]"#))
    #expect(try vault.run(["edit", "bank", "--group", " "]).status == 64)
    #expect(try vault.run(["edit", "bank", "--group", "a\u{1B}[31m"]).status == 64)
    #expect(try vault.run(["edit", "bank", "--group", String(repeating: "g", count: 65)]).status == 64)
  }

  /// The viewer on `vault` in tmux, with `arguments`.
  func viewer(_ vault: TestVault, _ arguments: String = "") -> TmuxSession {
    TmuxSession(
      command: "HOME='\(vault.folder.path)' TERM=tmux-256color '\(otterPath)' --vault '\(vault.path)' "
        + "--password-file '\(vault.folder.file("pw"))' \(arguments); sleep 30")
  }

  @Test("the viewer's filter: #work keeps the accounts in that group, narrowing as it is typed, with text after it")
  func viewerFilter() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["edit", "github", "--group", "Work"]).status == 0)
    #expect(try vault.run(["edit", "mail", "--group", "Work", "--group", "Home"]).status == 0)
    let session = viewer(vault)
    defer { session.kill() }
    _ = session.wait(for: "Bank")
    session.send("/")
    session.send(literal: "#wo")
    var screen = session.wait(whileShowing: "Bank")
    #expect(screen.contains("GitHub") && screen.contains("Mail"), "\(screen)")
    session.send(literal: "rk mai")
    screen = session.wait(whileShowing: "GitHub")
    #expect(screen.contains("Mail") && !screen.contains("Bank"), "\(screen)")
    session.send("Escape")
    session.send("/")
    session.send(literal: "#home")
    screen = session.wait(whileShowing: "GitHub")
    #expect(screen.contains("Mail") && !screen.contains("Bank"), "\(screen)")
  }

  @Test("--hide-codes: dots on every row but the selected one; h shows them again; the codes match oathtool")
  func hiddenCodes() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let session = viewer(vault, "--hide-codes")
    defer { session.kill() }
    var screen = session.wait(for: "GitHub")
    let rows = screen.split(separator: "\n").filter { $0.contains("alice") }
    #expect(rows.count == 3)
    // One row (the selected one) shows digits; the two others show dots in the code's shape.
    #expect(rows.filter { $0.contains("••• •••") }.count == 2, "\(screen)")
    #expect(rows.filter { $0.range(of: #"\d{3} \d{3}"#, options: .regularExpression) != nil }.count == 1, "\(screen)")
    let code = try runProgram("/usr/bin/oathtool", ["--totp", "-b", "JBSWY3DPEHPK3PXP"]).output.trimmingCharacters(
      in: .whitespacesAndNewlines)
    let bankRow = rows.first { $0.contains("Bank") } ?? ""
    // Bank is first and selected; a code that just changed may be a step apart.
    #expect(bankRow.contains(code.prefix(3) + " " + code.suffix(3)) || !bankRow.contains("•"), "\(bankRow)")
    session.send("j")
    screen = session.wait(seconds: 5) { screen in
      screen.split(separator: "\n").first { $0.contains("Bank") }?.contains("•••") == true
    }
    #expect(screen.split(separator: "\n").first { $0.contains("Bank") }?.contains("••• •••") == true, "\(screen)")
    session.send("h")
    screen = session.wait(whileShowing: "•")
    #expect(!screen.contains("•"), "\(screen)")
    #expect(screen.contains("codes shown"))
    session.send("h")
    screen = session.wait(for: "•")
    #expect(screen.contains("codes hidden"))
  }

  @Test(
    "Aegis: groups exported as Aegis 3 writes them (ids in the entries, names in db.groups), read back; an Aegis 2 entry's group name is read"
  )
  func aegisGroups() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["edit", "github", "--group", "Work", "--group", "Code"]).status == 0)
    #expect(try vault.run(["edit", "mail", "--group", "work"]).status == 0)
    let exported = try vault.run(["export", "--format", "aegis", "-o", vault.folder.file("aegis.json"), "--yes"])
    #expect(exported.status == 0, "\(exported.error)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: vault.folder.file("aegis.json"))))
    let db = (json as? [String: Any])?["db"] as? [String: Any] ?? [:]
    #expect(db["version"] as? Int == 3)
    let groups = db["groups"] as? [[String: Any]] ?? []
    let names = Dictionary(uniqueKeysWithValues: groups.map { ($0["uuid"] as? String ?? "", $0["name"] as? String ?? "") })
    #expect(Set(names.values) == ["Work", "Code"], "one group per name, ignoring case")
    for id in names.keys { #expect(UUID(uuidString: id) != nil, "a UUID, as Aegis parses it") }
    let entries = db["entries"] as? [[String: Any]] ?? []
    let byIssuer = Dictionary(
      uniqueKeysWithValues: entries.map {
        ($0["issuer"] as? String ?? "", ($0["groups"] as? [String] ?? []).map { names[$0] ?? "?" })
      })
    #expect(byIssuer == ["Bank": [], "GitHub": ["Work", "Code"], "Mail": ["Work"]])
    let other = try TestVault()
    defer { other.folder.remove() }
    #expect(try other.run(["import", vault.folder.file("aegis.json")]).status == 0)
    #expect(try other.run(["list", "--json"]).output.contains(#""groups":["Work","Code"]"#))
    // Aegis before version 3: one group name per entry, or null.
    let old = """
      {"version":1,"header":{"slots":null,"params":null},"db":{"version":2,"entries":[\
      {"type":"totp","uuid":"\(UUID().uuidString.lowercased())","name":"x","issuer":"Old","icon":null,"icon_mime":null,"group":"Legacy",\
      "info":{"secret":"ONSWG4TFOQYTEMZUGU3DOOBZGAYTEMZW","algo":"SHA1","digits":6,"period":30}},\
      {"type":"totp","uuid":"\(UUID().uuidString.lowercased())","name":"y","issuer":"None","icon":null,"icon_mime":null,"group":null,\
      "info":{"secret":"ONSWG4TFOQYTEMZUGU3DOOBZGAYTEMZX","algo":"SHA1","digits":6,"period":30}}]}}
      """
    try other.folder.write("old.json", old)
    let imported = try other.run(["import", other.folder.file("old.json")])
    #expect(imported.status == 0 && !imported.error.contains("not kept"), "\(imported.error)")
    #expect(try other.run(["list", "--group", "legacy"]).output.contains("Old"))
    #expect(!(try other.run(["list", "--group", "legacy"]).output.contains("None")))
  }

  @Test("the viewer's edit form sets the groups (comma-separated); the change is saved and otter list --group sees it")
  func viewerEditsGroups() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let session = viewer(vault)
    defer { session.kill() }
    _ = session.wait(for: "GitHub")
    session.send("/")
    session.send(literal: "github")
    session.send("Tab")
    session.send("e")
    _ = session.wait(for: "Edit GitHub")
    for _ in 0..<7 { session.send("Tab") }
    session.send(literal: "Work, Code")
    session.send("C-s")
    _ = session.wait(whileShowing: "Edit GitHub")
    session.send("q")
    _ = session.wait(whileShowing: "GitHub", seconds: 3)
    let listed = try vault.run(["list", "--group", "code"]).output
    #expect(listed.contains("GitHub") && !listed.contains("Bank"), "\(listed)")
    #expect(try vault.run(["list", "--json"]).output.contains(#""groups":["Work","Code"]"#))
  }
}
