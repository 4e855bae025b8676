import CryptoPrimitives
import OTPCore

/// How many wrong passwords the lock screen accepts before the viewer quits.
public let unlockTries = 3

/// Applies `event` to `state` and returns the work the run loop must do. No I/O happens here.
public func reduce(_ state: inout AppState, _ event: Event) -> [Effect] {
  switch event {
  case .tick(let systemTime):
    return tick(&state, systemTime: systemTime)
  case .resize(let rows, let columns):
    state.rows = rows
    state.columns = columns
    clampSelection(&state)
    return []
  case .unlocked(let accounts):
    state.accounts = accounts
    state.mode = .list
    state.lastInput = state.now
    clampSelection(&state)
    return []
  case .failed(let message):
    if case .locked(_, _, let tries) = state.mode {
      let left = tries - 1
      if left <= 0 { return [.quit] }
      state.mode = .locked(
        password: SecretField(), message: "\(message) (\(left) \(left == 1 ? "try" : "tries") left)", triesLeft: left)
      return []
    }
    if case .adding(let text, _) = state.mode {
      state.mode = .adding(text: text, error: message)
      return []
    }
    setStatus(&state, message)
    return []
  case .saved(let message, let accounts):
    let selectedID = state.selected?.id
    state.accounts = accounts
    if let selectedID, let index = state.visible.firstIndex(where: { state.accounts[$0].id == selectedID }) {
      state.selection = index
    }
    clampSelection(&state)
    if case .adding(let text, _) = state.mode {
      text.clear()
      state.mode = .list
    }
    state.notice = nil
    setStatus(&state, message)
    return []
  case .notice(let message):
    state.notice = message
    return []
  case .copied(let label, let code, let route):
    switch route {
    case .tool(let tool):
      state.clipboard = (code, state.now + 30)
      setStatus(&state, "copied \(label) with \(tool) · clears in 30 s", seconds: 30)
    case .terminal:
      state.terminalClipboard = true
      setStatus(&state, "sent \(label) to the terminal (OSC 52) · overwritten when Otter locks or quits", seconds: 30)
    case .unavailable(let reason):
      setStatus(&state, "not copied: \(reason)")
    }
    return []
  case .key(let key):
    state.lastInput = state.now
    return press(&state, key)
  }
}

private func tick(_ state: inout AppState, systemTime: Int64) -> [Effect] {
  state.now = systemTime + state.clockOffset
  // The first tick starts the idle clock (the state may be built before the time is known).
  if state.lastInput == 0 { state.lastInput = state.now }
  var effects: [Effect] = []
  if let clipboard = state.clipboard, state.now >= clipboard.clearAt {
    effects.append(.clearClipboard(code: clipboard.code))
    state.clipboard = nil
  }
  if state.canLock && state.autoLockSeconds > 0 && state.now - state.lastInput >= state.autoLockSeconds {
    switch state.mode {
    case .locked, .offerCreate, .creating: break
    default: effects += lock(&state, message: "locked after \(state.autoLockSeconds / 60) idle minutes")
    }
  }
  if state.statusUntil > 0 && state.now >= state.statusUntil {
    state.status = ""
    state.statusUntil = 0
  }
  return effects
}

/// Hides every code and secret and asks for the password again; the clipboard is cleared too.
private func lock(_ state: inout AppState, message: String) -> [Effect] {
  var effects: [Effect] = []
  if let clipboard = state.clipboard { effects.append(.clearClipboard(code: clipboard.code)) }
  if state.terminalClipboard { effects.append(.clearTerminalClipboard) }
  state.clipboard = nil
  state.terminalClipboard = false
  state.accounts = []
  state.revealed = [:]
  state.qr = nil
  if case .adding(let text, _) = state.mode { text.clear() }
  state.mode = .locked(password: SecretField(), message: message, triesLeft: unlockTries)
  return effects + [.lock]
}

func setStatus(_ state: inout AppState, _ message: String, seconds: Int64 = 10) {
  state.status = message
  state.statusUntil = state.now + seconds
}

func clampSelection(_ state: inout AppState) {
  state.selection = min(max(state.selection, 0), max(state.visible.count - 1, 0))
  if state.selection < state.scroll { state.scroll = state.selection }
  if state.selection >= state.scroll + state.listRows { state.scroll = state.selection - state.listRows + 1 }
  state.scroll = max(0, min(state.scroll, max(state.visible.count - state.listRows, 0)))
}

private func press(_ state: inout AppState, _ key: Key) -> [Effect] {
  if key == .control("c") { return [.quit] }
  switch state.mode {
  case .list: return listKey(&state, key)
  case .filtering: return filterKey(&state, key)
  case .help, .qr:
    state.mode = .list
    state.qr = nil
    return []
  case .confirmDelete(let id):
    state.mode = .list
    if key == .character("y") || key == .character("Y") { return [.delete(id: id)] }
    setStatus(&state, "not deleted")
    return []
  case .adding(let text, _):
    return addKey(&state, key, text: text)
  case .editingIssuer(let id, let issuer, let name):
    switch edit(issuer, key) {
    case .editing(let text): state.mode = .editingIssuer(id: id, issuer: text, name: name)
    case .done(let text): state.mode = .editingName(id: id, issuer: text, name: name)
    case .cancelled: state.mode = .list
    }
    return []
  case .editingName(let id, let issuer, let name):
    switch edit(name, key) {
    case .editing(let text): state.mode = .editingName(id: id, issuer: issuer, name: text)
    case .done(let text):
      state.mode = .list
      guard !text.isEmpty || !issuer.isEmpty else {
        setStatus(&state, "an account needs an issuer or a name")
        return []
      }
      return [.rename(id: id, issuer: issuer, name: text)]
    case .cancelled: state.mode = .list
    }
    return []
  case .locked(let password, _, let tries):
    switch secretKey(password, key) {
    case .editing: break
    case .done:
      guard !password.isEmpty else { return [] }
      state.mode = .locked(password: password, message: "unlocking…", triesLeft: tries)
      return [.unlock(password: password)]
    case .cancelled:
      password.clear()
      return [.quit]
    }
    return []
  case .offerCreate:
    if key == .character("y") || key == .character("Y") {
      state.mode = .creating(password: SecretField(), first: nil, message: nil)
      return []
    }
    return [.quit]
  case .creating(let password, let first, _):
    switch secretKey(password, key) {
    case .editing: break
    case .done:
      guard !password.isEmpty else {
        state.mode = .creating(password: password, first: first, message: "an empty password is refused")
        return []
      }
      guard let first else {
        state.mode = .creating(password: SecretField(), first: password, message: nil)
        return []
      }
      guard first.matches(password) else {
        first.clear()
        password.clear()
        state.mode = .creating(password: SecretField(), first: nil, message: "the passwords do not match; type it again")
        return []
      }
      first.clear()
      state.mode = .locked(password: SecretField(), message: "creating the vault…", triesLeft: unlockTries)
      return [.create(password: password)]
    case .cancelled:
      password.clear()
      first?.clear()
      return [.quit]
    }
    return []
  }
}

private func listKey(_ state: inout AppState, _ key: Key) -> [Effect] {
  switch key {
  case .up, .character("k"): move(&state, by: -1)
  case .down, .character("j"): move(&state, by: 1)
  case .pageUp: move(&state, by: -state.listRows)
  case .pageDown: move(&state, by: state.listRows)
  case .home, .character("g"): move(&state, to: 0)
  case .end, .character("G"): move(&state, to: state.visible.count - 1)
  case .click(let row, _):
    let index = state.scroll + row - 2
    if row >= 2, index < state.visible.count { move(&state, to: index) }
  case .character("/"):
    state.mode = .filtering
  case .escape:
    state.filter = ""
    clampSelection(&state)
  case .character("?"):
    state.mode = .help
  case .character("q"):
    return [.quit]
  case .character("L"):
    guard state.canLock else {
      setStatus(&state, "the demo has no password to lock")
      return []
    }
    return lock(&state, message: "locked")
  case .enter, .character("y"):
    return copy(&state)
  case .character("Q"), .character("s"):
    if let selected = state.selected {
      state.qr = RenderedQR(selected, unicode: state.unicode)
      state.mode = .qr(id: selected.id)
    }
  case .character("a"):
    state.mode = .adding(text: SecretField(), error: nil)
  case .character("e"):
    if let selected = state.selected {
      state.mode = .editingIssuer(id: selected.id, issuer: selected.account.issuer, name: selected.account.name)
    }
  case .character("d"):
    if let selected = state.selected { state.mode = .confirmDelete(id: selected.id) }
  case .character("f"):
    if let selected = state.selected { return [.toggleFavourite(id: selected.id)] }
  case .character("n"):
    guard let selected = state.selected else { return [] }
    guard selected.account.kind == .hotp else {
      setStatus(&state, "n makes a new code for counter-based (HOTP) accounts only")
      return []
    }
    if let code = selected.code(counter: selected.account.counter) { state.revealed[selected.id] = code }
    return [.advanceCounter(id: selected.id)]
  default: break
  }
  return []
}

private func copy(_ state: inout AppState) -> [Effect] {
  guard let selected = state.selected else { return [] }
  let code: String?
  if selected.account.isTimeBased {
    code = selected.code(at: state.now)
  } else {
    code = state.revealed[selected.id]
  }
  guard let code else {
    setStatus(&state, "press n first to make a code for \(selected.shortLabel)")
    return []
  }
  return [.copy(code: code, label: selected.shortLabel)]
}

private func move(_ state: inout AppState, by delta: Int) { move(&state, to: state.selection + delta) }

private func move(_ state: inout AppState, to index: Int) {
  state.selection = index
  clampSelection(&state)
}

private func filterKey(_ state: inout AppState, _ key: Key) -> [Effect] {
  switch key {
  case .escape:
    state.filter = ""
    state.mode = .list
  case .enter:
    state.mode = .list
  case .backspace:
    if !state.filter.isEmpty { state.filter.removeLast() }
  case .character(let character):
    state.filter.append(character)
  default: break
  }
  state.selection = 0
  state.scroll = 0
  clampSelection(&state)
  return []
}

private func addKey(_ state: inout AppState, _ key: Key, text: SecretField) -> [Effect] {
  switch secretKey(text, key) {
  case .editing: state.mode = .adding(text: text, error: nil)
  case .cancelled:
    text.clear()
    state.mode = .list
  case .done:
    var bytes = text.secret().copiedBytes()
    let start = bytes.firstIndex { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") } ?? bytes.count
    let end = (bytes.lastIndex { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") } ?? -1) + 1
    var trimmed = start < end ? Array(bytes[start..<end]) : []
    defer {
      wipe(&bytes)
      wipe(&trimmed)
    }
    do {
      _ = try OTPAuthURI.parse(utf8: trimmed)
    } catch {
      state.mode = .adding(text: text, error: "\(error)")
      return []
    }
    return [.add(uri: text)]
  }
  return []
}

enum LineEdit<Text> {
  case editing(Text)
  case done(Text)
  case cancelled
}

/// One key applied to a line of text: characters append, Backspace deletes, Enter ends, Esc cancels.
func edit(_ text: String, _ key: Key) -> LineEdit<String> {
  switch key {
  case .enter: return .done(text)
  case .escape: return .cancelled
  case .backspace: return .editing(String(text.dropLast()))
  case .character(let character): return .editing(text + String(character))
  default: return .editing(text)
  }
}

/// One key applied to a hidden field: characters append, Backspace deletes a character,
/// Ctrl-U clears, Ctrl-W deletes a word, Enter ends, Esc cancels. The field is changed in place.
func secretKey(_ field: SecretField, _ key: Key) -> LineEdit<Void> {
  switch key {
  case .enter: return .done(())
  case .escape: return .cancelled
  case .backspace: field.deleteLast()
  case .control("u"): field.clear()
  case .control("w"): field.deleteWord()
  case .character(let character): field.append(character)
  default: break
  }
  return .editing(())
}
