import Posix

#if canImport(Glibc)
  import Glibc
#endif

/// A full screen for output that holds a secret (QR codes, transfer codes), drawn without
/// curses on the terminal's alternate screen: what is shown there never reaches the
/// scrollback, and leaving it brings back what was on the screen before.
///
/// While it is up, SIGTERM, SIGHUP and SIGINT end the wait for a key, and a crash still
/// restores the terminal (`TerminalRestore`).
public final class AlternateScreen {
  private let tty: Int32

  /// Enters the alternate screen on standard output; keys are read from `/dev/tty`.
  ///
  /// - Returns: nil when standard output or the controlling terminal is not a terminal.
  public init?() {
    guard isatty(1) != 0 else { return nil }
    guard let fd = try? Posix.open("/dev/tty", O_RDWR) else { return nil }
    tty = fd
    TerminalRestore.save(fd)
    TerminalRestore.install()
    send("\u{1b}[?1049h\u{1b}[H\u{1b}[2J")
  }

  /// Replaces what the screen shows with `lines`.
  public func show(_ lines: [String]) {
    send("\u{1b}[H\u{1b}[2J" + lines.joined(separator: "\r\n"))
  }

  /// Waits for one key (any key, no Enter needed, nothing echoed), or a stop signal.
  ///
  /// - Returns: false when a stop signal ended the wait.
  @discardableResult
  public func waitForKey() -> Bool {
    var saved = termios()
    guard unsafe tcgetattr(tty, &saved) == 0 else { return !TerminalRestore.shouldStop }
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
    unsafe withUnsafeMutableBytes(of: &raw.c_cc) { cc in
      unsafe cc[Int(VMIN)] = 1
      unsafe cc[Int(VTIME)] = 0
    }
    unsafe tcsetattr(tty, TCSANOW, &raw)
    defer { unsafe tcsetattr(tty, TCSANOW, &saved) }
    var byte: UInt8 = 0
    while !TerminalRestore.shouldStop {
      let count = unsafe read(tty, &byte, 1)
      if count == 1 { break }
      if count < 0 && errno == EINTR { continue }
      break
    }
    return !TerminalRestore.shouldStop
  }

  /// Leaves the alternate screen: the screen from before comes back, nothing of this one stays.
  public func end() {
    send("\u{1b}[2J\u{1b}[?1049l")
    TerminalRestore.uninstall()
    Posix.close(tty)
  }

  /// Whether a stop signal arrived while the screen was up.
  public var stopRequested: Bool { TerminalRestore.shouldStop }

  private func send(_ text: String) {
    var bytes = Array(text.utf8)
    try? Posix.writeAll(1, bytes)
    for index in bytes.indices { bytes[index] = 0 }
  }
}
