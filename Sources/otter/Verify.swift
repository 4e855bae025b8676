import ArgumentParser
import OTPCore
import OtterKit

/// `otter verify`: the service's side of a login, whether a code is valid.
struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check a code as the service would: exit 0 when it is valid, 1 when not.",
    discussion: """
      The account comes from one otpauth URI in FILE ('-' for standard input). A TOTP code is \
      valid for the time steps within --window of now; an HOTP code for the URI's counter and \
      the --window counters after it.

      With --state FILE, a code is accepted once: that step, and every earlier one, is then \
      refused (RFC 6238 §5.2); an HOTP counter moves past the code accepted, so a user whose \
      token ran ahead is resynchronised (RFC 4226 §7.4). The file is replaced atomically, \
      under a lock, so two checks of one code at the same moment accept it once.

        otter verify --uri alice.uri 123456 --state alice.state && echo welcome
      """)

  @Option(
    name: .customLong("uri"),
    help: ArgumentHelp("Read the account's otpauth URI from FILE ('-' for standard input).", valueName: "FILE"))
  var uriSource: String

  @Argument(help: "The code the user typed ('-' reads it from standard input, out of sight of ps).")
  var code: String

  @Option(help: ArgumentHelp("Steps (TOTP) or counters ahead (HOTP) to accept, 0 to 100.", valueName: "N"))
  var window = 1

  @Option(help: ArgumentHelp("Remember accepted codes and HOTP counters in FILE (mode 0600).", valueName: "FILE"))
  var state: String?

  @Option(help: ArgumentHelp("Check at this Unix time instead of now.", valueName: "UNIXTIME"))
  var at: Int64?

  @Flag(help: "Say on standard output whether the code was accepted, and at which step.")
  var verbose = false

  @OptionGroup var clock: ClockOptions

  func validate() throws {
    if code == "-" && uriSource == "-" { throw ValidationError("Standard input cannot carry both the URI and the code.") }
    guard (0...CodeVerifier.maximumWindow).contains(window) else {
      throw ValidationError("--window must be between 0 and \(CodeVerifier.maximumWindow).")
    }
  }

  func run() throws {
    let account = try URIInput.single(from: uriSource).account
    let typed = code == "-" ? try Self.codeFromStandardInput() : code
    let now = at ?? (account.isTimeBased ? clock.now() : 0)
    let outcome = try CodeCheck(account: account, window: window).run(typed, now: now, statePath: state)
    switch outcome {
    case .accepted(let counter, let offset):
      if verbose {
        let what = account.kind == .hotp ? "counter" : "time step"
        StandardOutput.shared.write("accepted: \(what) \(counter) (\(offset >= 0 ? "+" : "")\(offset))\n")
      }
    case .replayed(let counter):
      if verbose {
        StandardOutput.shared.write("refused: \(account.kind == .hotp ? "counter" : "time step") \(counter) was already used\n")
      }
      throw ExitCode(1)
    case .rejected:
      if verbose { StandardOutput.shared.write("refused: not valid within the window\n") }
      throw ExitCode(1)
    }
  }

  /// The first line of standard input (at most 64 bytes are kept).
  static func codeFromStandardInput() throws -> String {
    let bytes = try InputSource.read("-")
    guard let line = InputSource.firstLine(bytes), !line.isEmpty, line.utf8.count <= 64 else {
      throw OtterFailure(.dataError, "standard input holds no code")
    }
    return line
  }
}
