import CryptoPrimitives
import OTPCore
import OtterKit
import TUI
import Testing
import Vault

/// A clock the test moves by hand.
final class FakeClock: WallClock {
  var seconds: Int64
  init(_ seconds: Int64) { self.seconds = seconds }
  func now() -> (seconds: Int64, milliseconds: Int) { (seconds, 0) }
}

/// A terminal that plays back a script, one step per read, and keeps every frame drawn; when
/// the script has run out it asks the loop to stop, as SIGTERM would.
final class FakeTerminal: Terminal {
  enum Step {
    case key(Key)
    /// The read times out after the clock moved on by this many seconds.
    case wait(Int64)
  }

  let clock: FakeClock
  var script: [Step]
  var frames: [Frame] = []
  var sent: [[UInt8]] = []
  let size: (rows: Int, columns: Int) = (24, 100)
  let unicode = true
  /// Set once the script has run out: the loop then ends after the frame it is drawing.
  private(set) var stopRequested = false

  init(clock: FakeClock, _ script: [Step]) {
    self.clock = clock
    self.script = script
  }

  func resizeIfNeeded() -> Event? { nil }
  func draw(_ frame: Frame) { frames.append(frame) }
  func sendToTerminal(_ bytes: [UInt8]) { sent.append(bytes) }

  func next(timeoutMilliseconds: Int32) -> Event? {
    guard !script.isEmpty else {
      stopRequested = true
      return nil
    }
    switch script.removeFirst() {
    case .key(let key): return .key(key)
    case .wait(let seconds):
      clock.seconds += seconds
      return nil
    }
  }

  var lastScreen: String { frames.last?.text ?? "" }
}

/// A clipboard that remembers what it was asked to do.
final class FakeClipboard: ClipboardService {
  var route: CopyRoute = .tool("fake-clip")
  var copied: [String] = []
  var cleared: [String] = []
  var terminalClears = 0
  /// The clears handed to the helper that outlives the viewer: code, route and delay.
  var handedOver: [(code: String, route: CopyRoute, after: Int64)] = []
  func clearLater(_ code: String, route: CopyRoute, after seconds: Int64) -> Bool {
    handedOver.append((code, route, seconds))
    return true
  }
  func copy(_ code: String, terminal: TerminalOutput?) -> CopyRoute {
    copied.append(code)
    return route
  }
  func clear(ifStillHolding code: String) { cleared.append(code) }
  func clearTerminal(_ terminal: TerminalOutput?) { terminalClears += 1 }
}

/// Accounts behind a password, in memory.
final class LockedSource: ViewerSource {
  var contents = VaultContents()
  var locks = 0
  var path: String { "test vault" }
  var isProtected: Bool { true }

  init(_ records: [VaultRecord]) { for record in records { contents.add(record) } }

  func exists() -> Bool { true }
  func unlock(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] {
    guard password.constantTimeEquals(SecretBytes(Array("pw".utf8))) else { throw OtterFailure(.noPermission, "wrong") }
    return viewerAccounts(contents)
  }
  func create(password: SecretBytes) throws(OtterFailure) -> [ViewerAccount] { [] }
  func change(_ change: (inout VaultContents) throws(OtterFailure) -> Void) throws(OtterFailure) -> [ViewerAccount] {
    try change(&contents)
    return viewerAccounts(contents)
  }
  /// Whether the last lock asked the agent to forget too.
  var agentLocks = 0
  func lock(agent: Bool) -> Bool {
    locks += 1
    if agent { agentLocks += 1 }
    return agent
  }
}

@Suite("Viewer run loop with a fake terminal and clock")
struct ViewerLoopTests {
  let start: Int64 = 1_700_000_000  // 20 s into a 30-second step

  func viewer(_ source: ViewerSource, clock: FakeClock, clipboard: ClipboardService = FakeClipboard(), autoLock: Int64 = 300)
    -> Viewer
  {
    Viewer(source: source, autoLockSeconds: autoLock, clockOffset: 0, clipboard: clipboard, clock: clock)
  }

  func code(at time: Int64) throws -> String {
    CodeFormat.grouped(try OTPGenerator(account: totp("GitHub", "ada")).code(at: time))
  }

  @Test("each tick redraws: the countdown moves and the code changes at the step boundary")
  func tickRedraws() throws {
    let clock = FakeClock(start)
    let source = LockedSource([record("GitHub", "ada")])
    let loop = viewer(source, clock: clock)
    try loop.open(password: password("pw"))
    let terminal = FakeTerminal(clock: clock, [.wait(1), .wait(9), .wait(1)])
    loop.run(on: terminal)
    #expect(terminal.frames.count == 4)
    #expect(terminal.frames[0].text.contains(" 10s"))
    #expect(terminal.frames[1].text.contains(" 9s"))
    #expect(terminal.frames[0].text.contains(try code(at: start)))
    #expect(terminal.frames[3].text.contains(try code(at: start + 11)))
    #expect(try code(at: start) != code(at: start + 11))
  }

  @Test("keys reach the reducer: / filters as the letters come")
  func keysReachReducer() throws {
    let clock = FakeClock(start)
    let source = LockedSource([record("GitHub", "ada"), record("Bank", "bob")])
    let loop = viewer(source, clock: clock)
    try loop.open(password: password("pw"))
    let terminal = FakeTerminal(clock: clock, [.key(.character("/")), .key(.character("b")), .key(.character("k")), .wait(0)])
    loop.run(on: terminal)
    #expect(terminal.lastScreen.contains(" / bk"))
    #expect(terminal.lastScreen.contains("Bank"))
    #expect(!terminal.lastScreen.contains("GitHub"))
    #expect(loop.state.filter == "bk")
  }

  @Test("auto-lock fires after the idle time: the codes go, the viewer forgets its key, the agent is left alone")
  func autoLock() throws {
    let clock = FakeClock(start)
    let source = LockedSource([record("GitHub", "ada")])
    let loop = viewer(source, clock: clock, autoLock: 60)
    try loop.open(password: password("pw"))
    let terminal = FakeTerminal(clock: clock, [.wait(30), .wait(31), .wait(0)])
    loop.run(on: terminal)
    #expect(terminal.frames[1].text.contains("GitHub"))
    #expect(source.locks == 1)
    #expect(source.agentLocks == 0)
    #expect(terminal.lastScreen.contains("Password:"))
    #expect(!terminal.lastScreen.contains("GitHub"))
    #expect(loop.state.accounts.isEmpty)
  }

  @Test("L locks the viewer and the agent, and the lock screen says so")
  func lockKeyLocksAgent() throws {
    let clock = FakeClock(start)
    let source = LockedSource([record("GitHub", "ada")])
    let loop = viewer(source, clock: clock)
    try loop.open(password: password("pw"))
    let terminal = FakeTerminal(clock: clock, [.key(.character("L")), .wait(0)])
    loop.run(on: terminal)
    #expect(source.agentLocks == 1)
    #expect(terminal.lastScreen.contains("locked: the viewer, and the agent forgot the key too (otter unlock)"))
  }

  @Test("Enter copies the current code through the clipboard route, which is cleared 30 s later")
  func copyCallsClipboard() throws {
    let clock = FakeClock(start)
    let clipboard = FakeClipboard()
    let loop = viewer(LockedSource([record("GitHub", "ada")]), clock: clock, clipboard: clipboard)
    try loop.open(password: password("pw"))
    let terminal = FakeTerminal(clock: clock, [.key(.enter), .wait(29), .wait(1), .wait(0)])
    loop.run(on: terminal)
    #expect(clipboard.copied == [try OTPGenerator(account: totp("GitHub", "ada")).code(at: start)])
    #expect(clipboard.cleared == clipboard.copied)
  }

  @Test("quitting before 30 s hands the rest of the clear to the helper, on the route that took the code, and says so")
  func quitClears() throws {
    for route in [CopyRoute.tool("fake-clip"), .terminal] {
      let clock = FakeClock(start)
      let clipboard = FakeClipboard()
      clipboard.route = route
      let loop = viewer(LockedSource([record("GitHub", "ada")]), clock: clock, clipboard: clipboard)
      try loop.open(password: password("pw"))
      let terminal = FakeTerminal(clock: clock, [.key(.enter), .wait(2), .key(.character("q"))])
      loop.run(on: terminal)
      #expect(terminal.frames.contains { $0.text.contains(route == .terminal ? "(OSC 52)" : "with fake-clip") })
      #expect(clipboard.cleared.isEmpty)
      #expect(clipboard.terminalClears == 0)
      #expect(clipboard.handedOver.count == 1)
      #expect(clipboard.handedOver.first?.code == clipboard.copied.first)
      #expect(clipboard.handedOver.first?.route == route)
      #expect(clipboard.handedOver.first?.after == 28)
      #expect(loop.farewell == "the copied code stays on the clipboard and clears in 28 s")
    }
  }

  @Test("a stop signal (the script running out stands for it) also clears the clipboard")
  func signalClears() throws {
    let clock = FakeClock(start)
    let clipboard = FakeClipboard()
    let loop = viewer(LockedSource([record("GitHub", "ada")]), clock: clock, clipboard: clipboard)
    try loop.open(password: password("pw"))
    loop.run(on: FakeTerminal(clock: clock, [.key(.enter), .wait(1)]))
    #expect(clipboard.cleared.count == 1)
    #expect(clipboard.handedOver.isEmpty)
  }

  @Test("the typed password is wiped from its field once it has been used")
  func passwordWiped() throws {
    let clock = FakeClock(start)
    let loop = viewer(LockedSource([record("GitHub", "ada")]), clock: clock)
    try loop.open(password: nil)
    guard case .locked(let field, _, _) = loop.state.mode else {
      Issue.record("not locked")
      return
    }
    loop.run(on: FakeTerminal(clock: clock, "pw".map { .key(.character($0)) } + [.key(.enter), .wait(0)]))
    #expect(field.isEmpty)
    #expect(field.secret().copiedBytes().isEmpty)
  }

  @Test("f says what it did: 'GitHub: favourite', then 'GitHub: no longer a favourite'")
  func favouriteMessages() throws {
    let clock = FakeClock(start)
    let loop = viewer(LockedSource([record("GitHub", "ada")]), clock: clock)
    try loop.open(password: password("pw"))
    let terminal = FakeTerminal(clock: clock, [.key(.character("f")), .wait(0), .key(.character("f")), .wait(0)])
    loop.run(on: terminal)
    #expect(terminal.frames.contains { $0.text.contains("GitHub: favourite ·") })
    #expect(terminal.lastScreen.contains("GitHub: no longer a favourite"))
  }

  @Test("three wrong passwords: the loop ends and finish() fails with exit 77 and 'wrong password (3 tries)'")
  func threeWrongPasswords() throws {
    let clock = FakeClock(start)
    let loop = viewer(LockedSource([record("GitHub", "ada")]), clock: clock)
    try loop.open(password: nil)
    let wrong: [FakeTerminal.Step] = "no".map { .key(.character($0)) } + [.key(.enter)]
    loop.run(on: FakeTerminal(clock: clock, wrong + wrong + wrong + [.wait(1), .wait(1)]))
    let failure = #expect(throws: OtterFailure.self) { try loop.finish() }
    #expect(failure?.status == .noPermission)
    #expect(failure?.message == "wrong password (3 tries)")
  }

  @Test("the lock screen takes the password typed in the terminal; a wrong one is refused")
  func unlocksFromKeys() throws {
    let clock = FakeClock(start)
    let loop = viewer(LockedSource([record("GitHub", "ada")]), clock: clock)
    try loop.open(password: nil)
    let keys: [FakeTerminal.Step] =
      "no".map { .key(.character($0)) } + [.key(.enter)] + "pw".map { .key(.character($0)) } + [.key(.enter), .wait(0)]
    let terminal = FakeTerminal(clock: clock, keys)
    loop.run(on: terminal)
    #expect(terminal.frames.contains { $0.text.contains("2 tries left") })
    #expect(terminal.lastScreen.contains("GitHub"))
  }

  @Test("q quits: the loop returns without waiting for the script to end")
  func quits() throws {
    let clock = FakeClock(start)
    let loop = viewer(try DemoViewerSource(), clock: clock)
    try loop.open(password: nil)
    let terminal = FakeTerminal(clock: clock, [.key(.character("q")), .wait(1), .wait(1)])
    loop.run(on: terminal)
    #expect(terminal.frames.count == 1)
    #expect(terminal.script.count == 2)
  }
}
