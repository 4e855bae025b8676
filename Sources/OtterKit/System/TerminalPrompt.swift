import CryptoPrimitives
import Posix

#if canImport(Glibc)
  import Glibc
#endif

/// Questions asked on the controlling terminal (`/dev/tty`), never on stdin/stdout, so pipes
/// stay free for data.
public enum TerminalPrompt {
  /// Reads one line with echo off.
  ///
  /// - Throws: `OtterFailure` 64 when there is no controlling terminal.
  /// The corresponding C functions are `tcgetattr` and `tcsetattr`.
  public static func readSecret(prompt: String) throws(OtterFailure) -> SecretBytes {
    let fd = try openTerminal()
    defer { Posix.close(fd) }
    try? Posix.writeAll(fd, Array(prompt.utf8))
    var saved = termios()
    let canHide = unsafe tcgetattr(fd, &saved) == 0
    if canHide {
      var hidden = saved
      hidden.c_lflag &= ~tcflag_t(ECHO)
      hidden.c_lflag |= tcflag_t(ECHONL)
      _ = unsafe tcsetattr(fd, TCSAFLUSH, &hidden)
    }
    defer {
      if canHide { _ = unsafe tcsetattr(fd, TCSAFLUSH, &saved) }
    }
    var line = readLine(fd)
    defer { wipe(&line) }
    return SecretBytes(line)
  }

  /// Asks a yes/no question; only "y" or "yes" is yes.
  public static func confirm(_ question: String) throws(OtterFailure) -> Bool {
    let fd = try openTerminal()
    defer { Posix.close(fd) }
    try? Posix.writeAll(fd, Array(question.utf8))
    let answer = String(decoding: readLine(fd), as: UTF8.self).lowercased()
    return answer == "y" || answer == "yes"
  }

  /// Asks `question` and returns the answer typed (echoed: never for a secret).
  public static func ask(_ question: String) throws(OtterFailure) -> String {
    let fd = try openTerminal()
    defer { Posix.close(fd) }
    try? Posix.writeAll(fd, Array(question.utf8))
    return String(decoding: readLine(fd), as: UTF8.self)
  }

  /// Whether a controlling terminal can be opened.
  public static var isAvailable: Bool {
    guard let fd = try? Posix.open("/dev/tty", O_RDWR) else { return false }
    Posix.close(fd)
    return true
  }

  private static func openTerminal() throws(OtterFailure) -> Int32 {
    guard let fd = try? Posix.open("/dev/tty", O_RDWR) else {
      throw OtterFailure(
        .usage,
        "no terminal to ask on; give --password-file PATH, OTTER_PASSWORD_FILE or OTTER_PASSWORD_COMMAND")
    }
    return fd
  }

  /// Bytes up to a newline (not included); reads one byte at a time so nothing after the line
  /// is consumed. The line's storage is reserved once, so a typed secret is never copied by a
  /// reallocation.
  private static func readLine(_ fd: Int32) -> [UInt8] {
    let maximum = 65_536
    var line: [UInt8] = []
    line.reserveCapacity(maximum + 1)
    var byte: [UInt8] = [0]
    while true {
      let count = unsafe byte.withUnsafeMutableBytes { (try? unsafe Posix.read(fd, into: $0)) ?? 0 }
      if count <= 0 || byte[0] == UInt8(ascii: "\n") { break }
      if byte[0] != UInt8(ascii: "\r") { line.append(byte[0]) }
      guard line.count <= maximum else { break }
    }
    byte[0] = 0
    return line
  }
}
