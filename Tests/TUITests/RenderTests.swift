import OTPCore
import PropertyBased
import Testing

@testable import TUI

@Suite("Viewer screen model")
struct RenderTests {
  @Test("codes change exactly at the period boundary and are grouped for reading")
  func boundary() {
    let before = render(state([account("GitHub", "ada")], now: 59)).text
    let after = render(state([account("GitHub", "ada")], now: 60)).text
    #expect(before.contains("287 082"))
    #expect(after.contains("359 152"))
    #expect(!after.contains("287 082"))
  }

  @Test("the shared countdown is drawn once in the header; other periods get their own bar")
  func countdown() {
    let frame = render(state([account("GitHub", "ada"), account("Mail", "m", period: 60)], now: 1_700_000_000))
    // 1700000000 mod 30 = 20: 10 s left of 30 → a third of the bar; mod 60 = 20: 40 s left.
    #expect(frame.lines[0].text.contains("10s"))
    #expect(frame.lines[0].text.contains("██████████░░░░░░░░░░░░░░░░░░░░"))
    let mail = frame.lines.first { $0.text.contains("Mail") }?.text ?? ""
    #expect(mail.contains("40s"))
    #expect(mail.contains("███████░░░"))
  }

  @Test("the last 5 seconds are drawn as a warning, with the next code dimmed beside")
  func warning() {
    let frame = render(state([account("GitHub", "ada")], now: 55))
    let row = frame.lines.first { $0.text.contains("GitHub") }
    #expect(row?.spans.contains { $0.tone == .warn && $0.text.contains("287 082") } == true)
    #expect(row?.spans.contains { $0.style.contains(.dim) && $0.text.contains("next 359 152") } == true)
    #expect(frame.lines[0].spans.contains { $0.tone == .warn })
    let calm = render(state([account("GitHub", "ada")], now: 40))
    #expect(!calm.text.contains("next 3"))
  }

  @Test("HOTP rows say press n instead of spending a code")
  func hotpRow() {
    let frame = render(state([account("Vpn", "dave", kind: .hotp)]))
    #expect(frame.text.contains("press n for a code"))
    #expect(!frame.text.contains("755 224"))
  }

  static let hostile = [
    "evil\u{1b}[2Jlabel", "osc\u{1b}]52;c;aGk=\u{07}x", "bell\u{07}", "carriage\rreturn", "\u{202e}gnp.exe", "c1\u{9b}31m",
  ]

  @Test("labels with escape sequences, BEL, CR and bidi overrides are drawn harmless", arguments: hostile)
  func hostileLabels(label: String) {
    let frame = render(state([account(label, label)]))
    for scalar in frame.text.unicodeScalars where scalar != "\n" {
      #expect(!Sanitizer.isUnsafe(scalar), "U+\(String(scalar.value, radix: 16)) reached the screen")
    }
    #expect(frame.text.contains("\u{FFFD}"))
  }

  @Test("a terminal too small says so instead of drawing the list")
  func tooSmall() {
    let frame = render(state([account("GitHub", "ada")], rows: 4, columns: 30))
    #expect(frame.text.hasPrefix("terminal too small"))
    #expect(frame.lines.count == 4)
  }

  @Test("every frame has exactly rows lines, none wider than the terminal, at any size")
  func dimensions() async {
    let accounts = (0..<30).map { account("Issuer 中文 \($0)", "user\($0)@example.com 😀", period: $0 % 3 == 0 ? 60 : 30) }
    await propertyCheck(count: 150, input: Gen.int(in: 1...80), Gen.int(in: 1...250), Gen.int(in: 0...29)) {
      rows, columns, selection in
      var s = state(accounts, rows: rows, columns: columns)
      for _ in 0..<selection { _ = reduce(&s, .key(.down)) }
      let frame = render(s)
      #expect(frame.lines.count == rows)
      #expect(frame.lines.allSatisfy { CellWidth.of($0.text) <= columns })
    }
  }

  @Test("a resize re-lays the list and keeps the selection visible")
  func resize() {
    var s = state((0..<40).map { account("I\($0)", "n") }, rows: 30)
    for _ in 0..<30 { _ = reduce(&s, .key(.down)) }
    _ = reduce(&s, .resize(rows: 10, columns: 60))
    #expect(s.selection >= s.scroll && s.selection < s.scroll + s.listRows)
    #expect(render(s).lines.count == 10)
  }

  @Test("without UTF-8 the bars and markers are ASCII")
  func asciiFallback() {
    var s = state([account("GitHub", "ada", favourite: true)])
    s.unicode = false
    let text = render(s).text
    #expect(text.contains("#"))
    #expect(!text.contains("█") && !text.contains("★"))
  }

  @Test("Q shows the QR code full screen with a warning, or says the terminal is too small")
  func qr() {
    var big = state([account("GitHub", "ada")], rows: 60, columns: 120)
    _ = reduce(&big, .key(.character("Q")))
    #expect(render(big).text.contains("Show the QR code of GitHub: ada? It reveals the secret. [y/N]"))
    #expect(!render(big).text.contains("▀"))
    _ = reduce(&big, .key(.character("y")))
    let frame = render(big)
    #expect(frame.lines[0].text.contains("reveals the secret of GitHub: ada"))
    #expect(frame.text.contains("▀") || frame.text.contains("▄"))
    var small = state([account("GitHub", "ada")], rows: 12, columns: 60)
    _ = reduce(&small, .key(.character("s")))
    _ = reduce(&small, .key(.character("y")))
    #expect(render(small).text.contains("too small for this code"))
  }
}
