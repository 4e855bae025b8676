/// How a piece of text is drawn.
public struct TextStyle: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }
  public static let bold = TextStyle(rawValue: 1)
  public static let dim = TextStyle(rawValue: 2)
  public static let reverse = TextStyle(rawValue: 4)
  public static let underline = TextStyle(rawValue: 8)
}

/// The colour role of a piece of text; the backend maps roles to colours (or to nothing, under
/// `NO_COLOR` or on a monochrome terminal).
public enum Tone: Sendable, Hashable {
  case normal, accent, warn, muted
}

/// A run of text with one style.
public struct Span: Sendable, Hashable {
  public var text: String
  public var style: TextStyle
  public var tone: Tone
  public init(_ text: String, _ style: TextStyle = [], _ tone: Tone = .normal) {
    self.text = text
    self.style = style
    self.tone = tone
  }
}

/// One screen line.
public struct Line: Sendable, Hashable {
  public var spans: [Span]
  public init(_ spans: [Span] = []) { self.spans = spans }

  /// The line's characters without styles (for tests).
  public var text: String { spans.map(\.text).joined() }
}

/// A whole screen: exactly `rows` lines, none wider than `columns` cells.
public struct Frame: Sendable, Hashable {
  public var rows: Int
  public var columns: Int
  public var lines: [Line]

  /// The screen as plain text, one line per row (for tests).
  public var text: String { lines.map(\.text).joined(separator: "\n") }
}

/// Terminal cell widths: East Asian wide characters and emoji take two cells, combining marks
/// none. An approximation of wcwidth(3) that needs no locale.
public enum CellWidth {
  public static func of(_ character: Character) -> Int {
    guard let scalar = character.unicodeScalars.first else { return 0 }
    let value = scalar.value
    if value < 0x300 { return 1 }
    switch value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
      0x1F900...0x1F9FF, 0x20000...0x3FFFD:
      return 2
    default:
      return 1
    }
  }

  public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

  /// `text` cut to at most `width` cells, with `…` when cut.
  public static func fit(_ text: String, _ width: Int) -> String {
    guard width > 0 else { return "" }
    guard of(text) > width else { return text }
    var result = ""
    var used = 0
    for character in text {
      let cells = of(character)
      if used + cells > width - 1 { break }
      result.append(character)
      used += cells
    }
    return result + "…"
  }

  /// `text` fitted and padded with spaces to exactly `width` cells.
  public static func pad(_ text: String, _ width: Int) -> String {
    let fitted = fit(text, width)
    return fitted + String(repeating: " ", count: max(0, width - of(fitted)))
  }
}

/// ASCII for a terminal whose locale is not UTF-8: every glyph Otter draws gets a one-cell
/// stand-in, and any other non-ASCII character (a label's `é`, `名`) becomes `?` for each cell
/// it would take, so rows keep the widths they were laid out with.
public enum ASCIIFallback {
  static let glyphs: [Character: Character] = [
    "·": "-", "…": "~", "—": "-", "–": "-", "×": "x", "▏": "_", "•": "*", "★": "*", "█": "#", "░": ".", "↑": "^", "↓": "v",
    "→": ">", "←": "<", "▀": "^", "▄": "_", "⏎": "<", "\u{FFFD}": "?",
  ]

  public static func text(_ text: String) -> String {
    guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
    var result = ""
    for character in text {
      if character.isASCII {
        result.append(character)
      } else if let glyph = glyphs[character] {
        result.append(glyph)
      } else {
        result += String(repeating: "?", count: max(1, CellWidth.of(character)))
      }
    }
    return result
  }
}
