import OTPCore

/// What a line of the status area is.
public enum StatusTone: Equatable, Sendable {
  /// The last action ("copied GitHub with xclip · clears in 24 s").
  case status
  /// A warning about the vault itself.
  case notice
  /// The facts: how many accounts, the clock offset, the vault's path.
  case facts
}

extension AppState {
  /// The facts of the status area: how many accounts (and shown), the clock offset, the path.
  var statusFacts: String {
    var parts = ["\(accounts.count) account\(accounts.count == 1 ? "" : "s")"]
    if !filter.isEmpty { parts.append("\(visible.count) shown") }
    if clockOffset != 0 { parts.append("clock offset \(clockOffset > 0 ? "+" : "")\(clockOffset)s") }
    parts.append(Sanitizer.displayText(vaultPath))
    return parts.joined(separator: " · ")
  }

  /// The last action and the warning about the vault, sanitized, in that order.
  var statusMessages: [(text: String, tone: StatusTone)] {
    var pieces: [(text: String, tone: StatusTone)] = []
    if !status.isEmpty { pieces.append((Sanitizer.displayText(status), .status)) }
    if let notice { pieces.append((Sanitizer.displayText(notice), .notice)) }
    return pieces
  }

  /// Whether the messages and the facts do not fit side by side on one line.
  public var statusWraps: Bool {
    let messages = statusMessages
    guard !messages.isEmpty else { return false }
    return CellWidth.of(messages.map { " \($0.text) ·" }.joined() + " " + statusFacts) > columns
  }

  /// The status area when it wraps: the last action and the warning on lines of their own (at
  /// most half the screen), so nothing the user must read is cut, and the facts last, on one
  /// line cut at its end, when there is room for them.
  public var statusLines: [(text: String, tone: StatusTone)] {
    let room = max(rows / 2, 2)
    var lines: [(text: String, tone: StatusTone)] = []
    for (text, tone) in statusMessages {
      for line in wrapWords(text, width: max(columns - 1, 8)) { lines.append((line, tone)) }
    }
    if lines.count > room {
      lines.removeLast(lines.count - room)
      lines[room - 1].text = CellWidth.fit(lines[room - 1].text + " …", max(columns - 1, 8))
      return lines
    }
    return lines.count < room ? lines + [(statusFacts, .facts)] : lines
  }

  /// How many lines the status area takes under the list.
  var statusHeight: Int {
    switch mode {
    case .list, .filtering: statusWraps ? statusLines.count : 1
    default: 1
    }
  }
}

/// `text` broken into lines of at most `width` cells at spaces; a word longer than a line is
/// broken inside it.
public func wrapWords(_ text: String, width: Int) -> [String] {
  guard width > 0 else { return [text] }
  var lines: [String] = []
  var line = ""
  var lineWidth = 0
  for word in text.split(separator: " ", omittingEmptySubsequences: true) {
    var word = String(word)
    var wordWidth = CellWidth.of(word)
    if lineWidth > 0 && lineWidth + 1 + wordWidth <= width {
      line += " " + word
      lineWidth += 1 + wordWidth
      continue
    }
    if lineWidth > 0 { lines.append(line) }
    while wordWidth > width {
      var head = ""
      var used = 0
      for character in word {
        let cells = CellWidth.of(character)
        if used + cells > width { break }
        head.append(character)
        used += cells
      }
      if head.isEmpty { head = String(word.prefix(1)) }
      lines.append(head)
      word = String(word.dropFirst(head.count))
      wordWidth = CellWidth.of(word)
    }
    line = word
    lineWidth = wordWidth
  }
  if lineWidth > 0 || lines.isEmpty { lines.append(line) }
  return lines
}
