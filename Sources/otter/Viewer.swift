import CryptoPrimitives
import CursesTerminal
import Foundation
import OTPCore
import TUI
import Vault

/// The viewer's run loop: feeds clock ticks and keys to the reducer, draws the frames it
/// renders, and performs the effects it asks for. It wakes once a second and otherwise sleeps
/// in the terminal read.
final class Viewer {
  private let source: ViewerSource
  private var state: AppState
  private let clipboard = Clipboard(environment: ProcessInfo.processInfo.environment)
  private var screen: CursesScreen?
  private var running = true

  init(source: ViewerSource, autoLockSeconds: Int64, clockOffset: Int64) {
    self.source = source
    state = AppState(vaultPath: source.path)
    state.autoLockSeconds = source.isProtected ? autoLockSeconds : 0
    state.canLock = source.isProtected
    state.clockOffset = clockOffset
  }

  /// Runs until the user quits. `password` is given when a password source is configured;
  /// otherwise the lock screen asks for it inside the viewer.
  func run(password: SecretBytes?) throws(OtterFailure) {
    let now = currentTime()
    state.now = now + state.clockOffset
    state.lastInput = state.now
    if !source.exists() {
      guard password == nil else { throw OtterFailure(.noInput, "\(StoreError.notFound(path: source.path))") }
      state.mode = .offerCreate
    } else if let password {
      state.accounts = try source.unlock(password: password)
    } else if source.isProtected {
      state.mode = .locked(password: [], message: nil, triesLeft: unlockTries)
    } else {
      state.accounts = try source.unlock(password: SecretBytes([]))
    }

    let screen = CursesScreen(color: ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true)
    self.screen = screen
    defer {
      screen.end()
      self.screen = nil
    }
    state.unicode = screen.unicode
    let size = screen.size
    perform(reduce(&state, .resize(rows: size.rows, columns: size.columns)))
    while running && !TerminalRestore.shouldStop {
      if let resize = screen.resizeIfNeeded() { perform(reduce(&state, resize)) }
      perform(reduce(&state, .tick(systemTime: currentTime())))
      screen.draw(render(state))
      // Sleep until the next whole second (the codes change on second boundaries) or a key.
      let millisecondsIntoSecond = Int32(Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 1) * 1000)
      if let event = screen.next(timeoutMilliseconds: 1000 - millisecondsIntoSecond + 5) {
        perform(reduce(&state, event))
      }
    }
  }

  private func perform(_ effects: [Effect]) {
    for effect in effects { perform(effect) }
  }

  private func perform(_ effect: Effect) {
    switch effect {
    case .quit:
      running = false
    case .lock:
      source.lock()
    case .copy(let code, _):
      clipboard.copy(code, screen: screen)
    case .clearClipboard(let code):
      clipboard.clear(ifStillHolding: code)
    case .unlock(let typed):
      var bytes = typed
      defer { wipe(&bytes) }
      do {
        perform(reduce(&state, .unlocked(try source.unlock(password: SecretBytes(bytes)))))
      } catch {
        perform(
          reduce(&state, .failed(error.status == .noPermission ? "wrong password (or the vault is damaged)" : error.message)))
      }
    case .create(let typed):
      var bytes = typed
      defer { wipe(&bytes) }
      do {
        perform(reduce(&state, .unlocked(try source.create(password: SecretBytes(bytes)))))
      } catch {
        running = false
      }
    case .advanceCounter(let id):
      save("HOTP counter saved") { contents throws(OtterFailure) in
        guard let index = contents.records.firstIndex(where: { $0.id.lowercasedText == id }) else { return }
        contents.records[index].account.counter &+= 1
        contents.records[index].modified = currentTime()
      }
    case .toggleFavourite(let id):
      save("favourite changed") { contents throws(OtterFailure) in
        guard let index = contents.records.firstIndex(where: { $0.id.lowercasedText == id }) else { return }
        contents.records[index].favourite.toggle()
        contents.records[index].modified = currentTime()
      }
    case .delete(let id):
      save("account deleted") { contents throws(OtterFailure) in
        guard let uuid = UUID(uuidString: id) else { return }
        contents.remove(id: uuid, at: currentTime())
      }
    case .rename(let id, let issuer, let name):
      save("account renamed") { contents throws(OtterFailure) in
        guard let index = contents.records.firstIndex(where: { $0.id.lowercasedText == id }) else { return }
        contents.records[index].account.issuer = issuer
        contents.records[index].account.name = name
        contents.records[index].modified = currentTime()
      }
    case .add(let uri):
      save("account added") { contents throws(OtterFailure) in
        let account: OTPAccount
        do { account = try OTPAuthURI.parse(uri).account } catch { throw OtterFailure(.dataError, "\(error)") }
        guard !contents.containsDuplicate(of: account) else {
          throw OtterFailure(.dataError, "this account is already in the vault")
        }
        contents.records.append(VaultRecord(account: account, created: currentTime()))
      }
    }
  }

  private func save(_ message: String, _ change: (inout VaultContents) throws(OtterFailure) -> Void) {
    do {
      let accounts = try source.change(change)
      perform(reduce(&state, .saved(message: message, accounts: accounts)))
    } catch {
      perform(reduce(&state, .failed(error.message)))
    }
  }
}
