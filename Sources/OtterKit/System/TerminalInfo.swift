import Posix

#if canImport(Glibc)
  import Glibc
#endif

/// Facts about the terminal and locale a command prints to.
public enum TerminalInfo {
  /// Columns of the terminal on standard output, or `COLUMNS`, or nil when neither is known.
  ///
  /// The corresponding C function is `ioctl(TIOCGWINSZ)`.
  public static func columns() -> Int? {
    var size = winsize()
    if Posix.isTerminal(1), unsafe ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    if let text = Environment.value("COLUMNS"), let value = Int(text), value > 0 { return value }
    return nil
  }

  /// Whether the character encoding from LC_ALL, LC_CTYPE or LANG (first one set) is UTF-8.
  public static var isUTF8: Bool {
    let value = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap(Environment.value).first { !$0.isEmpty } ?? ""
    let lower = value.lowercased()
    return lower.contains("utf-8") || lower.contains("utf8")
  }
}

/// The process environment, read through `getenv` (no Foundation).
public enum Environment {
  /// The value of `name`, or nil when it is unset.
  ///
  /// The corresponding C function is `getenv`.
  public static func value(_ name: String) -> String? {
    unsafe getenv(name).map { unsafe String(cString: $0) }
  }

  /// The value of `name` when it is set and not empty.
  public static func nonEmpty(_ name: String) -> String? {
    value(name).flatMap { $0.isEmpty ? nil : $0 }
  }

  /// Every variable, as a dictionary.
  public static var all: [String: String] {
    var result: [String: String] = [:]
    var index = 0
    while let entry = unsafe environ[index] {
      let text = unsafe String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        result[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      index += 1
    }
    return result
  }
}
