import CryptoPrimitives
import Posix
import TUI

#if canImport(Glibc)
  import Glibc
#endif

/// The clear, 30 s later, of a code a one-shot command copied (`otter code --copy`): a small
/// helper process (this program's hidden `clipboard-clear` command) outlives the command,
/// gets the code on a pipe (never in its arguments, which `ps` shows), waits, and clears the
/// clipboard — a desktop tool's only if it still holds the code, the terminal's by overwriting.
public enum ClipboardClearing {
  public static let seconds: UInt32 = 30

  /// What a copy says on standard error: the route, and when it will be cleared.
  public static func report(_ route: CopyRoute) -> String {
    switch route {
    case .tool(let tool): "copied with \(tool) · clears in \(seconds) s"
    case .terminal:
      "sent to your terminal's clipboard (OSC 52) · overwritten in \(seconds) s; \(CopyRoute.terminalAdvice)"
    case .unavailable(let reason): "not copied: \(reason)"
    }
  }

  /// Starts the helper that clears `code` from `route` in `delay` seconds (30 unless the
  /// viewer hands over the rest of a clear it had pending).
  ///
  /// - Returns: whether the helper started (if not, nothing will clear the clipboard).
  @discardableResult
  public static func schedule(_ code: String, route: CopyRoute, after delay: Int64 = Int64(seconds)) -> Bool {
    let name: String
    switch route {
    case .tool: name = "tool"
    case .terminal: name = "terminal"
    case .unavailable: return false
    }
    guard let program = Posix.linkTarget("/proc/self/exe") else { return false }
    var input = Array(code.utf8) + [0x0A]
    defer { wipe(&input) }
    return ChildProcess.startDetached(
      [program, "clipboard-clear", "--route", name, "--after", "\(min(max(delay, 0), Int64(seconds)))"], input: input)
  }

  /// The helper's work: waits `delay` seconds, then clears `code` from `route` ("tool" or
  /// "terminal").
  public static func clear(
    _ code: String, route: String, after delay: UInt32 = seconds, clipboard: ClipboardService = Clipboard()
  ) {
    var remaining = min(delay, seconds)
    while remaining > 0 { remaining = sleep(remaining) }
    if route == "terminal" {
      clipboard.clearTerminal(ControllingTerminal())
    } else {
      clipboard.clear(ifStillHolding: code)
    }
  }
}
