import ArgumentParser
import OTPCore
import OtterKit
import Posix

/// `otter clock`: whether this machine's clock can be trusted for codes, and correcting it.
struct ClockCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "clock",
    abstract: "Check this machine's clock, or correct Otter's view of it from a code another device shows.",
    discussion: """
      Time-based codes are only right when the clock is: a clock a minute off gives codes the \
      service refuses. 'otter clock check' asks the kernel whether the clock is synchronised. \
      'otter clock calibrate QUERY' takes the code a phone (or any device with a good clock) \
      shows for that account now, finds the time step within ±10 steps that gives it, and keeps \
      that offset for this machine (not in the vault); every command and the viewer then apply \
      it and say so. --clock-offset SECONDS overrides it for one command; 'otter clock reset' \
      forgets it.
      """,
    subcommands: [ClockCheck.self, ClockCalibrate.self, ClockReset.self], defaultSubcommand: ClockCheck.self)
}

struct ClockCheck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Say whether the kernel thinks the clock is synchronised, and the offset it knows.")

  @Flag(help: "Print one JSON object: synchronised, offsetSeconds, maxErrorSeconds, estimatedErrorSeconds, calibratedOffset.")
  var json = false

  func run() throws {
    guard let kernel = KernelClock.read() else {
      throw OtterFailure(.ioError, "the kernel does not say how the clock is kept (adjtimex failed)")
    }
    StandardOutput.shared.write(ClockReport(kernel: kernel, stored: ClockCorrection.stored()).text(json: json))
  }
}

struct ClockCalibrate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calibrate",
    abstract: "Find the clock offset from the code another device shows for an account, and keep it for this machine.")

  @Argument(help: "A time-based account, as issuer:name or a unique part of it.", completion: .custom(AccountCompletion.complete))
  var query: String

  @Option(help: ArgumentHelp("The code the other device shows now (else it is asked for).", valueName: "CODE"))
  var code: String?

  @OptionGroup var options: VaultOptions

  func run() throws {
    let record = try AccountQuery.single(query, in: try options.accounts.contents())
    let typed =
      try code
      ?? TerminalPrompt.ask("The code another device shows now for \(Sanitizer.displayText(record.label)): ")
    let now = currentTime()
    let found = try ClockCorrection.calibrate(record.account, code: typed, now: now)
    guard let offset = found.first else {
      throw OtterFailure(
        .dataError,
        "no time step within ±10 of this clock gives that code; check the account and the code, or the clock is more than \(10 * record.account.period) s off"
      )
    }
    guard found.count == 1 else {
      throw OtterFailure(.dataError, "two time steps give that code; calibrate again with the next code the device shows")
    }
    try ClockCorrection.store(offset, at: now)
    StandardOutput.shared.write(
      offset == 0
        ? "The clock agrees with the device to within a time step (\(record.account.period) s); no offset is kept.\n"
        : "This clock is \(abs(offset)) s \(offset > 0 ? "behind" : "ahead") (to within \(record.account.period) s); codes now use an offset of \(ClockCorrection.signed(offset)) s.\n"
    )
  }
}

struct ClockReset: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "reset", abstract: "Forget the offset calibrate kept.")

  func run() throws {
    try ClockCorrection.store(0, at: currentTime())
    StandardOutput.shared.write("No clock offset is applied now.\n")
  }
}
