import CryptoPrimitives

#if canImport(Glibc)
  import Glibc
#endif

/// Questions asked on the controlling terminal (`/dev/tty`), never on stdin/stdout, so pipes
/// stay free for data.
enum TerminalPrompt {
  /// Reads one line with echo off.
  ///
  /// - Throws: `OtterFailure` 64 when there is no controlling terminal.
  /// The corresponding C functions are `tcgetattr` and `tcsetattr`.
  static func readSecret(prompt: String) throws(OtterFailure) -> SecretBytes {
    let fd = try openTerminal()
    defer { close(fd) }
    write(fd, prompt)
    var saved = termios()
    let canHide = tcgetattr(fd, &saved) == 0
    if canHide {
      var hidden = saved
      hidden.c_lflag &= ~tcflag_t(ECHO)
      hidden.c_lflag |= tcflag_t(ECHONL)
      _ = tcsetattr(fd, TCSAFLUSH, &hidden)
    }
    defer {
      if canHide { _ = tcsetattr(fd, TCSAFLUSH, &saved) }
    }
    var line = readLine(fd)
    defer { wipe(&line) }
    return SecretBytes(line)
  }

  /// Asks a yes/no question; only "y" or "yes" is yes.
  static func confirm(_ question: String) throws(OtterFailure) -> Bool {
    let fd = try openTerminal()
    defer { close(fd) }
    write(fd, question)
    let answer = String(decoding: readLine(fd), as: UTF8.self).lowercased()
    return answer == "y" || answer == "yes"
  }

  /// Whether a controlling terminal can be opened.
  static var isAvailable: Bool {
    let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
    guard fd >= 0 else { return false }
    close(fd)
    return true
  }

  private static func openTerminal() throws(OtterFailure) -> Int32 {
    let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
    guard fd >= 0 else {
      throw OtterFailure(
        .usage,
        "no terminal to ask on; give --password-file PATH, OTTER_PASSWORD_FILE or OTTER_PASSWORD_COMMAND")
    }
    return fd
  }

  private static func write(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
  }

  /// Bytes up to a newline (not included); reads one byte at a time so nothing after the line
  /// is consumed.
  private static func readLine(_ fd: Int32) -> [UInt8] {
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while true {
      let count = read(fd, &byte, 1)
      if count < 0 && errno == EINTR { continue }
      if count <= 0 || byte == UInt8(ascii: "\n") { break }
      if byte != UInt8(ascii: "\r") { line.append(byte) }
      guard line.count <= 65_536 else { break }
    }
    byte = 0
    return line
  }
}
