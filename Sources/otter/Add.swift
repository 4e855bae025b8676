import ArgumentParser
import CryptoPrimitives
import OTPCore
import OtterKit
import Vault

/// `otter add`: add accounts from otpauth URIs, or one from a bare secret.
struct Add: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add",
    abstract: "Add accounts from otpauth URIs on standard input (one per line), or pasted at a hidden prompt.",
    discussion: """
      URIs are never taken from the command line. Blank lines and lines starting with # are \
      skipped. Every valid line is added; each bad one is reported with its line number, and \
      the exit status is then 65. An account with the same secret, issuer and name as a stored \
      one is skipped. With --issuer and/or --name, the secret alone (as services show it \
      under "can't scan?") is read from a hidden prompt, or from standard input.

        otter add --issuer Example --name alice          # asks for the secret
      """)

  @Option(help: "Add one account from a bare secret, with this issuer.")
  var issuer: String?

  @Option(help: "Add one account from a bare secret, with this name.")
  var name: String?

  @Option(
    help: ArgumentHelp(
      "With --issuer/--name: totp (default), hotp, steam, motp (hex or base32 secret) or yandex.", valueName: "TYPE"))
  var type: String?

  @Option(help: ArgumentHelp("With --issuer/--name: SHA1 (default), SHA256 or SHA512.", valueName: "ALGORITHM"))
  var algorithm: String?

  @Option(help: ArgumentHelp("With --issuer/--name: the code length, 6 (default) to 10.", valueName: "N"))
  var digits: Int?

  @Option(help: ArgumentHelp("With --issuer/--name: the time step in seconds (default 30).", valueName: "SECONDS"))
  var period: Int?

  @Option(help: ArgumentHelp("With --issuer/--name and --type hotp: the next counter (default 0).", valueName: "N"))
  var counter: UInt64?

  @Option(
    help: ArgumentHelp(
      "The PIN of mOTP and Yandex accounts (first line of PATH); asked for on the terminal otherwise.", valueName: "PATH"))
  var pinFile: String?

  @Flag(help: "Do not print the new account's current code.")
  var quiet = false

  @Argument(help: ArgumentHelp(visibility: .hidden))
  var file: String?

  @OptionGroup var options: VaultOptions

  var manual: Bool { issuer != nil || name != nil }

  func validate() throws {
    if !manual && (type != nil || algorithm != nil || digits != nil || period != nil || counter != nil) {
      throw ValidationError("--type, --algorithm, --digits, --period and --counter go with --issuer and/or --name.")
    }
    if let type, OTPKind(name: type) == nil {
      throw ValidationError("--type must be totp, hotp, steam, motp or yandex.")
    }
    if pinFile == "-" && (options.passwordSource.usesStandardInput || !manual) {
      throw ValidationError("Standard input cannot carry both the PIN and the URIs or password.")
    }
    if let algorithm, DigestAlgorithm(name: algorithm) == nil {
      throw ValidationError("--algorithm must be SHA1, SHA256 or SHA512.")
    }
    if manual && (issuer ?? "").isEmpty && (name ?? "").isEmpty { throw ValidationError("An account needs an issuer or a name.") }
  }

  func run() throws {
    if let file {
      throw OtterFailure(
        .usage,
        "otter add reads otpauth URIs from standard input, not a file name: to add what \(Sanitizer.quoted(file, limit: 80)) "
          + "holds (URIs, an export or an image), run `otter import FILE` (or `otter add < FILE` for a list of URIs)")
    }
    let session = try options.writableSession(for: "add")
    let input = AddInput(passwordOnStandardInput: options.passwordSource.usesStandardInput)
    let (accounts, problems) = manual ? ([try input.secret(for: try template())], []) : try input.uris()
    try AddInput.add(accounts, problems: problems, pins: PINPrompt(file: pinFile), to: session, showCodes: !quiet)
  }

  /// The account the flags describe, still without its secret.
  private func template() throws(OtterFailure) -> ManualAccount {
    let kind = type.flatMap(OTPKind.init(name:)) ?? .totp
    if kind != .hotp && counter != nil { throw OtterFailure(.usage, "--counter is for --type hotp") }
    if kind == .hotp && period != nil { throw OtterFailure(.usage, "--period is for time-based accounts, not hotp") }
    return ManualAccount(
      kind: kind, issuer: issuer ?? "", name: name ?? "", algorithm: algorithm.flatMap(DigestAlgorithm.init(name:)) ?? .sha1,
      digits: digits, period: period ?? (kind == .motp ? 10 : 30), counter: counter ?? 0)
  }
}
