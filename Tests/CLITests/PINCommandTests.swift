import Foundation
import TestSupport
import Testing

/// mOTP and Yandex accounts from the command line: the PIN asked like a password, stored in
/// the vault, carried by Aegis exports, never by URIs. Expected codes are the published
/// vectors (the same ones Tests/Reference/otp_reference.py reproduces independently).
@Suite("mOTP and Yandex on the command line", .serialized)
struct PINCommandTests {
  static let yandexURI = "otpauth://yandex/Yandex:alice?secret=6SB2IKNM6OBZPAVBVTOHDKS4FAAAAAAADFUTQMBTRY"
  static let motpURI = "otpauth://motp/Bank:bob?secret=4MKSV7XGEWM4Q"

  @Test("otter add takes the PIN from --pin-file; without one and without a terminal it says how, and adds nothing")
  func add() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let before = try vault.bytes()
    let refused = try vault.run(["add"], input: Self.motpURI + "\n")
    #expect(refused.status == 65)
    #expect(refused.error.contains("the motp account needs its PIN"), "\(refused.error)")
    #expect(refused.error.contains("--pin-file"))
    #expect(try vault.bytes() == before)
    try vault.folder.write("bad-pin", "12a4\n")
    #expect(try vault.run(["add", "--pin-file", vault.folder.file("bad-pin")], input: Self.motpURI + "\n").status == 65)
    try vault.folder.write("pin", "1234\n")
    #expect(try vault.run(["add", "--pin-file", vault.folder.file("pin")], input: Self.motpURI + "\n").status == 0)
    try vault.folder.write("pin", "5239\n")
    #expect(try vault.run(["add", "--pin-file", vault.folder.file("pin")], input: Self.yandexURI + "\n").status == 0)
    #expect(try vault.run(["code", "bank", "--at", "165892298"]).output == "e7d8b6\n")
    #expect(try vault.run(["code", "yandex", "--at", "1641559648"]).output == "umozdicq\n")
    let list = try vault.run(["list", "--at", "165892298"]).output
    #expect(list.contains("motp") && list.contains("yandex") && list.contains("e7d8b6"), "\(list)")
    // A mistyped PIN is fixed with otter edit --pin.
    try vault.folder.write("pin", "0000\n")
    #expect(try vault.run(["edit", "bank", "--pin", "--pin-file", vault.folder.file("pin")]).status == 0)
    #expect(try vault.run(["code", "bank", "--at", "165892298"]).output != "e7d8b6\n")
    try vault.folder.write("pin", "1234\n")
    #expect(try vault.run(["edit", "bank", "--pin", "--pin-file", vault.folder.file("pin")]).status == 0)
    #expect(try vault.run(["code", "bank", "--at", "165892298"]).output == "e7d8b6\n")
    #expect(try vault.run(["edit", "bank", "--pin", "--pin-file", vault.folder.file("bad-pin")]).status == 65)
    // A bare mOTP secret is the hex text mOTP services show.
    try vault.folder.write("pin", "9999\n")
    let manual = try vault.run(
      ["add", "--issuer", "Hex", "--name", "h", "--type", "motp", "--pin-file", vault.folder.file("pin")],
      input: "bbb1912bb5c515be\n")
    #expect(manual.status == 0, "\(manual.error)")
    #expect(try vault.run(["code", "hex", "--at", "1659540020"]).output == "ced7b1\n")
    // `code --uri` has no vault and no PIN: refused, never a wrong code.
    try vault.folder.write("m.uri", Self.motpURI + "\n")
    let uri = try vault.run(["code", "--uri", vault.folder.file("m.uri")])
    #expect(uri.status == 65 && uri.error.contains("needs its PIN"), "\(uri.error)")
  }

  @Test(
    "import: PINs in the file are kept, missing ones come from --pin-file; exports carry them (Aegis) or say they do not (URI, Google)"
  )
  func importAndExport() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    // Authenticator Pro: type 3 is mOTP (hex secret), 5 Yandex; the Yandex entry has no PIN.
    try vault.folder.write(
      "ap.json",
      #"{"Authenticators":[{"Type":3,"Issuer":"MBank","Username":"m","Secret":"e3152afee62599c8","Pin":"1234","Algorithm":0,"Digits":6,"Period":10,"Counter":0},{"Type":5,"Issuer":"YA","Username":"y","Secret":"LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI","Pin":null,"Algorithm":1,"Digits":8,"Period":30,"Counter":0}],"Categories":[],"AuthenticatorCategories":[],"CustomIcons":[]}"#
    )
    let unasked = try vault.run(["import", vault.folder.file("ap.json")])
    #expect(unasked.status == 65)
    #expect(unasked.output.contains("added   authenticator 1: MBank: m"), "\(unasked.output)")
    #expect(unasked.output.contains("failed  authenticator 2: the yandex account needs its PIN"), "\(unasked.output)")
    try vault.folder.write("pin", "7586\n")
    let asked = try vault.run(["import", vault.folder.file("ap.json"), "--pin-file", vault.folder.file("pin")])
    #expect(asked.status == 0, "\(asked.error)")
    #expect(try vault.run(["code", "MBank", "--at", "123456789"]).output == "4ebfb2\n")
    #expect(try vault.run(["code", "YA", "--at", "1581064020"]).output == "oactmacq\n")

    let aegis = vault.folder.file("out.json")
    #expect(try vault.run(["export", "--format", "aegis", "-o", aegis]).status == 0)
    let exported = try String(contentsOfFile: aegis, encoding: .utf8)
    #expect(exported.contains(#""type":"motp""#) && exported.contains(#""algo":"MD5""#) && exported.contains(#""pin":"1234""#))
    let other = try TestVault()
    defer { other.folder.remove() }
    #expect(try other.run(["import", aegis]).status == 0)
    #expect(try other.run(["code", "YA", "--at", "1581090810"]).output == "wemdwrix\n")

    let uris = try vault.run(["export", "--format", "uri", "-o", vault.folder.file("out.uris")])
    #expect(uris.error.contains("2 mOTP or Yandex accounts are written without their PIN"), "\(uris.error)")
    #expect(try !String(contentsOfFile: vault.folder.file("out.uris"), encoding: .utf8).contains("pin"))
    let google = try vault.run(["export", "--format", "google", "-o", vault.folder.file("out.google")])
    #expect(google.error.contains("skipped YA: y: Google Authenticator has no Yandex accounts"), "\(google.error)")
    #expect(google.error.contains("skipped MBank: m: Google Authenticator has no mOTP accounts"))
  }

  @Test("on a terminal the PIN is asked at a hidden prompt and never echoed")
  func prompt() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try vault.folder.write("y.uri", Self.yandexURI + "\n")
    let command =
      "env -i PATH=/usr/bin:/bin HOME='\(vault.folder.path)' LANG=C.UTF-8 TERM=tmux-256color '\(otterPath)' add "
      + vault.common.map { "'\($0)'" }.joined(separator: " ")
      + " < '\(vault.folder.file("y.uri"))'; echo ADD-EXITED $?; sleep 600"
    let session = TmuxSession(command: command)
    defer { session.kill() }
    #expect(session.wait(for: "PIN for Yandex: alice").contains("(yandex, hidden)"))
    session.send(literal: "5239")
    session.send("Enter")
    let screen = session.wait(for: "ADD-EXITED")
    #expect(screen.contains("added Yandex: alice") && screen.contains("ADD-EXITED 0"), "\(screen)")
    #expect(!session.history().contains("5239"))
    #expect(try vault.run(["code", "yandex", "--at", "1641559648"]).output == "umozdicq\n")
  }
}
