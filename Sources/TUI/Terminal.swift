/// Somewhere bytes can be written to the terminal itself (OSC 52 clipboard sequences): the
/// viewer's screen, or the controlling terminal of a one-shot command.
public protocol TerminalOutput: AnyObject {
  func sendToTerminal(_ bytes: [UInt8])
}

/// The terminal the viewer runs on, as its run loop sees it. `CursesScreen` is the real one;
/// tests drive the run loop with a fake that records frames and plays back keys.
public protocol Terminal: TerminalOutput {
  /// The size in cells.
  var size: (rows: Int, columns: Int) { get }
  /// Whether the terminal draws UTF-8 (else the screens use ASCII).
  var unicode: Bool { get }
  /// Whether a stop signal (SIGTERM, SIGHUP, SIGINT) arrived.
  var stopRequested: Bool { get }
  /// A resize event when the size changed since the last call.
  func resizeIfNeeded() -> Event?
  /// Shows `frame`.
  func draw(_ frame: Frame)
  /// What the terminal reports within `milliseconds`: a key, a resize, or nil (timeout).
  func next(timeoutMilliseconds: Int32) -> Event?
}
