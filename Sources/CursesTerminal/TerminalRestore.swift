#if canImport(Glibc)
  import Glibc
#endif

/// Puts the terminal back however a screen ends: quit, SIGTERM, SIGHUP, SIGINT or a crash; and
/// keeps a crash to one line of output.
///
/// SIGWINCH sets a flag the run loop turns into a resize. SIGTERM, SIGHUP and SIGINT only set a
/// flag (the run loop sees it within a second, ends the screen and exits). Crash signals
/// (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE) are handled for the whole process from the
/// start of `main` (`installCrashGuard`): the handler replaces the Swift runtime's backtracer,
/// which printed every register and the bytes around them (key material among them), with one
/// line; if a screen is up it first restores the saved terminal modes with `tcsetattr` and
/// writes the sequences that leave the alternate screen and show the cursor; then it re-raises
/// the signal. Everything it calls is async-signal-safe.
public enum TerminalRestore {
  nonisolated(unsafe) static var saved = termios()
  nonisolated(unsafe) static var savedFD: Int32 = -1
  /// 1 while a screen (curses or `AlternateScreen`) is up, so a crash restores the terminal.
  nonisolated(unsafe) static var screenActive: sig_atomic_t = 0
  nonisolated(unsafe) static var stopRequested: sig_atomic_t = 0
  nonisolated(unsafe) static var resized: sig_atomic_t = 0
  /// The stack crash handlers run on, so that a stack overflow can still be reported.
  nonisolated(unsafe) static var alternateStack = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 16)

  /// Whether SIGTERM, SIGHUP or SIGINT arrived.
  public static var shouldStop: Bool { unsafe stopRequested != 0 }

  static let crashSignals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
  static let stopSignals = [SIGTERM, SIGHUP, SIGINT]

  /// Replaces the runtime's crash reporting for the whole process: at most one line,
  /// "otter: crashed (signal 11)", and the terminal restored if a screen is up. Call it first
  /// thing in `main`.
  ///
  /// The corresponding C functions are `sigaltstack` and `sigaction`.
  public static func installCrashGuard() {
    var stack = unsafe stack_t()
    unsafe stack.ss_sp = alternateStack
    unsafe stack.ss_size = 1 << 16
    unsafe stack.ss_flags = 0
    unsafe sigaltstack(&stack, nil)
    var crash = sigaction()
    unsafe crash.__sigaction_handler.sa_handler = { signal in
      if unsafe TerminalRestore.screenActive != 0 { TerminalRestore.restoreFromSignal() }
      TerminalRestore.reportCrash(signal)
      Glibc.signal(signal, SIG_DFL)
      raise(signal)
    }
    unsafe sigemptyset(&crash.sa_mask)
    // 0x80000000 (SA_RESETHAND) does not fit Int32; SA_ONSTACK runs it on the stack above.
    crash.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND) | SA_ONSTACK
    for signal in crashSignals { unsafe sigaction(signal, &crash, nil) }
  }

  /// Writes "otter: crashed (signal N)" with `write` alone (no allocation, no formatting).
  static func reportCrash(_ signal: Int32) {
    var line: (UInt8, UInt8, UInt8, UInt8) = (0x20, 0x20, 0x20, 0x20)
    let value = max(0, min(Int(signal), 99))
    line.0 = UInt8(ascii: "0") + UInt8(value / 10)
    line.1 = UInt8(ascii: "0") + UInt8(value % 10)
    line.2 = UInt8(ascii: ")")
    line.3 = UInt8(ascii: "\n")
    let prefix: StaticString = "otter: crashed (signal "
    prefix.withUTF8Buffer { _ = unsafe write(2, $0.baseAddress, $0.count) }
    let skip = value < 10 ? 1 : 0
    unsafe withUnsafeBytes(of: &line) { _ = unsafe write(2, $0.baseAddress.unsafelyUnwrapped + skip, 4 - skip) }
  }

  /// Saves the terminal modes of `fd`, for a restore after a crash or a signal.
  static func save(_ fd: Int32 = 0) {
    unsafe savedFD = unsafe tcgetattr(fd, &saved) == 0 ? fd : -1
  }

  /// Takes and clears the "window size changed" flag set by SIGWINCH.
  static func takeResize() -> Bool {
    guard unsafe resized != 0 else { return false }
    unsafe resized = 0
    return true
  }

  /// Handles resizes and stop signals while a screen is up.
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
    unsafe screenActive = 1
  }

  static func uninstall() {
    unsafe screenActive = 0
    for signal in stopSignals + [SIGWINCH] { Glibc.signal(signal, SIG_DFL) }
  }

  /// Leave the alternate screen, reset attributes, show the cursor; restore the tty modes.
  static func restoreFromSignal() {
    if unsafe savedFD >= 0 { unsafe tcsetattr(savedFD, TCSANOW, &saved) }
    let reset: StaticString = "\u{1b}[0m\u{1b}[?1000l\u{1b}[?25h\u{1b}[?1049l\r\n"
    reset.withUTF8Buffer { _ = unsafe write(1, $0.baseAddress, $0.count) }
  }
}
