#if canImport(Glibc)
  import Glibc
#endif

/// Puts the terminal back however the viewer ends: quit, SIGTERM, SIGHUP or a crash.
///
/// SIGWINCH sets a flag the run loop turns into a resize. SIGTERM and SIGHUP only set a flag (the run loop sees it within a second, ends curses and
/// exits). Crash signals (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE) cannot run curses
/// safely, so their handler restores the saved terminal modes with `tcsetattr`, writes the
/// sequences that leave the alternate screen and show the cursor with `write` (both
/// async-signal-safe), and re-raises the signal.
public enum TerminalRestore {
  nonisolated(unsafe) static var saved = termios()
  nonisolated(unsafe) static var hasSaved = false
  nonisolated(unsafe) static var stopRequested: sig_atomic_t = 0
  nonisolated(unsafe) static var resized: sig_atomic_t = 0

  /// Whether SIGTERM or SIGHUP arrived.
  public static var shouldStop: Bool { unsafe stopRequested != 0 }

  static func save() {
    unsafe hasSaved = tcgetattr(0, &saved) == 0
  }

  static let crashSignals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

  /// Takes and clears the "window size changed" flag set by SIGWINCH.
  static func takeResize() -> Bool {
    guard unsafe resized != 0 else { return false }
    unsafe resized = 0
    return true
  }

  static let stopSignals = [SIGTERM, SIGHUP, SIGINT]

  static func install() {
    // The process may start with these signals blocked (inherited, or blocked by a runtime
    // thread); a blocked SIGTERM would never reach the handler below.
    var unblock = sigset_t()
    unsafe sigemptyset(&unblock)
    for signal in stopSignals + [SIGWINCH] { unsafe sigaddset(&unblock, signal) }
    unsafe pthread_sigmask(SIG_UNBLOCK, &unblock, nil)

    var winch = sigaction()
    unsafe winch.__sigaction_handler.sa_handler = { _ in unsafe TerminalRestore.resized = 1 }
    unsafe sigemptyset(&winch.sa_mask)
    winch.sa_flags = 0
    unsafe sigaction(SIGWINCH, &winch, nil)

    var stop = sigaction()
    unsafe stop.__sigaction_handler.sa_handler = { _ in unsafe TerminalRestore.stopRequested = 1 }
    unsafe sigemptyset(&stop.sa_mask)
    stop.sa_flags = 0  // no SA_RESTART: the blocking read returns, so the loop notices at once
    for signal in stopSignals { unsafe sigaction(signal, &stop, nil) }

    var crash = sigaction()
    unsafe crash.__sigaction_handler.sa_handler = { signal in
      TerminalRestore.restoreFromSignal()
      Glibc.signal(signal, SIG_DFL)
      raise(signal)
    }
    unsafe sigemptyset(&crash.sa_mask)
    crash.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)  // 0x80000000 does not fit Int32
    for signal in crashSignals { unsafe sigaction(signal, &crash, nil) }
  }

  static func uninstall() {
    for signal in stopSignals + [SIGWINCH] + crashSignals { Glibc.signal(signal, SIG_DFL) }
  }

  /// Leave the alternate screen, reset attributes, show the cursor; restore the tty modes.
  static func restoreFromSignal() {
    if unsafe hasSaved { unsafe tcsetattr(0, TCSANOW, &saved) }
    let reset: StaticString = "\u{1b}[0m\u{1b}[?1000l\u{1b}[?25h\u{1b}[?1049l\r\n"
    reset.withUTF8Buffer { _ = unsafe write(1, $0.baseAddress, $0.count) }
  }
}
