internal import CNCurses

/// Facts about the ncursesw linked at run time (the terminal backend arrives with issue 5).
public enum CursesLibrary {
  /// The library's version, e.g. "ncurses 6.4.20221231".
  ///
  /// The corresponding C function is `curses_version`.
  public static var version: String {
    guard let text = unsafe curses_version() else { return "unknown" }
    return unsafe String(cString: text)
  }
}
