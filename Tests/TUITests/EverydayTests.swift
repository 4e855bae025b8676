import CryptoPrimitives
import OTPCore
import Testing

@testable import TUI

@Suite("The everyday loop in the viewer's core")
struct EverydayTests {
  func names(_ s: AppState) -> [String] { s.visible.map { s.accounts[$0].issuer } }

  @Test("/git ranks GitHub above DigitalOcean, and Enter copies GitHub's code")
  func gitCase() {
    var s = state([account("DigitalOcean", "ops"), account("GitHub", "ada"), account("Gitea", "me")])
    _ = press(&s, .character("/"))
    _ = type(&s, "git")
    #expect(names(s) == ["Gitea", "GitHub", "DigitalOcean"])
    _ = type(&s, "h")
    #expect(names(s) == ["GitHub"])
    _ = press(&s, .backspace)
    let effects = press(&s, .enter)
    #expect(effects == [.copy(code: s.accounts[s.visible[0]].code(at: s.now) ?? "", label: "Gitea")])
    #expect(s.mode == .list)
    #expect(s.filter == "git")
  }

  @Test("ranks exact, then prefix, then word start, then substring, then fuzzy")
  func ranks() {
    let accounts = [
      account("Xmail", "z"), account("Mailbox", "z"), account("Proton", "my.mail"), account("Mail", "z"),
      account("Demail", "z"), account("M-a-i-l", "z"),
    ]
    var s = state(accounts)
    _ = press(&s, .character("/"))
    _ = type(&s, "mail")
    #expect(names(s) == ["Mail", "Mailbox", "Proton", "Demail", "Xmail", "M-a-i-l"])
  }

  @Test("favourites first within a rank; ties alphabetical; the selection goes to the top on every key")
  func favouritesAndTies() {
    var s = state([
      account("Bank B", "x"), account("Bank A", "x"), account("Bank C", "x", favourite: true), account("Abank", "x"),
    ])
    _ = press(&s, .down, .down)
    _ = press(&s, .character("/"))
    _ = type(&s, "ban")
    #expect(names(s) == ["Bank C", "Bank A", "Bank B", "Abank"])
    #expect(s.selection == 0)
  }

  @Test("Q asks before showing the QR code; anything but y leaves it hidden")
  func qrConfirmation() {
    var s = state([account("GitHub", "ada")])
    _ = press(&s, .character("Q"))
    #expect(s.mode == .confirmQR(id: "github:ada"))
    _ = press(&s, .character("n"))
    #expect(s.mode == .list)
    #expect(s.qr == nil)
    _ = press(&s, .character("Q"), .character("y"))
    #expect(s.mode == .qr(id: "github:ada"))
  }

  @Test("three wrong passwords end the viewer with a failure note for stderr")
  func threeTries() {
    var s = AppState(vaultPath: "/v")
    s.mode = .locked(password: SecretField(), message: nil, triesLeft: 3)
    _ = reduce(&s, .failed("wrong"))
    _ = reduce(&s, .failed("wrong"))
    #expect(reduce(&s, .failed("wrong")) == [.quit])
    #expect(s.exitNote?.message == "wrong password (3 tries)")
    #expect(s.exitNote?.failed == true)
  }

  @Test("first run: Enter creates, Esc quits saying how to create one later; a short password is questioned once")
  func firstRun() {
    var s = AppState(vaultPath: "/v")
    _ = reduce(&s, .resize(rows: 20, columns: 80))
    s.mode = .offerCreate
    #expect(render(s).text.contains("Enter: create · Esc: quit"))
    var quit = s
    #expect(press(&quit, .escape) == [.quit])
    #expect(quit.exitNote?.message.contains("otter init") == true)
    #expect(quit.exitNote?.failed == false)
    _ = press(&s, .enter)
    _ = type(&s, "short")
    #expect(press(&s, .enter).isEmpty)
    #expect(render(s).text.contains("only 5 characters"))
    _ = press(&s, .enter)  // use it anyway
    _ = type(&s, "short")
    guard case .creating(let field, _, _, _) = s.mode else {
      Issue.record("not creating")
      return
    }
    #expect(press(&s, .enter) == [.create(password: field)])
  }

  @Test(
    "e edits note, digits, period and favourite too; a bad value keeps the form open, the error beside its field, every edit kept; Ctrl-S saves from any field"
  )
  func editForm() {
    var s = state([account("GitHub", "ada")])
    _ = press(&s, .character("e"), .tab, .tab)  // Note
    _ = type(&s, "work")
    _ = press(&s, .tab, .control("u"))  // Digits
    _ = type(&s, "x")
    _ = press(&s, .tab, .tab, .tab, .control("u"))  // Favourite
    _ = type(&s, "yes")
    // Groups is the last field: Enter there saves.
    #expect(press(&s, .tab, .enter).isEmpty)
    guard case .editing(let form) = s.mode else {
      Issue.record("the form closed")
      return
    }
    #expect(form.error == "Digits must be a whole number")
    #expect(form.errorField == 3)
    #expect(form.current == 3)
    #expect(form.fields[2].value.text == "work")
    #expect(render(s).text.contains("Digits:     x▏  ← Digits must be a whole number"))
    _ = press(&s, .backspace)
    _ = type(&s, "12")
    _ = press(&s, .control("s"))
    guard case .editing(let still) = s.mode else {
      Issue.record("the form closed on a value the vault refuses")
      return
    }
    #expect(still.errorField == 3)
    #expect(still.error?.contains("digits") == true, "\(still.error ?? "")")
    _ = press(&s, .backspace, .backspace)
    _ = type(&s, "8")
    #expect(
      press(&s, .control("s")) == [.edit(id: "github:ada", changes: AccountChanges(note: "work", digits: 8, favourite: true))])
    _ = reduce(&s, .saved(message: "account changed", accounts: s.accounts))
    #expect(s.mode == .list)
    _ = press(&s, .character("e"), .escape)
    #expect(s.status == "not changed")
  }

  @Test("text fields: Ctrl-A/Home, Ctrl-E/End, arrows, Ctrl-U, Ctrl-K and Ctrl-W edit at the cursor")
  func textField() {
    var field = TextField("world")
    _ = field.apply(.control("a"))
    for character in "hello " { _ = field.apply(.character(character)) }
    #expect(field.text == "hello world")
    _ = field.apply(.end)
    _ = field.apply(.control("w"))
    #expect(field.text == "hello ")
    _ = field.apply(.home)
    _ = field.apply(.right)
    _ = field.apply(.control("k"))
    #expect(field.text == "h")
    _ = field.apply(.control("e"))
    _ = field.apply(.character("i"))
    _ = field.apply(.left)
    _ = field.apply(.control("u"))
    #expect(field.text == "i")
  }

  @Test("a bare secret pasted at a: issuer and name are asked, then it is added")
  func bareSecret() {
    var s = state([account("GitHub", "ada")])
    _ = press(&s, .character("a"))
    _ = type(&s, "JBSW Y3DP EHPK 3PXP")
    #expect(press(&s, .enter).isEmpty)
    #expect(render(s).text.contains("Issuer:"))
    #expect(!render(s).text.contains("JBSW"))
    _ = type(&s, "Example")
    _ = press(&s, .enter)
    _ = type(&s, "alice")
    guard case .namingSecret(let secret, _, _, _, _) = s.mode else {
      Issue.record("not naming")
      return
    }
    #expect(press(&s, .enter) == [.addSecret(secret: secret, issuer: "Example", name: "alice")])
  }

  @Test("at 40 columns every row keeps its code and seconds in the same columns; long labels are cut with …")
  func narrow() {
    let long = String(repeating: "Very long issuer ", count: 8)
    var s = state(
      [account(long, "someone@example.com"), account("名前", "絵文字😀"), account("Bank", "x")], rows: 12, columns: 40)
    _ = reduce(&s, .tick(systemTime: 1_700_000_000))
    let frame = render(s)
    #expect(frame.lines.allSatisfy { CellWidth.of($0.text) <= 40 })
    let codes = frame.lines.dropFirst(2).prefix(3)
    let ends = codes.map { CellWidth.of($0.text) }
    #expect(Set(ends).count == 1, "\(codes.map(\.text))")
    #expect(codes.contains { $0.text.contains("…") })
    #expect(frame.lines[1].text.contains("q quit"))
  }

  @Test("without UTF-8 the screen is ASCII only, labels replaced cell for cell")
  func asciiOnly() {
    var s = state([account("Café", "名前"), account("Bank", "x", favourite: true)], columns: 80)
    s.unicode = false
    let text = render(s).text
    #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    #expect(text.contains("Caf?"))
    #expect(text.contains("????"))
  }
}

@Suite("The first hour in the viewer's core")
struct FirstHourCoreTests {
  @Test("from the filter, ↓ and Tab move into the matches with the filter kept; the arrows then move among them")
  func filterIntoMatches() {
    for key in [Key.down, .tab] {
      var s = state([account("GitHub", "ada"), account("GitLab", "bob"), account("Bank", "carol")])
      _ = press(&s, .character("/"))
      _ = type(&s, "git")
      _ = press(&s, key)
      #expect(s.mode == .list)
      #expect(s.filter == "git")
      #expect(s.visible.count == 2)
      #expect(s.selected?.issuer == s.accounts[s.visible[0]].issuer)
      _ = press(&s, .down)
      #expect(s.selection == 1)
      #expect(s.filter == "git")
    }
  }

  @Test("a saved add selects the new account, and clears a filter that hides it")
  func selectsAdded() {
    var s = state([account("Bank", "carol"), account("GitHub", "ada")])
    _ = press(&s, .character("/"))
    _ = type(&s, "bank")
    _ = press(&s, .escape)
    s.filter = "bank"
    let added = s.accounts + [account("Zulu", "new", id: "zulu-id")]
    _ = reduce(&s, .saved(message: "account added", accounts: added, select: "zulu-id"))
    #expect(s.filter.isEmpty)
    #expect(s.selected?.id == "zulu-id")
  }

  @Test("words wrap at spaces, and a word longer than the line is broken inside it")
  func wrapping() {
    #expect(
      wrapWords("copied GitHub with xclip · clears in 24 s", width: 20) == ["copied GitHub with", "xclip · clears in 24", "s"])
    #expect(wrapWords("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    #expect(wrapWords("", width: 4) == [""])
  }

  @Test("a status too long for the line wraps under the list, which gives up rows for it")
  func statusWraps() {
    var s = state([account("GitHub", "ada")], rows: 12, columns: 40)
    #expect(s.listRows == 9)
    _ = reduce(&s, .copied(label: "GitHub", code: "123456", route: .terminal))
    #expect(s.statusWraps)
    #expect(s.listRows < 9)
    let text = render(s).text
    #expect(text.split(separator: "\n").allSatisfy { CellWidth.of(String($0)) <= 40 })
    #expect(text.contains("OSC 52"))
  }
}
