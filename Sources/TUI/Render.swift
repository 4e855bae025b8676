import OTPCore

/// The smallest terminal the viewer draws into.
public let minimumRows = 6
public let minimumColumns = 40

/// Draws `state` as a frame of `state.rows` × `state.columns` cells. Pure: same state, same frame.
public func render(_ state: AppState) -> Frame {
  var lines: [Line]
  if state.rows < minimumRows || state.columns < minimumColumns {
    lines = [Line([Span(CellWidth.fit("terminal too small: needs \(minimumColumns)×\(minimumRows)", state.columns), .bold)])]
  } else {
    switch state.mode {
    case .locked(let password, let message, _): lines = lockScreen(state, prompt: "Password: ", typed: password, message: message)
    case .offerCreate:
      lines = centered(
        state,
        [
          Line([Span("No vault at \(state.vaultPath).", .bold)]), Line(),
          Line([Span("Enter: create · Esc: quit", .bold)]),
        ])
    case .creating(let password, let first, let message, _):
      lines = lockScreen(
        state, prompt: first == nil ? "New password: " : "Repeat the password: ", typed: password, message: message)
    case .help: lines = help(state)
    case .editing(let form): lines = formScreen(state, form)
    case .qr(let id): lines = qrScreen(state, id: id)
    default: lines = listScreen(state)
    }
  }
  // Exactly `rows` lines, each cut to `columns` cells; ASCII only where the terminal is not UTF-8.
  lines = Array(lines.prefix(state.rows))
  while lines.count < state.rows { lines.append(Line()) }
  if !state.unicode {
    lines = lines.map { Line($0.spans.map { Span(ASCIIFallback.text($0.text), $0.style, $0.tone) }) }
  }
  return Frame(rows: state.rows, columns: state.columns, lines: lines.map { clip($0, state.columns) })
}

private func clip(_ line: Line, _ columns: Int) -> Line {
  var remaining = columns
  var spans: [Span] = []
  for span in line.spans where remaining > 0 {
    let width = CellWidth.of(span.text)
    if width <= remaining {
      spans.append(span)
      remaining -= width
    } else {
      var cut = ""
      var used = 0
      for character in span.text {
        let cells = CellWidth.of(character)
        if used + cells > remaining { break }
        cut.append(character)
        used += cells
      }
      spans.append(Span(cut, span.style, span.tone))
      remaining = 0
    }
  }
  return Line(spans)
}

// MARK: - The account list

/// A countdown bar `width` cells wide, full at the start of a period and empty at its end.
func bar(remaining: Int, period: Int, width: Int, unicode: Bool) -> String {
  let filled = Int((Double(remaining) / Double(period) * Double(width)).rounded(.up))
  return String(repeating: unicode ? "█" : "#", count: min(filled, width))
    + String(repeating: unicode ? "░" : ".", count: max(0, width - filled))
}

private func header(_ state: AppState, period: Int?) -> Line {
  var spans = [Span(" Otter ", .bold, .accent)]
  if let period {
    let remaining = TimeStep.remaining(at: state.now, period: period)
    let tone: Tone = remaining <= 5 ? .warn : .accent
    spans.append(Span("  "))
    spans.append(
      Span(bar(remaining: remaining, period: period, width: min(30, state.columns - 30), unicode: state.unicode), [], tone))
    spans.append(Span(" \(remaining)s", .bold, tone))
    if period != 30 { spans.append(Span(" of \(period)s", .dim)) }
  }
  return Line(spans)
}

private func listScreen(_ state: AppState) -> [Line] {
  let period = state.commonPeriod
  var lines = [header(state, period: period)]
  switch state.mode {
  case .filtering:
    lines.append(Line([Span(" / ", .bold, .accent), Span(state.filter), Span(state.unicode ? "▏" : "_", [], .accent)]))
  default:
    lines.append(
      state.filter.isEmpty
        ? Line([Span(keyHints(width: state.columns - 1), .dim)])
        : Line([Span(" / ", .dim), Span(state.filter, .bold), Span("   (Esc clears)", .dim)]))
  }
  let rows = state.listRows
  let shown = state.visible.dropFirst(state.scroll).prefix(rows)
  if state.accounts.isEmpty {
    lines.append(Line([Span("  No accounts yet. Press a to paste an otpauth URI, or run `otter add`.", .dim)]))
  } else if state.visible.isEmpty {
    lines.append(Line([Span("  No account matches \"\(Sanitizer.displayText(state.filter))\".", .dim)]))
  }
  let layout = RowLayout(columns: state.columns, widths: state.listWidths)
  for (offset, index) in shown.enumerated() {
    let row = state.scroll + offset
    lines.append(
      accountLine(state, state.accounts[index], selected: row == state.selection, layout: layout, commonPeriod: period))
  }
  while lines.count < state.rows - 1 { lines.append(Line()) }
  if case .namingSecret(_, _, _, _, let error?) = state.mode {
    lines[state.rows - 2] = Line([Span(" " + Sanitizer.displayText(error), .bold, .warn)])
  }
  if case .adding(_, let error?) = state.mode {
    // The error gets a line of its own, above the prompt, so it is never cut short by the prompt.
    lines[state.rows - 2] = Line([Span(" " + Sanitizer.displayText(error), .bold, .warn)])
  }
  if state.statusWraps, state.mode == .list || state.mode == .filtering {
    let area = state.statusLines
    lines.removeLast(min(area.count - 1, max(lines.count - 2, 0)))
    for (text, tone) in area {
      switch tone {
      case .status: lines.append(Line([Span(" " + text, .bold)]))
      case .notice: lines.append(Line([Span(" " + text, .bold, .warn)]))
      case .facts: lines.append(Line([Span(" " + text, .dim)]))
      }
    }
    return lines
  }
  lines.append(statusLine(state))
  return lines
}

/// The key hints under the header: the longest that fits, so `q quit` is never cut off.
func keyHints(width: Int) -> String {
  let variants = [
    " ? help  / filter  enter copy  Q qr  a add  e edit  d delete  f favourite  n next HOTP  L lock  q quit",
    " ? help  / filter  enter copy  Q qr  a add  e edit  L lock  q quit",
    " ? help  / filter  enter copy  q quit",
    " ? help  q quit",
  ]
  return variants.first { CellWidth.of($0) <= width } ?? variants[variants.count - 1]
}

/// Column widths of the account rows, the same for every row: the code and the time left stay
/// in their columns; when the issuers and names do not fit, both are cut (with …) so that every
/// row shows some of each.
struct RowLayout {
  let issuerWidth: Int
  let nameWidth: Int
  let codeWidth: Int
  let timeWidth: Int
  /// Whether there is room after the time for the next code in a period's last seconds.
  let showsNext: Bool
  /// Whether rows with a period of their own get a bar.
  let showsBar: Bool

  init(columns: Int, widths: ListWidths) {
    codeWidth = widths.code
    showsBar = widths.ownBar && columns >= 72
    timeWidth = showsBar ? 15 : 4
    showsNext = columns >= 80
    // marker 2, issuer, space, name, space, code, space, time, and room for " next 123 456"
    let available = max(8, columns - 2 - 1 - 1 - codeWidth - 1 - timeWidth - (showsNext ? codeWidth + 6 : 0))
    var issuer = max(1, widths.issuer)
    var name = max(1, widths.name)
    if issuer + name > available {
      issuer = min(issuer, max(available * 2 / 5, min(6, available / 2)))
      name = min(name, available - issuer)
      issuer = min(widths.issuer, available - name)
    }
    issuerWidth = max(1, issuer)
    nameWidth = max(1, name)
  }
}

private func accountLine(_ state: AppState, _ entry: ViewerAccount, selected: Bool, layout: RowLayout, commonPeriod: Int?) -> Line
{
  let account = entry.account
  let extra: TextStyle = selected ? .reverse : []
  let codeWidth = layout.codeWidth
  let shown = { (code: String) in state.hideCodes && !selected ? hiddenCode(code, unicode: state.unicode) : code }
  var spans = [
    entry.conflicts > 0
      ? Span(state.unicode ? "⚠ " : "! ", extra.union(.bold), .warn)
      : Span(entry.favourite ? (state.unicode ? "★ " : "* ") : "  ", extra, .accent),
    Span(CellWidth.pad(entry.issuer, layout.issuerWidth), extra.union(.bold)),
    Span(" " + CellWidth.pad(entry.name, layout.nameWidth) + " ", extra),
  ]
  if account.isTimeBased {
    let remaining = TimeStep.remaining(at: state.now, period: account.period)
    let warn = remaining <= 5
    let code = shown(entry.code(at: state.now).map(CodeFormat.grouped) ?? "?")
    spans.append(Span(CellWidth.pad(code, codeWidth), extra.union(.bold), warn ? .warn : .normal))
    var time = String(repeating: " ", count: max(0, 3 - String(remaining).count)) + "\(remaining)s"
    if account.period != commonPeriod && layout.showsBar {
      time += " " + bar(remaining: remaining, period: account.period, width: 10, unicode: state.unicode)
    }
    spans.append(Span(" " + CellWidth.pad(time, layout.timeWidth), extra, warn ? .warn : .muted))
    if warn, layout.showsNext, let next = entry.code(at: state.now + Int64(remaining)) {
      spans.append(Span(" next " + shown(CodeFormat.grouped(next)), .dim))
    }
  } else if let code = state.revealed[entry.id] {
    spans.append(Span(CellWidth.pad(shown(CodeFormat.grouped(code)), codeWidth), extra.union(.bold)))
    spans.append(Span(" " + CellWidth.pad("#\(account.counter)", layout.timeWidth), extra, .muted))
  } else {
    // The next code's room is free in an HOTP row: the hint may use it.
    let room = codeWidth + 1 + layout.timeWidth + (layout.showsNext ? codeWidth + 6 : 0)
    spans.append(Span(CellWidth.pad(room >= 18 ? "press n for a code" : "press n", room), extra.union(.dim)))
  }
  return Line(spans)
}

/// A code as dots, its groups kept ("••• •••"), so the row keeps its shape.
func hiddenCode(_ code: String, unicode: Bool) -> String {
  String(code.map { $0 == " " ? " " : (unicode ? "•" : "*") })
}

private func statusLine(_ state: AppState) -> Line {
  switch state.mode {
  case .confirmDelete(let id):
    let label = state.account(id)?.label ?? "?"
    return Line([Span(" Delete \(label)? This cannot be undone. [y/N] ", .reverse, .warn)])
  case .confirmQR(let id):
    let label = state.account(id)?.label ?? "?"
    return Line([Span(" Show the QR code of \(label)? It reveals the secret. [y/N] ", .reverse, .warn)])
  case .adding(let text, _):
    let dots = String(repeating: state.unicode ? "•" : "*", count: min(text.characters, 40))
    return Line([
      Span(" Paste an otpauth URI: ", .bold, .accent), Span(dots),
      Span(" (\(text.characters) characters, hidden; Enter adds, Esc cancels)", .dim),
    ])
  case .editing:
    return Line([Span(" Ctrl-S saves · Enter next (on the last field saves) · Tab ↑ ↓ move · Esc cancels", .dim)])
  case .namingSecret(_, let issuer, let name, let onName, _):
    let field = onName ? name : issuer
    let (before, after) = field.split
    return Line([
      Span(onName ? " Name: " : " Issuer: ", .bold, .accent), Span(Sanitizer.displayText(before)),
      Span(state.unicode ? "▏" : "_", [], .accent), Span(Sanitizer.displayText(after)),
      Span(onName ? "  (secret pasted; Enter adds, Esc cancels)" : "  (secret pasted; Enter next, Esc cancels)", .dim),
    ])
  default:
    // The last action first (it matters most and must not be cut off), then the facts.
    var parts = ["\(state.accounts.count) account\(state.accounts.count == 1 ? "" : "s")"]
    if !state.filter.isEmpty { parts.append("\(state.visible.count) shown") }
    if state.clockOffset != 0 { parts.append("clock offset \(state.clockOffset > 0 ? "+" : "")\(state.clockOffset)s") }
    parts.append(Sanitizer.displayText(state.vaultPath))
    var spans: [Span] = []
    if !state.status.isEmpty { spans.append(Span(" " + Sanitizer.displayText(state.status) + " ·", .bold)) }
    if let notice = state.notice { spans.append(Span(" " + Sanitizer.displayText(notice) + " ·", .bold, .warn)) }
    spans.append(Span(" " + parts.joined(separator: " · "), .dim))
    return Line(spans)
  }
}

// MARK: - Other screens

private func centered(_ state: AppState, _ content: [Line]) -> [Line] {
  let top = max(0, (state.rows - content.count) / 2)
  var lines = Array(repeating: Line(), count: top)
  for line in content {
    let width = CellWidth.of(line.text)
    lines.append(Line([Span(String(repeating: " ", count: max(0, (state.columns - width) / 2)))] + line.spans))
  }
  return lines
}

private func lockScreen(_ state: AppState, prompt: String, typed: SecretField, message: String?) -> [Line] {
  let count = typed.characters
  var content = [
    Line([Span("Otter", .bold, .accent)]), Line([Span(Sanitizer.displayText(state.vaultPath), .dim)]), Line(),
    Line([Span(prompt, .bold), Span(String(repeating: state.unicode ? "•" : "*", count: min(count, 32)))]),
  ]
  if let message { content += [Line(), Line([Span(Sanitizer.displayText(message), [], .warn)])] }
  content += [Line(), Line([Span("Enter unlock · Esc quit", .dim)])]
  return centered(state, content)
}

/// The help screen as much as fits, from `helpScroll`, with a line saying there is more.
private func help(_ state: AppState) -> [Line] {
  let all = helpLines(state)
  guard all.count > state.rows else { return all }
  let start = min(state.helpScroll, all.count - (state.rows - 1))
  var lines = Array(all.dropFirst(start).prefix(state.rows - 1))
  let more = start + lines.count < all.count
  lines.append(Line([Span(more ? " ↓ j more · k back · other keys return" : " ↑ k back · other keys return", .dim)]))
  return lines
}

/// Every line of the help screen; a meaning too long for the width continues under itself.
func helpLines(_ state: AppState) -> [Line] {
  let keys: [(String, String)] = [
    ("↑ ↓  j k", "move"), ("PgUp PgDn", "page"), ("g G  Home End", "first, last"), ("click", "select"),
    ("/", "filter, best match first (Enter copies it, ↓ or Tab moves into the matches, Esc clears)"),
    ("Enter  y", "copy the code"),
    ("Q  s", "show the QR code (asks first: it reveals the secret)"),
    ("a", "add: paste an otpauth URI or a bare secret"), ("e", "edit: issuer, name, note, digits, period, …"), ("d", "delete"),
    ("f", "favourite"), ("h", "hide the codes but the selected one's (for sharing the screen), or show them"),
    ("n", "next code of an HOTP account"), ("L", "lock now (the password is asked again)"), ("q  Ctrl-C", "quit"),
    ("?", "this help"),
  ]
  let keyWidth = state.columns < 60 ? 10 : 16
  var lines = [Line([Span(" Otter keys", .bold, .accent)]), Line()]
  for (key, meaning) in keys {
    let wrapped = wrapWords(meaning, width: max(state.columns - keyWidth - 3, 10))
    for (index, part) in wrapped.enumerated() {
      lines.append(
        Line([Span("  " + CellWidth.pad(index == 0 ? key : "", keyWidth), .bold), Span(part)]))
    }
  }
  lines += [Line(), Line([Span("  Any key returns.", .dim)])]
  return lines
}

private func formScreen(_ state: AppState, _ form: EditForm) -> [Line] {
  let label = state.account(form.id)?.label ?? "?"
  var lines = [Line([Span(" Edit \(label)", .bold, .accent)]), Line()]
  for (index, field) in form.fields.enumerated() {
    let name = Span("  " + CellWidth.pad(field.label + ":", 12), index == form.current ? .bold : [])
    var spans: [Span]
    if index == form.current {
      let (before, after) = field.value.split
      spans = [
        name, Span(Sanitizer.displayText(before), .underline), Span(state.unicode ? "▏" : "_", [], .accent),
        Span(Sanitizer.displayText(after), .underline),
      ]
    } else {
      spans = [name, Span(Sanitizer.displayText(field.value.text))]
    }
    if let error = form.error, form.errorField == index {
      spans.append(Span((state.unicode ? "  ← " : "  <- ") + Sanitizer.displayText(error), .bold, .warn))
    }
    lines.append(Line(spans))
  }
  lines.append(Line())
  if let error = form.error, form.errorField == nil {
    lines.append(Line([Span("  " + Sanitizer.displayText(error), .bold, .warn)]))
  }
  lines.append(Line([Span("  The secret cannot be edited: remove the account and add it again.", .dim)]))
  while lines.count < state.rows - 1 { lines.append(Line()) }
  lines.append(statusLine(state))
  return lines
}

private func qrScreen(_ state: AppState, id: UUIDText) -> [Line] {
  guard let entry = state.account(id), let qr = state.qr, qr.id == id else {
    return [Line([Span("The account is gone. Any key returns.")])]
  }
  var lines = [Line([Span(" This QR code reveals the secret of \(entry.label). Any key returns. ", .bold, .warn)])]
  guard let art = qr.art else { return lines + [Line([Span(" The URI is too long for a QR code.")])] }
  guard qr.width <= state.columns, art.count + 1 <= state.rows else {
    return lines + [
      Line([Span(" The terminal is too small for this code: it needs \(qr.width)×\(art.count + 1).")]),
      Line([Span(" Enlarge the window or make the font smaller, or use `otter qr --png FILE`.")]),
    ]
  }
  let margin = String(repeating: " ", count: (state.columns - qr.width) / 2)
  lines += art.map { Line([Span(margin + $0)]) }
  return lines
}
