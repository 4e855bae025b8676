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
      state.mode = .locked(password: [], message: "\(message) (\(left) \(left == 1 ? "try" : "tries") left)", triesLeft: left)
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
    if case .adding = state.mode { state.mode = .list }
    state.notice = nil
    setStatus(&state, message)
    return []
  case .notice(let message):
    state.notice = message
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
    default:
      lock(&state)
      effects.append(.lock)
    }
  }
  if state.statusUntil > 0 && state.now >= state.statusUntil {
    state.status = ""
    state.statusUntil = 0
  }
  return effects
}

private func lock(_ state: inout AppState) {
  state.accounts = []
  state.revealed = [:]
  state.qr = nil
  state.mode = .locked(password: [], message: "locked after \(state.autoLockSeconds / 60) idle minutes", triesLeft: unlockTries)
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
  case .locked(let password, let message, let tries):
    switch secretKey(password, key) {
    case .editing(let typed): state.mode = .locked(password: typed, message: message, triesLeft: tries)
    case .done(let typed):
      guard !typed.isEmpty else { return [] }
      state.mode = .locked(password: [], message: "unlocking…", triesLeft: tries)
      return [.unlock(password: typed)]
    case .cancelled: return [.quit]
    }
    return []
  case .offerCreate:
    if key == .character("y") || key == .character("Y") {
      state.mode = .creating(password: [], first: nil, message: nil)
      return []
    }
    return [.quit]
  case .creating(let password, let first, let message):
    switch secretKey(password, key) {
    case .editing(let typed): state.mode = .creating(password: typed, first: first, message: message)
    case .done(let typed):
      guard !typed.isEmpty else {
        state.mode = .creating(password: [], first: first, message: "an empty password is refused")
        return []
      }
      guard let first else {
        state.mode = .creating(password: [], first: typed, message: nil)
        return []
      }
      guard first == typed else {
        state.mode = .creating(password: [], first: nil, message: "the passwords do not match; type it again")
        return []
      }
      state.mode = .locked(password: [], message: "creating the vault…", triesLeft: unlockTries)
      return [.create(password: typed)]
    case .cancelled: return [.quit]
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
  case .enter, .character("y"):
    return copy(&state)
  case .character("Q"), .character("s"):
    if let selected = state.selected {
      state.qr = RenderedQR(selected, unicode: state.unicode)
      state.mode = .qr(id: selected.id)
    }
  case .character("a"):
    state.mode = .adding(text: "", error: nil)
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
  let label = selected.shortLabel
  state.clipboard = (code, state.now + 30)
  setStatus(&state, "copied \(label) code — clipboard clears in 30 s", seconds: 30)
  return [.copy(code: code, label: label)]
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

private func addKey(_ state: inout AppState, _ key: Key, text: String) -> [Effect] {
  switch edit(text, key) {
  case .editing(let typed): state.mode = .adding(text: typed, error: nil)
  case .cancelled: state.mode = .list
  case .done(let typed):
    let uri = typed.trimmingCharacters(in: .whitespaces)
    do {
      _ = try OTPAuthURI.parse(uri)
    } catch {
      state.mode = .adding(text: typed, error: "\(error)")
      return []
    }
    return [.add(uri: uri)]
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

/// The same for a secret typed as bytes (never a `String`, so it can be wiped).
func secretKey(_ bytes: [UInt8], _ key: Key) -> LineEdit<[UInt8]> {
  switch key {
  case .enter: return .done(bytes)
  case .escape: return .cancelled
  case .backspace:
    var shorter = bytes
    while let last = shorter.popLast(), last & 0xC0 == 0x80 {}  // drop a whole UTF-8 character
    return .editing(shorter)
  case .character(let character): return .editing(bytes + Array(String(character).utf8))
  default: return .editing(bytes)
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: CharacterSetLike) -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}

/// Only whitespace trimming is needed here; this keeps the TUI module free of Foundation.
enum CharacterSetLike { case whitespaces }
