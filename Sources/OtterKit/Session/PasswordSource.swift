import CryptoPrimitives
import Posix

/// Where the vault password comes from, in order of precedence: `--password-file` (`-` is
/// standard input), `OTTER_PASSWORD_FILE`, `OTTER_PASSWORD_COMMAND` (its first output line),
/// else a no-echo prompt on the controlling terminal.
public enum PasswordSource: Equatable, Sendable {
  case file(String)
  case command(String)
  case terminal

  public static func resolve(flag: String?, environment: [String: String] = Environment.all) -> PasswordSource {
    if let flag, !flag.isEmpty { return .file(flag) }
    if let file = environment["OTTER_PASSWORD_FILE"], !file.isEmpty { return .file(file) }
    if let command = environment["OTTER_PASSWORD_COMMAND"], !command.isEmpty { return .command(command) }
    return .terminal
  }

  /// The source for a password that is never the vault's (an export's, another file's): the
  /// file given, else the terminal.
  public static func fileOrTerminal(_ path: String?) -> PasswordSource { path.map { .file($0) } ?? .terminal }

  /// Whether this source reads standard input (which then cannot carry other data).
  public var usesStandardInput: Bool { self == .file("-") }

  /// Reads the password; asks twice on a terminal when `confirm` is set.
  ///
  /// - Throws: `OtterFailure` 64 when there is no terminal to ask on, 65 for an empty
  ///   password or mismatched confirmation, 66/74 when the file or command fails.
  /// - Parameter noTerminal: what to say when the terminal is the source and there is none
  ///   (default: how to give the vault's password).
  public func read(prompt: String, confirm: Bool = false, noTerminal: String? = nil) throws(OtterFailure) -> SecretBytes {
    let password: SecretBytes
    switch self {
    case .file(let path):
      var bytes = try InputSource.read(path)
      defer { wipe(&bytes) }
      password = Self.firstLine(bytes)
    case .command(let command):
      var bytes = try Self.run(command)
      defer { wipe(&bytes) }
      password = Self.firstLine(bytes)
    case .terminal:
      if let noTerminal, !TerminalPrompt.isAvailable { throw OtterFailure(.usage, noTerminal) }
      if !TerminalPrompt.isAvailable {
        // A key binding or a launcher: OTTER_ASKPASS or pinentry asks instead.
        guard let asked = try AskPass.read(prompt: prompt, description: "Otter needs a password.") else {
          throw OtterFailure(.usage, AskPass.neither)
        }
        if confirm {
          let again = try AskPass.read(prompt: "Repeat the password: ", description: "Otter needs a password.")
          guard again?.constantTimeEquals(asked) == true else { throw OtterFailure(.dataError, "the passwords do not match") }
        }
        password = asked
        break
      }
      password = try TerminalPrompt.readSecret(prompt: prompt)
      if confirm {
        let again = try TerminalPrompt.readSecret(prompt: "Repeat the password: ")
        guard again.constantTimeEquals(password) else { throw OtterFailure(.dataError, "the passwords do not match") }
      }
    }
    guard !password.isEmpty else { throw OtterFailure(.dataError, "the password is empty; an empty password is refused") }
    return password
  }

  /// The bytes up to the first newline (a trailing CR is dropped too).
  static func firstLine(_ bytes: [UInt8]) -> SecretBytes {
    var end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
    if end > 0 && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return SecretBytes(bytes[0..<end])
  }

  /// Runs `command` with `/bin/sh -c` (standard input from /dev/null, standard error shown)
  /// and returns the start of its standard output.
  private static func run(_ command: String) throws(OtterFailure) -> [UInt8] {
    guard let finished = ChildProcess.run(["/bin/sh", "-c", command], limit: 64 << 10, errors: .inherit) else {
      throw OtterFailure(.ioError, "cannot run OTTER_PASSWORD_COMMAND")
    }
    guard finished.status == 0 else {
      var output = finished.output
      wipe(&output)
      throw OtterFailure(.ioError, "OTTER_PASSWORD_COMMAND exited with status \(finished.status)")
    }
    return finished.output
  }
}
