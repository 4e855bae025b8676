import Foundation

/// A real terminal for end-to-end tests: one tmux session on its own server socket.
public final class TmuxSession: @unchecked Sendable {
  public let name: String
  let socket: String

  /// Starts `command` (run by /bin/sh) in a detached session of `columns` × `rows`.
  ///
  /// - Parameter setup: tmux commands run on the new server first (e.g. `set -g set-clipboard on`).
  public init(command: String, columns: Int = 100, rows: Int = 30, setup: [String] = []) {
    name = "otter\(UInt32.random(in: 0...UInt32.max))"
    socket = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sock").path
    _ = shell("tmux -S '\(socket)' new-session -d -s \(name) -x \(columns) -y \(rows) 'sleep 600'")
    for line in setup { _ = shell("tmux -S '\(socket)' \(line)") }
    _ = shell("tmux -S '\(socket)' respawn-pane -k -t \(name) \(Self.quote(command))")
  }

  deinit { kill() }

  /// `text` quoted for /bin/sh, for a test's command line.
  public static func quoteForTest(_ text: String) -> String { quote(text) }

  static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

  /// Runs a tmux command against this session's server.
  @discardableResult
  public func tmux(_ arguments: String) -> (status: Int32, output: String) {
    shell("tmux -S '\(socket)' \(arguments)")
  }

  /// The visible screen as text.
  public func capture() -> String { tmux("capture-pane -p -t \(name)").output }

  /// Everything the pane holds: its whole scrollback history and the visible screen.
  public func history() -> String { tmux("capture-pane -p -S - -t \(name)").output }

  /// Types keys (tmux key names such as `Enter`, `Escape`, `Up`, or literal text with `literal`).
  public func send(_ keys: String...) {
    for key in keys { tmux("send-keys -t \(name) \(Self.quote(key))") }
  }

  public func send(literal text: String) { tmux("send-keys -t \(name) -l \(Self.quote(text))") }

  /// Waits up to `seconds` for `text` to appear; returns the last screen.
  @discardableResult
  public func wait(for text: String, seconds: Double = 10) -> String {
    wait(seconds: seconds) { $0.contains(text) }
  }

  /// Waits until `text` is gone from the screen.
  @discardableResult
  public func wait(whileShowing text: String, seconds: Double = 10) -> String {
    wait(seconds: seconds) { !$0.contains(text) }
  }

  /// Captures the screen until `done` holds for it, or `seconds` pass; returns the last screen.
  public func wait(seconds: Double, until done: (String) -> Bool) -> String {
    var screen = ""
    let deadline = Date().addingTimeInterval(seconds)
    repeat {
      screen = capture()
      if done(screen) { return screen }
      usleep(50_000)
    } while Date() < deadline
    return screen
  }

  public func resize(columns: Int, rows: Int) { tmux("resize-window -t \(name) -x \(columns) -y \(rows)") }

  /// The text of tmux's most recent paste buffer (what OSC 52 put there), or nil.
  public func buffer() -> String? {
    let result = tmux("show-buffer")
    return result.status == 0 ? result.output : nil
  }

  /// The pid of the program the pane's shell started (the command under test), or nil.
  public func programPID() -> String? {
    let shellPID = tmux("display -p -t \(name) '#{pane_pid}'").output.trimmingCharacters(in: .whitespacesAndNewlines)
    let child = shell("pgrep -o -P \(shellPID)").output.trimmingCharacters(in: .whitespacesAndNewlines)
    return child.isEmpty ? nil : child
  }

  public func kill() { _ = shell("tmux -S '\(socket)' kill-server; rm -f '\(socket)'") }
}
