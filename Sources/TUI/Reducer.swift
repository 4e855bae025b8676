import CryptoPrimitives
import OTPCore

/// How many wrong passwords the lock screen accepts before the viewer quits.
public let unlockTries = 3

/// Below this many characters a new vault's password is questioned once.
public let minimumPasswordLength = 8

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
      if left <= 0 {
        state.exitNote = ("wrong password (\(unlockTries) tries)", true)
        return [.quit]
      }
      state.mode = .locked(
        password: SecretField(), message: "\(message) (\(left) \(left == 1 ? "try" : "tries") left)", triesLeft: left)
      return []
    }
    if case .adding(let text, _) = state.mode {
      state.mode = .adding(text: text, error: message)
      return []
    }
    if case .namingSecret(let secret, let issuer, let name, _, _) = state.mode {
      state.mode = .namingSecret(secret: secret, issuer: issuer, name: name, onName: false, error: message)
      return []
    }
    if case .editing(var form) = state.mode {
      form.error = message
      state.mode = .editing(form)
      return []
    }
    setStatus(&state, message)
    return []
  case .saved(let message, let accounts, let select):
    let selectedID = select ?? state.selected?.id
    state.accounts = accounts
    if select != nil, !state.filter.isEmpty, !state.visible.contains(where: { state.accounts[$0].id == select }) {
      // The new account is not among the filter's matches: the filter goes, the account shows.
      state.filter = ""
    }
    if let selectedID, let index = state.visible.firstIndex(where: { state.accounts[$0].id == selectedID }) {
      state.selection = index
    }
    clampSelection(&state)
    if case .adding(let text, _) = state.mode {
      text.clear()
      state.mode = .list
    }
    if case .editing = state.mode { state.mode = .list }
    if case .namingSecret(let secret, _, _, _, _) = state.mode {
      secret.clear()
      state.mode = .list
    }
    state.notice = nil
    setStatus(&state, message)
    return []
  case .notice(let message):
    state.notice = message
    return []
  case .agentForgot:
    if case .locked(let password, _, let tries) = state.mode {
      state.mode = .locked(
        password: password, message: "locked: the viewer, and the agent forgot the key too (otter unlock)", triesLeft: tries)
    }
    return []
  case .copied(let label, let code, let route):
    var effects: [Effect] = []
    switch route {
    case .tool(let tool):
      // A new code on the same clipboard replaces the old one; on another, the old is cleared.
      if let earlier = state.clipboard, earlier.onTerminal || earlier.tool != tool { effects.append(earlier.clearEffect) }
      state.clipboard = CopiedCode(code: code, label: label, tool: tool, clearAt: state.now + 30, onTerminal: false)
    case .terminal:
      if let earlier = state.clipboard, !earlier.onTerminal { effects.append(earlier.clearEffect) }
      state.clipboard = CopiedCode(code: code, label: label, tool: "", clearAt: state.now + 30, onTerminal: true)
    case .unavailable(let reason):
      setStatus(&state, "not copied: \(reason)")
      return []
    }
    state.status = state.clipboardStatus ?? ""
    state.statusUntil = state.now + 30
    return effects
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
  if let clipboard = state.clipboard {
    if state.now >= clipboard.clearAt {
      effects.append(clipboard.clearEffect)
      state.clipboard = nil
      if clipboard.showing { state.statusUntil = state.now }
    } else if clipboard.showing, let status = state.clipboardStatus {
      // The countdown of the clear, once a second.
      state.status = status
    }
  }
  if state.canLock && state.autoLockSeconds > 0 && state.now - state.lastInput >= state.autoLockSeconds {
    switch state.mode {
    case .locked, .offerCreate, .creating: break
    default: effects += lock(&state, message: "locked after \(state.autoLockSeconds / 60) idle minutes", agent: false)
    }
  }
  if state.statusUntil > 0 && state.now >= state.statusUntil {
    state.status = ""
    state.statusUntil = 0
  }
  return effects
}

/// Hides every code and secret and asks for the password again; the clipboard is cleared too.
private func lock(_ state: inout AppState, message: String, agent: Bool) -> [Effect] {
  var effects: [Effect] = []
  if let clipboard = state.clipboard { effects.append(clipboard.clearEffect) }
  state.clipboard = nil
  state.accounts = []
  state.revealed = [:]
  state.qr = nil
  if case .adding(let text, _) = state.mode { text.clear() }
  if case .namingSecret(let secret, _, _, _, _) = state.mode { secret.clear() }
  state.mode = .locked(password: SecretField(), message: message, triesLeft: unlockTries)
  return effects + [.lock(agent: agent)]
}

func setStatus(_ state: inout AppState, _ message: String, seconds: Int64 = 10) {
  state.clipboard?.showing = false
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
  case .help:
    // Arrows and pages scroll a help screen taller than the terminal; any other key returns.
    let most = max(helpLines(state).count - (state.rows - 1), 0)
    switch key {
    case .down, .character("j"): state.helpScroll = min(state.helpScroll + 1, most)
    case .up, .character("k"): state.helpScroll = max(state.helpScroll - 1, 0)
    case .pageDown, .character(" "): state.helpScroll = min(state.helpScroll + max(state.rows - 2, 1), most)
    case .pageUp: state.helpScroll = max(state.helpScroll - max(state.rows - 2, 1), 0)
    default:
      state.mode = .list
      state.helpScroll = 0
    }
    return []
  case .qr:
    state.mode = .list
    state.qr = nil
    return []
  case .confirmDelete(let id):
    state.mode = .list
    if key == .character("y") || key == .character("Y") { return [.delete(id: id)] }
    setStatus(&state, "not deleted")
    return []
  case .confirmQR(let id):
    state.mode = .list
    guard key == .character("y") || key == .character("Y"), let entry = state.account(id) else { return [] }
    state.qr = RenderedQR(entry, unicode: state.unicode)
    state.mode = .qr(id: id)
    return []
  case .adding(let text, _):
    return addKey(&state, key, text: text)
  case .editing(var form):
    return formKey(&state, &form, key)
  case .namingSecret(let secret, var issuer, var name, let onName, _):
    switch onName ? name.apply(key) : issuer.apply(key) {
    case .editing:
      state.mode = .namingSecret(secret: secret, issuer: issuer, name: name, onName: onName, error: nil)
    case .cancelled:
      secret.clear()
      state.mode = .list
    case .done where !onName:
      state.mode = .namingSecret(secret: secret, issuer: issuer, name: name, onName: true, error: nil)
    case .done:
      let issuerText = trimmed(issuer.text)
      let nameText = trimmed(name.text)
      guard !issuerText.isEmpty || !nameText.isEmpty else {
        state.mode = .namingSecret(
          secret: secret, issuer: issuer, name: name, onName: false, error: "an account needs an issuer or a name")
        return []
      }
      return [.addSecret(secret: secret, issuer: issuerText, name: nameText)]
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
    switch key {
    case .enter, .character("y"), .character("Y"):
      state.mode = .creating(password: SecretField(), first: nil, message: nil, shortAccepted: false)
    default:
      state.exitNote = ("no vault was created; run `otter init`, or `otter` again, to create one", false)
      return [.quit]
    }
    return []
  case .creating(let password, let first, _, let shortAccepted):
    switch secretKey(password, key) {
    case .editing: break
    case .done:
      guard !password.isEmpty else {
        state.mode = .creating(password: password, first: first, message: "an empty password is refused", shortAccepted: false)
        return []
      }
      guard let first else {
        if password.characters < minimumPasswordLength && !shortAccepted {
          state.mode = .creating(
            password: password, first: nil,
            message:
              "only \(password.characters) characters: a short password falls to guessing. Enter again to use it anyway, or type a longer one",
            shortAccepted: true)
          return []
        }
        state.mode = .creating(password: SecretField(), first: password, message: nil, shortAccepted: shortAccepted)
        return []
      }
      guard first.matches(password) else {
        first.clear()
        password.clear()
        state.mode = .creating(
          password: SecretField(), first: nil, message: "the passwords do not match; type it again", shortAccepted: false)
        return []
      }
      first.clear()
      state.mode = .locked(password: SecretField(), message: "creating the vault…", triesLeft: unlockTries)
      return [.create(password: password)]
    case .cancelled:
      password.clear()
      first?.clear()
      state.exitNote = ("no vault was created; run `otter init`, or `otter` again, to create one", false)
      return [.quit]
    }
    if case .creating(_, let first, let message, let accepted) = state.mode, accepted, key != .enter {
      // Typing after the warning means a new password: the warning no longer applies.
      state.mode = .creating(password: password, first: first, message: first == nil ? nil : message, shortAccepted: false)
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
    return lock(&state, message: "locked", agent: true)
  case .enter, .character("y"):
    return copy(&state)
  case .character("Q"), .character("s"):
    if let selected = state.selected { state.mode = .confirmQR(id: selected.id) }
  case .character("a"):
    state.mode = .adding(text: SecretField(), error: nil)
  case .character("e"):
    if let selected = state.selected { state.mode = .editing(EditForm(selected)) }
  case .character("d"):
    if let selected = state.selected { state.mode = .confirmDelete(id: selected.id) }
  case .character("f"):
    if let selected = state.selected { return [.toggleFavourite(id: selected.id)] }
  case .character("h"):
    state.hideCodes.toggle()
    setStatus(&state, state.hideCodes ? "codes hidden but the selected one's · h shows them" : "codes shown · h hides them")
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

/// One key in the edit form: Tab, Down or Enter move to the next field (Enter on the last one
/// saves), Shift-Tab or Up to the one before, Ctrl-S saves from any field, Esc cancels; other
/// keys edit the current field. A bad value keeps the form open, every edit kept, with the
/// error beside its field; the form closes when the save is done.
private func formKey(_ state: inout AppState, _ form: inout EditForm, _ key: Key) -> [Effect] {
  form.error = nil
  form.errorField = nil
  switch key {
  case .escape:
    state.mode = .list
    setStatus(&state, "not changed")
    return []
  case .tab, .down:
    form.current = min(form.current + 1, form.fields.count - 1)
  case .up:
    form.current = max(form.current - 1, 0)
  case .enter where form.current < form.fields.count - 1:
    form.current += 1
  case .enter, .control("s"):
    switch changes(in: form, of: state.account(form.id)) {
    case .success(let changes):
      guard !changes.isEmpty else {
        state.mode = .list
        setStatus(&state, "nothing changed")
        return []
      }
      state.mode = .editing(form)
      return [.edit(id: form.id, changes: changes)]
    case .failure(let problem):
      form.error = problem.message
      form.errorField = problem.field
      if let field = problem.field { form.current = field }
    }
  default:
    _ = form.fields[form.current].value.apply(key)
  }
  state.mode = .editing(form)
  return []
}

/// `text` without the spaces and tabs around it.
func trimmed(_ text: String) -> String {
  var characters = Substring(text)
  while let first = characters.first, first == " " || first == "\t" { characters.removeFirst() }
  while let last = characters.last, last == " " || last == "\t" { characters.removeLast() }
  return String(characters)
}

/// A problem with what was typed in the edit form.
struct FormProblem: Error {
  var message: String
  /// The index of the field it is about.
  var field: Int?
}

/// The changes the form makes to `entry`: only the fields that differ, each checked as it is
/// read and then against the account it would make (digits, period and the label together).
func changes(in form: EditForm, of entry: ViewerAccount?) -> Result<AccountChanges, FormProblem> {
  guard let entry else { return .failure(FormProblem(message: "the account is gone")) }
  var changes = AccountChanges()
  var account = entry.account
  for (index, field) in form.fields.enumerated() {
    let text = trimmed(field.value.text)
    func problem(_ message: String) -> Result<AccountChanges, FormProblem> {
      .failure(FormProblem(message: message, field: index))
    }
    switch (field.label, field.kind) {
    case ("Issuer", _): if text != entry.account.issuer { changes.issuer = text }
    case ("Name", _): if text != entry.account.name { changes.name = text }
    case ("Note", _): if field.value.text != entry.note { changes.note = field.value.text }
    case ("Groups", _):
      // Comma-separated; compared with the account's groups ignoring case.
      let typed = text.split(separator: ",").map { trimmed(String($0)) }.filter { !$0.isEmpty }
      if let bad = typed.first(where: { $0.count > 64 || $0.unicodeScalars.contains(where: Sanitizer.isUnsafe) }) {
        return problem(
          bad.count > 64
            ? "a group's name is at most 64 characters" : "a group's name cannot hold control, bidi or invisible characters")
      }
      let before = Set(entry.groups.map { $0.lowercased() })
      let after = Set(typed.map { $0.lowercased() })
      changes.removeGroups = entry.groups.filter { !after.contains($0.lowercased()) }
      changes.addGroups = typed.filter { !before.contains($0.lowercased()) }
    case (_, .number):
      guard let value = Int(text), value > 0 else { return problem("\(field.label) must be a whole number") }
      if field.label == "Digits" && value != entry.account.digits { changes.digits = value }
      if field.label == "Period" && value != entry.account.period { changes.period = value }
    case (_, .counter):
      guard let value = UInt64(text) else { return problem("Counter must be a whole number") }
      if value != entry.account.counter { changes.counter = value }
    case (_, .algorithm):
      guard let value = DigestAlgorithm(name: text) else { return problem("Algorithm must be SHA1, SHA256 or SHA512") }
      if value != entry.account.algorithm { changes.algorithm = value }
    case (_, .yesNo):
      guard ["yes", "no", "y", "n"].contains(text.lowercased()) else { return problem("Favourite must be yes or no") }
      let value = text.lowercased().hasPrefix("y")
      if value != entry.favourite { changes.favourite = value }
    default: break
    }
    // Each change is tried on the account as it is read, so the error names its own field.
    if let issuer = changes.issuer { account.issuer = issuer }
    if let name = changes.name { account.name = name }
    if let digits = changes.digits { account.digits = digits }
    if let period = changes.period { account.period = period }
    if let algorithm = changes.algorithm { account.algorithm = algorithm }
    if let counter = changes.counter { account.counter = counter }
    if field.label == "Name" && account.issuer.isEmpty && account.name.isEmpty {
      return problem("an account needs an issuer or a name")
    }
    if field.label != "Issuer" && field.label != "Note" && field.label != "Groups" {
      do { try account.validate() } catch { return problem("\(error)") }
    }
  }
  return .success(changes)
}

private func filterKey(_ state: inout AppState, _ key: Key) -> [Effect] {
  switch key {
  case .escape:
    state.filter = ""
    state.mode = .list
  case .enter:
    // Enter copies the best match and closes the filter line; the filter stays until Esc.
    state.mode = .list
    return copy(&state)
  case .down, .tab:
    // Into the matches, the filter kept: the best match is selected and the arrows move on.
    state.mode = .list
    clampSelection(&state)
    return []
  case .backspace:
    if !state.filter.isEmpty { state.filter.removeLast() }
  case .control("u"):
    state.filter = ""
  case .control("w"):
    state.filter = deletingWord(state.filter)
  case .character(let character):
    state.filter.append(character)
  default: return []
  }
  // The selection goes to the best match whenever the filter changes.
  state.selection = 0
  state.scroll = 0
  clampSelection(&state)
  return []
}

/// `text` without its last word (and the spaces after it), as Ctrl-W does.
func deletingWord(_ text: String) -> String {
  var result = Substring(text)
  while result.last == " " { result.removeLast() }
  while let last = result.last, last != " " { result.removeLast() }
  return String(result)
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
    } catch .bareSecret {
      state.mode = .namingSecret(secret: text, issuer: TextField(), name: TextField(), onName: false, error: nil)
      return []
    } catch {
      state.mode = .adding(text: text, error: "\(error)")
      return []
    }
    return [.add(uri: text)]
  }
  return []
}

public enum LineEdit<Text> {
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
