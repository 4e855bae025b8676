import CryptoPrimitives
import OTPCore
import Testing

@testable import TUI

let rfcKey = SecretBytes(Array("12345678901234567890".utf8))

func account(
  _ issuer: String, _ name: String, kind: OTPKind = .totp, period: Int = 30, favourite: Bool = false, id: String? = nil
) -> ViewerAccount {
  // swift-format-ignore: NeverUseForceTry
  let otp = try! OTPAccount(kind: kind, issuer: issuer, name: name, secret: rfcKey, period: period)
  return ViewerAccount(id: id ?? "\(issuer):\(name)".lowercased(), account: otp, favourite: favourite)
}

func state(_ accounts: [ViewerAccount], now: Int64 = 1_700_000_000, rows: Int = 20, columns: Int = 100) -> AppState {
  var state = AppState(vaultPath: "/tmp/vault.otter")
  _ = reduce(&state, .resize(rows: rows, columns: columns))
  _ = reduce(&state, .unlocked(accounts))
  _ = reduce(&state, .tick(systemTime: now))
  return state
}

func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
  keys.flatMap { reduce(&state, .key($0)) }
}

func type(_ state: inout AppState, _ text: String) -> [Effect] {
  text.flatMap { reduce(&state, .key(.character($0))) }
}

@Suite("Viewer reducer")
struct ReducerTests {
  let sample = [
    account("GitHub", "ada"), account("Bank", "bob"), account("Mail", "carol", period: 60), account("Vpn", "dave", kind: .hotp),
    account("Zeta", "fav", favourite: true),
  ]

  @Test("favourites sort first, then issuer and name")
  func order() {
    let s = state(sample)
    #expect(s.visible.map { s.accounts[$0].issuer } == ["Zeta", "Bank", "GitHub", "Mail", "Vpn"])
  }

  @Test("/ filters incrementally with fuzzy, case-insensitive matching; Esc clears")
  func filter() {
    var s = state(sample)
    _ = press(&s, .character("/"))
    #expect(s.mode == .filtering)
    _ = type(&s, "gh")
    #expect(s.visible.map { s.accounts[$0].issuer } == ["GitHub"])
    _ = press(&s, .backspace, .backspace)
    _ = type(&s, "A")
    #expect(Set(s.visible.map { s.accounts[$0].issuer }) == ["Bank", "GitHub", "Mail", "Vpn", "Zeta"])
    _ = type(&s, "ol")
    #expect(s.visible.map { s.accounts[$0].name } == ["carol"])
    _ = press(&s, .enter)
    #expect(s.mode == .list)
    #expect(s.filter == "Aol")
    _ = press(&s, .escape)
    #expect(s.filter.isEmpty)
    #expect(s.visible.count == 5)
  }

  @Test("movement keys move and clamp the selection, and the list scrolls with it")
  func movement() {
    var s = state((0..<50).map { account("Issuer\($0 < 10 ? "0" : "")\($0)", "n") }, rows: 10)
    #expect(s.listRows == 7)
    _ = press(&s, .down, .character("j"), .character("j"))
    #expect(s.selection == 3)
    _ = press(&s, .character("k"), .up, .up, .up, .up)
    #expect(s.selection == 0)
    _ = press(&s, .pageDown)
    #expect(s.selection == 7)
    #expect(s.scroll == 1)
    _ = press(&s, .character("G"))
    #expect(s.selection == 49)
    #expect(s.scroll == 43)
    _ = press(&s, .home)
    #expect(s.selection == 0 && s.scroll == 0)
    _ = press(&s, .end, .character("g"))
    #expect(s.selection == 0)
    _ = press(&s, .click(row: 4, column: 10))
    #expect(s.selection == 2)
  }

  @Test("Enter copies the selected code, the status says so, and the clipboard is cleared 30 s later")
  func copy() {
    var s = state([account("GitHub", "ada")], now: 59)
    #expect(press(&s, .enter) == [.copy(code: "287082", label: "GitHub")])
    _ = reduce(&s, .copied(label: "GitHub", code: "287082", route: .tool("xclip")))
    #expect(s.status == "copied GitHub with xclip · clears in 30 s")
    #expect(reduce(&s, .tick(systemTime: 65)).isEmpty)
    #expect(s.status == "copied GitHub with xclip · clears in 24 s")
    #expect(reduce(&s, .tick(systemTime: 88)).isEmpty)
    #expect(reduce(&s, .tick(systemTime: 89)) == [.clearClipboard(code: "287082")])
    #expect(s.status.isEmpty)
  }

  @Test("HOTP shows no code until n, which advances the counter; copy needs n first")
  func hotp() {
    var s = state([account("Vpn", "dave", kind: .hotp)])
    #expect(press(&s, .enter).isEmpty)
    #expect(s.status.contains("press n"))
    let effects = press(&s, .character("n"))
    #expect(effects == [.advanceCounter(id: "vpn:dave")])
    #expect(s.revealed["vpn:dave"] == "755224")
    #expect(press(&s, .character("y")) == [.copy(code: "755224", label: "Vpn")])
  }

  @Test("idle for the auto-lock time hides everything and asks for the password; 0 disables it")
  func autoLock() {
    var s = state(sample, now: 1000)
    #expect(reduce(&s, .tick(systemTime: 1299)).isEmpty)
    #expect(reduce(&s, .tick(systemTime: 1300)) == [.lock(agent: false)])
    #expect(s.accounts.isEmpty)
    guard case .locked = s.mode else {
      Issue.record("not locked")
      return
    }
    var never = state(sample, now: 1000)
    never.autoLockSeconds = 0
    #expect(reduce(&never, .tick(systemTime: 100_000)).isEmpty)
    #expect(never.accounts.count == 5)
  }

  @Test("the lock screen collects the password without drawing it and quits after three failures")
  func unlock() {
    var s = AppState(vaultPath: "/v")
    _ = reduce(&s, .resize(rows: 20, columns: 80))
    let field = SecretField()
    s.mode = .locked(password: field, message: nil, triesLeft: 3)
    _ = type(&s, "hunter2")
    #expect(!render(s).text.contains("hunter2"))
    #expect(render(s).text.contains("•••••••"))
    #expect(press(&s, .enter) == [.unlock(password: field)])
    #expect(field.secret().constantTimeEquals(SecretBytes(Array("hunter2".utf8))))
    _ = reduce(&s, .failed("wrong password (or the vault is damaged)"))
    #expect(render(s).text.contains("wrong password (or the vault is damaged) (2 tries left)"))
    _ = reduce(&s, .failed("wrong"))
    #expect(reduce(&s, .failed("wrong")) == [.quit])
  }

  @Test("a pasted URI is validated on the spot, its error shown inline, and never drawn")
  func add() {
    var s = state(sample)
    _ = press(&s, .character("a"))
    _ = type(&s, "otpauth://totp/X:y?secret=JBSW1")
    #expect(press(&s, .enter).isEmpty)
    let screen = render(s).text
    #expect(screen.contains("character '1' at position 5"))
    #expect(!screen.contains("JBSW"))
    _ = press(&s, .escape, .character("a"))
    _ = type(&s, "otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP")
    guard case .adding(let field, _) = s.mode else {
      Issue.record("not adding")
      return
    }
    #expect(press(&s, .enter) == [.add(uri: field)])
    #expect(String(decoding: field.secret().copiedBytes(), as: UTF8.self) == "otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP")
  }

  @Test(
    "a copy reports its route: a desktop tool clears in 30 s, OSC 52 is overwritten in 30 s; another route's code is cleared first"
  )
  func copyRoutes() {
    var s = state(sample)
    let code = s.selected?.code(at: s.now) ?? ""
    #expect(press(&s, .enter) == [.copy(code: code, label: "Zeta")])
    #expect(s.clipboard == nil)
    _ = reduce(&s, .copied(label: "Zeta", code: code, route: .tool("xclip")))
    #expect(s.status == "copied Zeta with xclip · clears in 30 s")
    #expect(reduce(&s, .tick(systemTime: s.now + 30 - s.clockOffset)) == [.clearClipboard(code: code)])
    #expect(reduce(&s, .copied(label: "Zeta", code: code, route: .terminal)).isEmpty)
    #expect(
      s.status
        == "sent Zeta to your terminal's clipboard (OSC 52) · overwritten in 30 s; if nothing pastes, your terminal does not "
        + "allow it: install wl-clipboard (Wayland) or xclip (X11)")
    #expect(s.clipboard?.onTerminal == true)
    #expect(reduce(&s, .copied(label: "Zeta", code: "111111", route: .tool("xsel"))) == [.clearTerminalClipboard])
    #expect(reduce(&s, .copied(label: "Zeta", code: "222222", route: .tool("xsel"))).isEmpty)
    #expect(reduce(&s, .tick(systemTime: s.now + 30 - s.clockOffset)) == [.clearClipboard(code: "222222")])
    _ = reduce(&s, .copied(label: "Zeta", code: code, route: .unavailable("no clipboard")))
    #expect(s.status == "not copied: no clipboard")
  }

  @Test("L locks at once, the agent too, and clears what was copied; auto-lock locks the viewer only")
  func lockNow() {
    var s = state(sample)
    _ = reduce(&s, .copied(label: "Zeta", code: "123456", route: .tool("xclip")))
    #expect(press(&s, .character("L")) == [.clearClipboard(code: "123456"), .lock(agent: true)])
    #expect(s.accounts.isEmpty)
    #expect(render(s).text.contains("locked"))
    var demo = state(sample)
    demo.canLock = false
    #expect(press(&demo, .character("L")).isEmpty)
    var idle = state(sample, now: 1000)
    _ = reduce(&idle, .copied(label: "Zeta", code: "654321", route: .tool("wl-copy")))
    #expect(reduce(&idle, .tick(systemTime: 1300)) == [.clearClipboard(code: "654321"), .lock(agent: false)])
  }

  @Test("hidden fields: Backspace, Ctrl-W and Ctrl-U edit in place; the typed text lives only in the field")
  func hiddenFieldKeys() {
    var s = AppState(vaultPath: "/v")
    _ = reduce(&s, .resize(rows: 20, columns: 80))
    let field = SecretField()
    s.mode = .locked(password: field, message: nil, triesLeft: 3)
    _ = type(&s, "correct horse")
    _ = press(&s, .control("w"))
    #expect(String(decoding: field.secret().copiedBytes(), as: UTF8.self) == "correct ")
    _ = press(&s, .backspace)
    _ = type(&s, "é")
    _ = press(&s, .backspace)
    #expect(String(decoding: field.secret().copiedBytes(), as: UTF8.self) == "correct")
    _ = press(&s, .control("u"))
    #expect(field.isEmpty)
    // The mode still holds the very same field: no copy was made on any key.
    guard case .locked(let held, _, _) = s.mode else { return }
    #expect(held === field)
  }

  @Test("d asks y/N before deleting; e edits the account's fields; f toggles the favourite")
  func editing() {
    var s = state([account("GitHub", "ada")])
    _ = press(&s, .character("d"))
    #expect(render(s).text.contains("Delete GitHub: ada?"))
    #expect(press(&s, .character("x")).isEmpty)
    _ = press(&s, .character("d"))
    #expect(press(&s, .character("y")) == [.delete(id: "github:ada")])
    _ = press(&s, .character("e"), .backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
    _ = type(&s, "Hub")
    _ = press(&s, .enter, .backspace, .backspace, .backspace)
    _ = type(&s, "lovelace")
    // Name → Note → Digits → Period → Algorithm → Favourite → Groups; Enter on the last field saves.
    #expect(press(&s, .enter, .enter, .enter, .enter, .enter, .enter).isEmpty)
    #expect(press(&s, .enter) == [.edit(id: "github:ada", changes: AccountChanges(issuer: "Hub", name: "lovelace"))])
    // The form stays until the save is done.
    #expect(s.mode != .list)
    _ = reduce(&s, .saved(message: "account changed", accounts: s.accounts))
    #expect(press(&s, .character("f")) == [.toggleFavourite(id: "github:ada")])
  }

  @Test("q and Ctrl-C quit; ? shows help and any key returns")
  func quitAndHelp() {
    var s = state(sample)
    _ = press(&s, .character("?"))
    #expect(render(s).text.contains("Otter keys"))
    _ = press(&s, .character("x"))
    #expect(s.mode == .list)
    #expect(press(&s, .character("q")) == [.quit])
    #expect(press(&s, .control("c")) == [.quit])
  }

  @Test("the clock offset moves the codes and shows in the status line")
  func clockOffset() {
    var s = AppState(vaultPath: "/v")
    s.clockOffset = -1
    _ = reduce(&s, .resize(rows: 10, columns: 80))
    _ = reduce(&s, .unlocked([account("GitHub", "ada")]))
    _ = reduce(&s, .tick(systemTime: 60))
    #expect(s.now == 59)
    #expect(render(s).text.contains("287 082"))
    #expect(render(s).text.contains("clock offset -1s"))
  }
}
