import ArgumentParser
import CryptoPrimitives
import CursesTerminal
import OtterKit
import QRCodeArt

#if canImport(Glibc)
  import Glibc
#endif

/// The `otter` command: a terminal authenticator.
@main
struct Otter: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "otter",
    abstract: "A terminal authenticator: TOTP, HOTP and Steam Guard codes from otpauth secrets.",
    discussion: """
      Otter is the client side of two-factor authentication. A service shows an enrollment \
      QR code holding an otpauth:// URI with a shared secret; Otter keeps that secret and \
      shows the code the service expects.

      Secrets are never read from the command line (other users can see it in `ps`): pass \
      URIs on standard input or in a file.

      Example:
        printf '%s\\n' 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP' | otter code --uri -

      Exit status: 0 success, 1 ambiguous query (verify: not valid; audit: findings), 64 usage error, 65 bad input data, \
      66 missing input file, 69 a component is missing, 73 cannot create, 74 I/O error, 77 wrong password.
      """,
    version: OtterVersion.text,
    subcommands: [
      View.self, Init.self, Add.self, List.self, Code.self, Edit.self, Remove.self, Rename.self, Passwd.self, QR.self,
      Import.self,
      Export.self, Merge.self, MergeDriver.self, Unlock.self, Lock.self, Agent.self, Slot.self, Watch.self, TypeCode.self,
      Pick.self, ClockCommand.self, NewSecret.self, Verify.self, Audit.self, Backup.self,
      Demo.self,
      ClipboardClear.self,
    ],
    defaultSubcommand: View.self
  )

  /// Runs the command and turns failures into sysexits codes and one line on stderr.
  static func main() {
    TerminalRestore.installCrashGuard()
    ProcessHygiene.disableCoreDumps()
    CryptoLibrary.start()
    do {
      let arguments = Array(CommandLine.arguments.dropFirst())
      // A shell's completion request goes to argument-parser as it came.
      var command = try parseAsRoot(arguments.first == "---completion" ? arguments : routedArguments(arguments))
      try command.run()
      StandardOutput.shared.flush()
    } catch let failure as OtterFailure {
      StandardOutput.shared.flush()
      StandardError.write("otter: \(failure.message)\n")
      Glibc.exit(failure.status.rawValue)
    } catch {
      StandardOutput.shared.flush()
      exit(withError: error)
    }
  }
}

/// The version line of `otter --version`, with the C libraries actually linked.
enum OtterVersion {
  static let number = "0.1.0"
  static var text: String {
    "otter \(number) (\(OpenSSLLibrary.version); libqrencode \(QRencodeLibrary.version); \(CursesLibrary.version))"
  }
}
