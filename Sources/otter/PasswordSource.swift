import CryptoPrimitives
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Where the vault password comes from, in order of precedence: `--password-file` (`-` is
/// standard input), `OTTER_PASSWORD_FILE`, `OTTER_PASSWORD_COMMAND` (its first output line),
/// else a no-echo prompt on the controlling terminal.
enum PasswordSource: Equatable {
  case file(String)
  case command(String)
  case terminal

  static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> PasswordSource {
    if let flag, !flag.isEmpty { return .file(flag) }
    if let file = environment["OTTER_PASSWORD_FILE"], !file.isEmpty { return .file(file) }
    if let command = environment["OTTER_PASSWORD_COMMAND"], !command.isEmpty { return .command(command) }
    return .terminal
  }

  /// Whether this source reads standard input (which then cannot carry other data).
  var usesStandardInput: Bool { self == .file("-") }

  /// Reads the password; asks twice on a terminal when `confirm` is set.
  ///
  /// - Throws: `OtterFailure` 64 when there is no terminal to ask on, 65 for an empty
  ///   password or mismatched confirmation, 66/74 when the file or command fails.
  func read(prompt: String, confirm: Bool = false) throws(OtterFailure) -> SecretBytes {
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

  /// Runs `command` with `/bin/sh -c` and returns its standard output.
  private static func run(_ command: String) throws(OtterFailure) -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch {
      throw OtterFailure(.ioError, "cannot run OTTER_PASSWORD_COMMAND: \(error.localizedDescription)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw OtterFailure(.ioError, "OTTER_PASSWORD_COMMAND exited with status \(process.terminationStatus)")
    }
    return Array(data)
  }
}
