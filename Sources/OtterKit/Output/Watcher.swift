import CryptoPrimitives
import FoundationEssentials
import Glibc
import OTPCore
import Posix
import Vault

/// `otter watch`: a line each time the shown codes change (and each second when the line
/// shows the time left), for a status bar. Between lines it sleeps until the next code change
/// or the next second, so an idle watch costs next to nothing.
///
/// Opened through the agent (`otter unlock`), it checks once a second that the agent still
/// holds the key (one round trip on its socket); when it does not, it prints the locked line once and waits, checking once a
/// second, for the next unlock. Started with no agent key and no terminal to ask on, it starts
/// locked the same way.
public struct Watcher {
  public let session: VaultSession
  public let queries: [String]
  public let style: WatchStyle
  /// Where lines go: standard output, written at once; false when it is closed (the bar quit).
  let emit: (String) -> Bool
  let clock: WallClock

  public init(session: VaultSession, queries: [String], style: WatchStyle, clockOffset: Int64 = 0) {
    self.session = session
    self.queries = queries
    self.style = style
    clock = OffsetClock(offset: clockOffset)
    emit = { line in (try? Posix.writeAll(1, Array((line + "\n").utf8))) != nil }
  }

  /// The accounts to show: those the queries name (each must be time-based), else every
  /// time-based account, in display order.
  func accounts(in contents: VaultContents) throws(OtterFailure) -> [OTPAccount] {
    if queries.isEmpty {
      return contents.displayOrder.map { contents.records[$0].account }.filter { $0.isTimeBased && $0.hasPINIfNeeded }
    }
    var chosen: [OTPAccount] = []
    for query in queries {
      let account = try AccountQuery.single(query, in: contents).account
      guard account.isTimeBased else {
        throw OtterFailure(
          .usage,
          "\(Sanitizer.quoted(query, limit: 60)) is an HOTP account: showing its code would spend it; watch shows time-based codes"
        )
      }
      guard account.hasPINIfNeeded else { throw OtterFailure(.dataError, "this \(account.kind.rawValue) account has no PIN") }
      chosen.append(account)
    }
    return chosen
  }

  /// The generators of `accounts`, set up once.
  func generators(_ accounts: [OTPAccount]) throws(OtterFailure) -> [(OTPAccount, OTPGenerator)] {
    var result: [(OTPAccount, OTPGenerator)] = []
    for account in accounts {
      do { result.append((account, try OTPGenerator(account: account))) } catch {
        throw OtterFailure(.ioError, "cannot set up the key: \(error)")
      }
    }
    return result
  }

  /// The entries at `time`.
  static func entries(_ shown: [(OTPAccount, OTPGenerator)], at time: Int64) -> [WatchEntry] {
    shown.map { account, generator in
      let counter = (try? TimeStep.counter(at: time, period: account.period)) ?? 0
      return WatchEntry(
        issuer: account.issuer, name: account.name, code: generator.code(counter: counter),
        remaining: TimeStep.remaining(at: time, period: account.period), period: account.period)
    }
  }

  /// Milliseconds from `now` to the next moment the line may change.
  func millisecondsToNextChange(_ shown: [(OTPAccount, OTPGenerator)], now: (seconds: Int64, milliseconds: Int)) -> Int {
    let toNextSecond = 1000 - now.milliseconds
    guard !style.usesRemaining else { return toNextSecond }
    let seconds = shown.map { TimeStep.remaining(at: now.seconds, period: $0.0.period) }.min() ?? 60
    return max(1, (seconds - 1) * 1000 + toNextSecond)
  }

  /// Whether the agent holds vault `id`'s key, asked with a status request: the key itself never
  /// crosses the socket for this once-a-second check.
  func agentHolds(_ id: UUID?) -> Bool {
    guard let id, let held = session.agent?.status() else { return false }
    return held.contains { $0.vaultID == id }
  }

  /// Runs until standard output is closed.
  public func run() throws(OtterFailure) {
    var vault: UnlockedVault?
    var viaAgent = true
    let bytes = try session.read()
    let id = try? VaultFile.vaultID(of: bytes)
    if let quiet = session.unlockWithoutPassword(bytes).vault {
      vault = quiet
      viaAgent = agentHolds(id)
    } else if session.passwordSource == .terminal && !TerminalPrompt.isAvailable {
      vault = nil
    } else {
      vault = try session.open()
      viaAgent = false
    }
    var shown = try vault.map { vault throws(OtterFailure) in try generators(accounts(in: vault.contents)) } ?? []
    if vault != nil && shown.isEmpty { throw OtterFailure(.noInput, "the vault has no time-based account to watch") }
    var last: String?
    while true {
      if vault == nil || (viaAgent && !agentHolds(id)) {
        vault = nil
        if last != style.lockedLine {
          last = style.lockedLine
          guard emit(style.lockedLine) else { return }
        }
        usleep(1_000_000)
        if let current = try? session.read(), let opened = session.unlockWithAgent(current) {
          vault = opened
          shown = try generators(accounts(in: opened.contents))
        }
        continue
      }
      let now = clock.now()
      let line = style.line(Self.entries(shown, at: now.seconds))
      if line != last {
        last = line
        guard emit(line) else { return }
      }
      // Through the agent, the key is checked once a second, so a lock is said at once.
      let now2 = clock.now()
      let wait = min(millisecondsToNextChange(shown, now: now2), viaAgent ? 1000 - now2.milliseconds : 60_000)
      usleep(UInt32(max(1, wait)) * 1000)
    }
  }
}
