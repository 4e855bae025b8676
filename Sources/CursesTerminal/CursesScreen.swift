internal import CNCurses
import Posix
import TUI

#if canImport(Glibc)
  import Glibc
#endif

/// The real terminal, through ncursesw: draws `Frame`s and decodes keys. The only file that
/// calls curses (besides the version probe).
public final class CursesScreen: Terminal {
  private var colors = false
  public let unicode: Bool

  /// Starts curses on the terminal: alternate screen, raw keys, no echo, hidden cursor.
  ///
  /// - Parameter color: use colours when the terminal has them (false under `NO_COLOR`).
  /// The corresponding C functions are `setlocale`, `initscr`, `raw`, `noecho`, `keypad`.
  public init(color: Bool) {
    // Curses draws UTF-8 only under a UTF-8 locale. With no locale set at all (env -i, some
    // CI) fall back to C.UTF-8 for the character type; a locale the user chose that is not
    // UTF-8 is respected, and the screen model then draws ASCII.
    _ = unsafe setlocale(LC_ALL, "")
    var isUnicode = Self.codesetIsUTF8
    let names: [String] = ["LC_ALL", "LC_CTYPE", "LANG"]
    let noLocaleSet = names.allSatisfy { name in unsafe getenv(name).map { unsafe $0.pointee == 0 } ?? true }
    if !isUnicode, noLocaleSet, unsafe setlocale(LC_CTYPE, "C.UTF-8") != nil {
      isUnicode = Self.codesetIsUTF8
    }
    unicode = isUnicode
    TerminalRestore.save()
    _ = unsafe initscr()
    _ = raw()
    _ = noecho()
    _ = unsafe keypad(otter_curses_stdscr(), true)
    _ = set_escdelay(25)
    _ = curs_set(0)
    _ = mousemask(otter_curses_click_mask(), nil)
    if color && has_colors() {
      _ = start_color()
      _ = use_default_colors()
      _ = init_pair(1, Int16(COLOR_CYAN), -1)
      _ = init_pair(2, Int16(COLOR_RED), -1)
      _ = init_pair(3, Int16(COLOR_BLUE), -1)
      colors = true
    }
    TerminalRestore.install()
  }

  private static var codesetIsUTF8: Bool {
    guard let codeset = unsafe nl_langinfo(nl_item(CODESET)) else { return false }
    let name = unsafe String(cString: codeset).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }

  /// Ends curses and leaves the alternate screen, restoring what was there before.
  public func end() {
    _ = endwin()
    TerminalRestore.uninstall()
  }

  /// Whether SIGTERM, SIGHUP or SIGINT arrived.
  public var stopRequested: Bool { TerminalRestore.shouldStop }

  /// The terminal's size in cells.
  public var size: (rows: Int, columns: Int) {
    (Int(unsafe getmaxy(otter_curses_stdscr())), Int(unsafe getmaxx(otter_curses_stdscr())))
  }

  /// A resize event when the terminal's size changed since curses last knew it (SIGWINCH, or a
  /// size read with `ioctl(TIOCGWINSZ)` that differs), after telling curses the new size.
  ///
  /// The corresponding C functions are `ioctl(TIOCGWINSZ)` and `resizeterm`.
  public func resizeIfNeeded() -> Event? {
    let signalled = TerminalRestore.takeResize()
    var window = winsize()
    guard unsafe ioctl(1, UInt(TIOCGWINSZ), &window) == 0, window.ws_row > 0, window.ws_col > 0 else { return nil }
    let current = size
    guard signalled || Int(window.ws_row) != current.rows || Int(window.ws_col) != current.columns else { return nil }
    _ = resizeterm(Int32(window.ws_row), Int32(window.ws_col))
    return .resize(rows: Int(window.ws_row), columns: Int(window.ws_col))
  }

  /// Draws `frame` and shows it.
  public func draw(_ frame: Frame) {
    let screen = unsafe otter_curses_stdscr()
    _ = unsafe werase(screen)
    for (row, line) in frame.lines.enumerated() {
      _ = unsafe wmove(screen, Int32(row), 0)
      for span in line.spans {
        _ = unsafe wattrset(screen, attributes(span))
        var wide = span.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
        _ = unsafe wide.withUnsafeMutableBufferPointer { unsafe waddwstr(screen, $0.baseAddress) }
      }
      _ = unsafe wattrset(screen, 0)
    }
    _ = unsafe wrefresh(screen)
  }

  private func attributes(_ span: Span) -> Int32 {
    var value: Int32 = 0
    if span.style.contains(.bold) { value |= otter_curses_attr_bold() }
    if span.style.contains(.dim) { value |= otter_curses_attr_dim() }
    if span.style.contains(.reverse) { value |= otter_curses_attr_reverse() }
    if span.style.contains(.underline) { value |= otter_curses_attr_underline() }
    switch span.tone {
    case .normal: break
    case .accent: if colors { value |= COLOR_PAIR(1) }
    case .warn:
      value |= colors ? COLOR_PAIR(2) | otter_curses_attr_bold() : otter_curses_attr_bold() | otter_curses_attr_underline()
    case .muted: if colors { value |= COLOR_PAIR(3) }
    }
    return value
  }

  /// What the terminal reports within `milliseconds`: a key, a resize, or nil (timeout or signal).
  ///
  /// The corresponding C functions are `wtimeout` and `wget_wch`.
  public func next(timeoutMilliseconds milliseconds: Int32) -> Event? {
    let screen = unsafe otter_curses_stdscr()
    unsafe wtimeout(screen, max(milliseconds, 0))
    var character: wint_t = 0
    let result = unsafe wget_wch(screen, &character)
    if result == ERR { return nil }
    if result == KEY_CODE_YES { return functionKey(Int32(bitPattern: character)) }
    switch character {
    case 3: return .key(.control("c"))
    case 9: return .key(.tab)
    case 10, 13: return .key(.enter)
    case 27: return .key(.escape)
    case 8, 127: return .key(.backspace)
    case 1...26:
      guard let scalar = Unicode.Scalar(character + 96) else { return nil }
      return .key(.control(Character(scalar)))
    default:
      guard let scalar = Unicode.Scalar(character) else { return nil }
      return .key(.character(Character(scalar)))
    }
  }

  private func functionKey(_ code: Int32) -> Event? {
    switch code {
    case KEY_UP: return .key(.up)
    case KEY_DOWN: return .key(.down)
    case KEY_LEFT: return .key(.left)
    case KEY_RIGHT: return .key(.right)
    case KEY_PPAGE: return .key(.pageUp)
    case KEY_NPAGE: return .key(.pageDown)
    case KEY_HOME: return .key(.home)
    case KEY_END: return .key(.end)
    case KEY_ENTER: return .key(.enter)
    case KEY_BACKSPACE: return .key(.backspace)
    case KEY_RESIZE:
      let (rows, columns) = size
      return .resize(rows: rows, columns: columns)
    case KEY_MOUSE:
      var event = MEVENT()
      guard unsafe getmouse(&event) == OK, otter_curses_is_click(event.bstate) != 0 else { return nil }
      return .key(.click(row: Int(event.y), column: Int(event.x)))
    default: return nil
    }
  }

  /// Sends `bytes` straight to the terminal, around curses (for OSC 52 clipboard sequences).
  public func sendToTerminal(_ bytes: [UInt8]) {
    try? Posix.writeAll(1, bytes)
  }
}
