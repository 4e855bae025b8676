import CryptoPrimitives
import CursesTerminal
import FoundationEssentials
import OTPCore
import TUI
import Vault

/// The viewer's run loop: feeds clock ticks and keys to the reducer, draws the frames it
/// renders, and performs the effects it asks for through its source and clipboard. It wakes at
/// each whole second of the clock and otherwise sleeps in the terminal read.
public final class Viewer {
  private let source: ViewerSource
  private let clipboard: ClipboardService
  private let clock: WallClock
  public private(set) var state: AppState
  private var terminal: Terminal?
  private var running = true
  /// What to say on standard error once the screen is gone (a clear left pending).
  public private(set) var farewell: String?

  public init(
    source: ViewerSource, autoLockSeconds: Int64, clockOffset: Int64, clipboard: ClipboardService = Clipboard(),
    clock: WallClock = SystemClock(), hideCodes: Bool = false
  ) {
    self.source = source
    self.clipboard = clipboard
    self.clock = clock
    state = AppState(vaultPath: source.path)
    state.autoLockSeconds = source.isProtected ? autoLockSeconds : 0
    state.canLock = source.isProtected
    state.clockOffset = clockOffset
    state.hideCodes = hideCodes
  }

  /// Runs on the real terminal until the user quits. An agent holding the key opens the vault
  /// with no password; otherwise `password` reads one when a password source is configured,
  /// and else the lock screen asks for it inside the viewer.
  public func run(password: () throws(OtterFailure) -> SecretBytes?) throws(OtterFailure) {
    if source.isProtected, source.exists(), let accounts = source.unlockWithoutPassword() {
      open(unlocked: accounts)
    } else {
      try open(password: password())
    }
    let screen = CursesScreen(color: Environment.value("NO_COLOR").map(\.isEmpty) ?? true)
    run(on: screen)
    screen.end()
    try finish()
  }

  /// Says, once the screen is gone, why the viewer ended when that needs saying.
  ///
  /// - Throws: `OtterFailure` 77 after too many wrong passwords.
  public func finish() throws(OtterFailure) {
    if let farewell { StandardError.write("otter: \(farewell)\n") }
    guard let note = state.exitNote else { return }
    if note.failed { throw OtterFailure(.noPermission, note.message) }
    StandardError.write("otter: \(note.message)\n")
  }

  /// Opens the source before the screen starts: with `password`, or to the lock screen, or to
  /// the offer to create a vault.
  ///
  /// - Throws: `OtterFailure` when a given password does not open the source, or no vault
  ///   exists although a password source was configured.
  public func open(password: SecretBytes?) throws(OtterFailure) {
    state.now = clock.now().seconds + state.clockOffset
    state.lastInput = state.now
    if !source.exists() {
      guard password == nil else { throw OtterFailure(.noInput, "\(StoreError.notFound(path: source.path))") }
      state.mode = .offerCreate
    } else if let password {
      state.accounts = try source.unlock(password: password)
      for notice in source.takeNotices() {
        StandardError.warn(notice)
        state.notice = notice
      }
    } else if source.isProtected {
      state.mode = .locked(password: SecretField(), message: nil, triesLeft: unlockTries)
    } else {
      state.accounts = try source.unlock(password: SecretBytes([]))
    }
  }

  /// Starts on `accounts` already unlocked (by the agent's key).
  public func open(unlocked accounts: [ViewerAccount]) {
    state.now = clock.now().seconds + state.clockOffset
    state.lastInput = state.now
    state.accounts = accounts
    for notice in source.takeNotices() {
      StandardError.warn(notice)
      state.notice = notice
    }
  }

  /// Runs on `terminal` until the user quits or a stop signal arrives.
  public func run(on terminal: Terminal) {
    self.terminal = terminal
    defer { self.terminal = nil }
    state.unicode = terminal.unicode
    let size = terminal.size
    perform(reduce(&state, .resize(rows: size.rows, columns: size.columns)))
    while running && !terminal.stopRequested {
      if let resize = terminal.resizeIfNeeded() { perform(reduce(&state, resize)) }
      let now = clock.now()
      perform(reduce(&state, .tick(systemTime: now.seconds)))
      terminal.draw(render(state))
      // Sleep until the next whole second (the codes change on second boundaries) or a key.
      if let event = terminal.next(timeoutMilliseconds: Int32(1000 - now.milliseconds + 5)) {
        perform(reduce(&state, event))
      }
    }
    settleClipboard(stopped: terminal.stopRequested)
  }

  /// What becomes of a copied code when the viewer ends. Quitting (q, Ctrl-C) hands the clear
  /// still pending to the helper `otter code --copy` uses, so the code can be pasted after
  /// quitting and is cleared at the 30 s mark; a stop signal (SIGTERM, SIGHUP, SIGINT) clears
  /// it at once, as locking does.
  private func settleClipboard(stopped: Bool) {
    guard let copied = state.clipboard else { return }
    state.clipboard = nil
    let left = copied.clearAt - state.now
    if !stopped && left > 0
      && clipboard.clearLater(copied.code, route: copied.onTerminal ? .terminal : .tool(copied.tool), after: left)
    {
      farewell = "the copied code stays on the clipboard and clears in \(left) s"
      return
    }
    if copied.onTerminal { clipboard.clearTerminal(terminal) } else { clipboard.clear(ifStillHolding: copied.code) }
  }

  private func perform(_ effects: [Effect]) {
    for effect in effects { perform(effect) }
  }

  private func perform(_ effect: Effect) {
    let now = clock.now().seconds
    switch effect {
    case .quit:
      running = false
    case .lock(let agent):
      if source.lock(agent: agent) { perform(reduce(&state, .agentForgot)) }
    case .copy(let code, let label):
      perform(reduce(&state, .copied(label: label, code: code, route: clipboard.copy(code, terminal: terminal))))
    case .clearClipboard(let code):
      clipboard.clear(ifStillHolding: code)
    case .clearTerminalClipboard:
      clipboard.clearTerminal(terminal)
    case .unlock(let typed):
      // The typed password is copied once, into a buffer that wipes itself, and the field is
      // wiped at once.
      let password = typed.secret()
      typed.clear()
      do {
        perform(reduce(&state, .unlocked(try source.unlock(password: password))))
        for notice in source.takeNotices() { perform(reduce(&state, .notice(notice))) }
      } catch {
        perform(
          reduce(&state, .failed(error.status == .noPermission ? "wrong password (or the vault is damaged)" : error.message)))
      }
    case .create(let typed):
      let password = typed.secret()
      typed.clear()
      do {
        perform(reduce(&state, .unlocked(try source.create(password: password))))
      } catch {
        running = false
      }
    case .advanceCounter(let id):
      save("HOTP counter saved", id) { contents, uuid throws(EditError) in try contents.advanceCounter(id: uuid, at: now) }
    case .toggleFavourite(let id):
      let entry = state.account(id)
      let becomes = !(entry?.favourite ?? false)
      save("\(entry?.shortLabel ?? "the account"): \(becomes ? "favourite" : "no longer a favourite")", id) {
        contents, uuid throws(EditError) in try contents.setFavourite(id: uuid, becomes, at: now)
      }
    case .delete(let id):
      save("account deleted", id) { contents, uuid in contents.remove(id: uuid, at: now) }
    case .addSecret(let secret, let issuer, let name):
      var bytes = secret.secret().copiedBytes()
      defer { wipe(&bytes) }
      secret.clear()
      save("account added", selectingNew: true) { contents throws(OtterFailure) in
        let account = try ManualAccount(issuer: issuer, name: name).account(secret: bytes)
        guard !contents.containsDuplicate(of: account) else {
          throw OtterFailure(.dataError, "this account is already in the vault")
        }
        contents.add(VaultRecord(account: account, created: now))
      }
    case .edit(let id, let changes):
      save("account changed", id) { contents, uuid throws(EditError) in try contents.edit(id: uuid, changes, at: now) }
    case .add(let uri):
      var bytes = uri.secret().copiedBytes()
      var trimmed = InputSource.trimmed(bytes)
      defer {
        wipe(&bytes)
        wipe(&trimmed)
      }
      save("account added", selectingNew: true) { contents throws(OtterFailure) in
        let account: OTPAccount
        do { account = try OTPAuthURI.parse(utf8: trimmed).account } catch {
          throw OtterFailure(.dataError, "\(error)")
        }
        guard !contents.containsDuplicate(of: account) else {
          throw OtterFailure(.dataError, "this account is already in the vault")
        }
        contents.add(VaultRecord(account: account, created: now))
      }
    }
  }

  /// Saves an edit of the account `id`; an account that is gone (removed by another process
  /// meanwhile) is left alone, as it is in the file.
  private func save(_ message: String, _ id: UUIDText, _ edit: (inout VaultContents, UUID) throws(EditError) -> Void) {
    save(message) { contents throws(OtterFailure) in
      guard let uuid = UUID(uuidString: id) else { return }
      do throws(EditError) { try edit(&contents, uuid) } catch .noSuchAccount { return } catch {
        throw OtterFailure(.dataError, "\(error)")
      }
    }
  }

  /// Saves `change`; with `selectingNew`, the account it added is selected (the site that
  /// showed its QR code is waiting for its code).
  private func save(
    _ message: String, selectingNew: Bool = false, _ change: (inout VaultContents) throws(OtterFailure) -> Void
  ) {
    do {
      let before = Set(state.accounts.map(\.id))
      let accounts = try source.change(change)
      let added = selectingNew ? accounts.first { !before.contains($0.id) }?.id : nil
      perform(reduce(&state, .saved(message: message, accounts: accounts, select: added)))
      for notice in source.takeNotices() { perform(reduce(&state, .notice(notice))) }
    } catch {
      perform(reduce(&state, .failed(error.message)))
    }
  }
}
