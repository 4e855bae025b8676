import CryptoPrimitives
import OTPCore
import Posix

/// Asking for a password where there is no terminal (a key binding, a status bar, a launcher):
/// `OTTER_ASKPASS`, a program run with the prompt as its argument that prints the password (as
/// SSH_ASKPASS), else `pinentry` — the program gpg uses (pinentry-gnome3, pinentry-qt,
/// pinentry-curses, pinentry-tty…; `OTTER_PINENTRY` names another) — spoken to in its Assuan
/// protocol, when it has somewhere to ask: a display (`DISPLAY`, `WAYLAND_DISPLAY`) or a
/// terminal named by `GPG_TTY`.
public enum AskPass {
  /// What to say when neither can ask.
  public static let neither =
    "no terminal to ask on; give --password-file PATH, OTTER_PASSWORD_FILE or OTTER_PASSWORD_COMMAND, set OTTER_ASKPASS to a program that prints the password, or install pinentry (it asks when DISPLAY, WAYLAND_DISPLAY or GPG_TTY is set)"

  /// The password from `OTTER_ASKPASS` or pinentry, or nil when neither can ask.
  ///
  /// - Throws: `OtterFailure` 74 when the program fails, 77 when the question was cancelled.
  public static func read(prompt: String, description: String, environment: [String: String] = Environment.all)
    throws(OtterFailure) -> SecretBytes?
  {
    if let askpass = environment["OTTER_ASKPASS"], !askpass.isEmpty {
      guard let finished = ChildProcess.run([askpass, prompt], limit: 64 << 10, errors: .inherit) else {
        throw OtterFailure(.ioError, "cannot run OTTER_ASKPASS")
      }
      var output = finished.output
      defer { wipe(&output) }
      guard finished.status == 0 else { throw OtterFailure(.noPermission, "OTTER_ASKPASS exited with status \(finished.status)") }
      return PasswordSource.firstLine(output)
    }
    let hasDisplay = ["DISPLAY", "WAYLAND_DISPLAY", "GPG_TTY"].contains { !(environment[$0] ?? "").isEmpty }
    let program = environment["OTTER_PINENTRY"].flatMap { $0.isEmpty ? nil : $0 } ?? "pinentry"
    guard hasDisplay, ChildProcess.exists(program) || ChildProcess.isExecutable(program) else { return nil }
    // pinentry puts its own colon after the prompt.
    var shortPrompt = Substring(prompt)
    while let last = shortPrompt.last, last == " " || last == ":" { shortPrompt = shortPrompt.dropLast() }
    var script = "SETTITLE Otter\nSETDESC \(escape(description))\nSETPROMPT \(escape(String(shortPrompt)))\n"
    if let tty = environment["GPG_TTY"], !tty.isEmpty {
      script += "OPTION ttyname=\(escape(tty))\nOPTION ttytype=\(escape(environment["TERM"] ?? "dumb"))\n"
    }
    script += "GETPIN\nBYE\n"
    guard let finished = ChildProcess.run([program], input: Array(script.utf8), limit: 64 << 10) else {
      throw OtterFailure(.ioError, "cannot run \(Sanitizer.displayText(program))")
    }
    var output = finished.output
    defer { wipe(&output) }
    return try answer(output, program: program)
  }

  /// The PIN in pinentry's replies (`D` line, percent-escaped), or the error it gave.
  static func answer(_ output: [UInt8], program: String) throws(OtterFailure) -> SecretBytes? {
    var start = 0
    while start < output.count {
      let end = output[start...].firstIndex(of: UInt8(ascii: "\n")) ?? output.count
      let line = output[start..<end]
      start = end + 1
      if line.starts(with: Array("D ".utf8)) { return unescape(line.dropFirst(2)) }
      if line.starts(with: Array("ERR ".utf8)) {
        let text = String(decoding: line, as: UTF8.self)
        // GPG_ERR_CANCELED (99) and GPG_ERR_TIMEOUT (62) in the pinentry source's error space.
        if text.hasPrefix("ERR 83886179") || text.hasPrefix("ERR 83886142") {
          throw OtterFailure(.noPermission, "the password question was cancelled")
        }
        throw OtterFailure(
          .ioError, "\(Sanitizer.displayText(program)) could not ask: \(Sanitizer.quoted(String(text.prefix(120)), limit: 120))")
      }
    }
    // OK after GETPIN with no data: an empty password.
    return SecretBytes(count: 0)
  }

  /// Assuan escaping: `%`, CR and LF as %XX.
  static func escape(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "%": result += "%25"
      case "\r": result += "%0D"
      case "\n": result += "%0A"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Decodes %XX escapes into a wiped-later buffer.
  static func unescape(_ bytes: ArraySlice<UInt8>) -> SecretBytes {
    var decoded: [UInt8] = []
    decoded.reserveCapacity(bytes.count)
    defer { wipe(&decoded) }
    var index = bytes.startIndex
    while index < bytes.endIndex {
      if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
        let high = Hex.value(of: bytes[index + 1]), let low = Hex.value(of: bytes[index + 2])
      {
        decoded.append(high << 4 | low)
        index += 3
      } else {
        decoded.append(bytes[index])
        index += 1
      }
    }
    return SecretBytes(decoded)
  }
}
