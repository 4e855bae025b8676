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
