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
}
