import CryptoPrimitives
import OTPCore
import Testing

@testable import TUI

@Suite("Viewer: group words in the filter, hidden codes")
struct GroupsAndPrivacyTests {
  func grouped(_ issuer: String, _ groups: [String]) -> ViewerAccount {
    // swift-format-ignore: NeverUseForceTry
    let otp = try! OTPAccount(kind: .totp, issuer: issuer, name: "me", secret: rfcKey)
    return ViewerAccount(id: issuer.lowercased(), account: otp, favourite: false, groups: groups)
  }

  @Test(
    "#word keeps the accounts of a group starting with it (ignoring case), narrowing as it is typed; other words rank as before")
  func groupWords() {
    var s = state([
      grouped("GitHub", ["Work", "Code"]), grouped("Bank", []), grouped("Mail", ["work"]), grouped("Shop", ["Home"]),
    ])
    _ = press(&s, .character("/"))
    _ = type(&s, "#w")
    #expect(s.visible.map { s.accounts[$0].issuer } == ["GitHub", "Mail"])
    _ = type(&s, "ork")
    #expect(s.visible.map { s.accounts[$0].issuer } == ["GitHub", "Mail"])
    _ = type(&s, " git")
    #expect(s.visible.map { s.accounts[$0].issuer } == ["GitHub"])
    _ = press(&s, .escape)
    _ = press(&s, .character("/"))
    _ = type(&s, "#work #code")
    #expect(s.visible.map { s.accounts[$0].issuer } == ["GitHub"])
    #expect(GroupFilter.split("bank") == ([], "bank"))
    #expect(GroupFilter.split("#Home mail  x") == (["home"], "mail x"))
  }

  @Test("h hides every code but the selected row's, in the code's shape, and shows them again")
  func hiddenCodes() {
    var s = state([account("GitHub", "ada"), account("Mail", "m")], now: 59)
    _ = press(&s, .character("h"))
    #expect(s.hideCodes)
    let rows = render(s).lines.map(\.text).filter { $0.contains("ada") || $0.contains(" m ") }
    #expect(rows.filter { $0.contains("287 082") }.count == 1, "\(rows)")
    #expect(rows.filter { $0.contains("••• •••") }.count == 1, "\(rows)")
    _ = press(&s, .down)
    let moved = render(s).lines.map(\.text).first { $0.contains("GitHub") } ?? ""
    #expect(moved.contains("••• •••"))
    _ = press(&s, .character("h"))
    #expect(!render(s).text.contains("•"))
    s.unicode = false
    _ = press(&s, .character("h"))
    #expect(render(s).text.contains("*** ***"))
  }

  @Test("the edit form's Groups field: comma-separated, compared ignoring case, unsafe names refused beside the field")
  func editGroups() {
    var s = state([grouped("GitHub", ["Work", "Code"])])
    // Issuer, Name, Note, Digits, Period, Algorithm, Favourite, then Groups.
    _ = press(&s, .character("e"), .tab, .tab, .tab, .tab, .tab, .tab, .tab)
    guard case .editing(let form) = s.mode else {
      Issue.record("not editing")
      return
    }
    #expect(form.fields[form.current].label == "Groups")
    #expect(form.fields[form.current].value.text == "Work, Code")
    _ = press(&s, .control("u"))
    _ = type(&s, "work, Travel,, ")
    let saved = press(&s, .control("s"))
    #expect(saved == [.edit(id: "github", changes: AccountChanges(addGroups: ["Travel"], removeGroups: ["Code"]))])
    var t = state([grouped("GitHub", [])])
    _ = press(&t, .character("e"), .tab, .tab, .tab, .tab, .tab, .tab, .tab)
    _ = type(&t, "bad\u{202E}name")
    #expect(press(&t, .control("s")).isEmpty)
    guard case .editing(let refused) = t.mode else {
      Issue.record("the form closed")
      return
    }
    #expect(refused.error?.contains("cannot hold control") == true)
  }
}
