import OTPCore
import Testing

@Suite("Sanitizing labels for display")
struct SanitizerTests {
  @Test(
    "removes escape sequences, controls and bidi overrides",
    arguments: [
      "evil\u{1b}[2J", "osc\u{1b}]52;c;aGk=\u{07}", "bell\u{07}", "cr\rover", "\u{202e}txt.exe", "c1\u{9b}31m", "nl\nx",
    ])
  func hostile(label: String) {
    let shown = Sanitizer.displayText(label)
    #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7f...0x9f).contains($0.value) || $0 == "\u{202e}" })
    #expect(shown.contains("\u{FFFD}"))
  }

  @Test("keeps ordinary Unicode as it is")
  func keepsUnicode() {
    #expect(Sanitizer.displayText("Zürich 中文 😀 ACME") == "Zürich 中文 😀 ACME")
  }
}

@Suite("Invisible characters in labels")
struct InvisibleCharacterTests {
  static let invisible: [UInt32] =
    Array(0x200B...0x200D) + Array(0x2060...0x2064) + [0xFEFF, 0x00AD, 0x180E, 0x115F, 0x1160, 0x3164, 0xFFA0]
    + Array(0xFFF9...0xFFFB) + [0xE0000, 0xE0001, 0xE0041, 0xE007F]

  @Test("every invisible character is shown as U+FFFD, so Go<U+200B>ogle no longer looks like Google", arguments: invisible)
  func shownVisibly(value: UInt32) throws {
    let scalar = try #require(Unicode.Scalar(value))
    let label = "Go" + String(Character(scalar)) + "ogle"
    #expect(Sanitizer.displayText(label) == "Go\u{FFFD}ogle")
    #expect(Sanitizer.displayText(label) != "Google")
  }

  @Test("a zero width joiner inside an emoji sequence is kept; between letters it is not")
  func joiner() {
    #expect(Sanitizer.displayText("dev 👩\u{200D}💻") == "dev 👩\u{200D}💻")
    #expect(Sanitizer.displayText("👨🏽\u{200D}🚀") == "👨🏽\u{200D}🚀")
    #expect(Sanitizer.displayText("❤️\u{200D}🔥") == "❤️\u{200D}🔥")
    #expect(Sanitizer.displayText("a\u{200D}b") == "a\u{FFFD}b")
    #expect(Sanitizer.displayText("\u{200D}😀") == "\u{FFFD}😀")
    #expect(Sanitizer.displayText("1\u{200D}😀") == "1\u{FFFD}😀")
  }
}
