import CryptoPrimitives
import Foundation
import OTPCore
import OtterKit
import TUI

/// Frame times of the viewer's pure core with many accounts: what one key press or one clock
/// tick costs before anything reaches the terminal.
struct ViewerBench {
  let accounts: Int

  func run() throws {
    func makeState(_ count: Int) throws -> AppState {
      var state = AppState(vaultPath: "bench")
      var list: [ViewerAccount] = []
      for index in 0..<count {
        let account = try OTPAccount(
          kind: .totp, issuer: "Issuer \(index % 700)", name: "user\(index)@example.com",
          secret: try SecretBytes.random(count: 20), period: index % 10 == 0 ? 60 : 30)
        list.append(ViewerAccount(id: String(index), account: account, favourite: index % 97 == 0))
      }
      _ = reduce(&state, .resize(rows: 50, columns: 120))
      _ = reduce(&state, .unlocked(list))
      _ = reduce(&state, .tick(systemTime: currentTime()))
      return state
    }

    /// Mean and worst milliseconds of `body` over its runs; each run is one event plus a render.
    func frames(_ state: AppState, events: [Event]) -> (mean: Double, worst: Double) {
      var state = state
      var total = 0.0
      var worst = 0.0
      for event in events {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = reduce(&state, event)
        let frame = render(state)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        precondition(frame.lines.count == 50)
        total += elapsed
        worst = max(worst, elapsed)
      }
      return (total / Double(events.count), worst)
    }

    let small = try makeState(10)
    let large = try makeState(accounts)
    let now = currentTime()
    let ticks = (1...60).map { Event.tick(systemTime: now + Int64($0)) }
    let typing: [Event] =
      [.key(.character("/"))] + "user123".map { .key(.character($0)) } + Array(repeating: .key(.backspace), count: 7)
    let scrolling = Array(repeating: Event.key(.pageDown), count: 40) + [.key(.end), .key(.home)]

    let reference = frames(small, events: ticks)
    let tick = frames(large, events: ticks)
    let filter = frames(large, events: typing)
    let scroll = frames(large, events: scrolling)
    func line(_ name: String, _ result: (mean: Double, worst: Double)) -> String {
      String(
        format: "%@ mean %6.2f ms, worst %6.2f ms   (%5.1f × the 10-account tick)", name, result.mean, result.worst,
        result.mean / reference.mean)
    }
    StandardOutput.shared.write(
      """
      viewer with \(accounts) accounts, 120×50 terminal, reduce + render per event
      reference: 10 accounts, clock tick: mean \(String(format: "%.3f", reference.mean)) ms
      \(line("clock tick  ", tick))
      \(line("filter key  ", filter))
      \(line("scroll key  ", scroll))

      """)
  }
}
