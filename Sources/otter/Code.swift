import ArgumentParser
import OTPCore
import OtterKit

/// `otter code`: the current code of one account.
struct Code: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "code",
    abstract: "Print the current code of an account.",
    discussion: """
      With --uri, the account comes from one otpauth URI read from FILE or, with '-', from \
      standard input (never from the command line, where `ps` would show the secret). \
      Prints the code, digits only (Steam: five characters), and a newline.

        printf '%s\\n' "$URI" | otter code --uri - --at 1700000000 --count 3
      """
  )

  @Argument(
    help: "The account, as issuer:name or a unique part of it (vault form).", completion: .custom(AccountCompletion.complete))
  var query: String?

  @Option(
    name: .customLong("uri"), help: ArgumentHelp("Read one otpauth URI from FILE ('-' for standard input).", valueName: "FILE"))
  var uriSource: String?

  @Option(help: ArgumentHelp("Compute the code for this Unix time instead of now.", valueName: "UNIXTIME"))
  var at: Int64?

  @Option(help: ArgumentHelp("Print N codes, one per line, for N consecutive time steps or counters.", valueName: "N"))
  var count: Int = 1

  @Flag(help: "Print one JSON object: issuer, name, type, algorithm, digits, period, counter, code, remaining.")
  var json = false

  @Flag(
    name: [.customShort("c"), .long],
    help: "Copy the code to the clipboard instead of printing it (cleared 30 s later); the route used is said on stderr.")
  var copy = false

  @OptionGroup var options: VaultOptions

  @OptionGroup var clock: ClockOptions

  static let maximumCount = 100_000_000

  func validate() throws {
    if query == nil && uriSource == nil {
      throw ValidationError("Name an account (otter code QUERY) or read a URI with --uri - (standard input).")
    }
    if query != nil && uriSource != nil {
      throw ValidationError("Give either a QUERY or --uri, not both.")
    }
    guard (1...Self.maximumCount).contains(count) else {
      throw ValidationError("--count must be between 1 and \(Self.maximumCount).")
    }
    if json && count != 1 {
      throw ValidationError("--json prints one code; leave out --count or --json.")
    }
    if copy && (json || count != 1) {
      throw ValidationError("--copy copies one code; leave out --count and --json.")
    }
  }

  func run() throws {
    let printer = CodePrinter(count: count, json: json, timeGiven: at != nil, copy: copy)
    if let uriSource {
      try printer.print(try URIInput.single(from: uriSource).account, now: at ?? clock.now())
      return
    }
    guard let query else { return }
    let (account, id) = try options.accounts.accountForCodes(query, count: count, timeGiven: at != nil)
    try printer.print(account, now: account.isTimeBased ? at ?? clock.now() : 0, id: id)
  }
}
