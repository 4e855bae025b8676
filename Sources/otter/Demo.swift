import ArgumentParser
import OtterKit
import Posix

/// `otter demo`: Otter on built-in, clearly fake accounts.
struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Open the viewer on the built-in demo accounts (fake secrets, no vault, no password).",
    discussion: "When standard output is not a terminal, or with --list or --at, prints the codes instead.")

  @Option(help: ArgumentHelp("Compute the codes for this Unix time instead of now (implies --list).", valueName: "UNIXTIME"))
  var at: Int64?

  @Flag(help: "Print the demo accounts and their codes instead of opening the viewer.")
  var list = false

  @OptionGroup var clock: ClockOptions

  @Flag(help: "Hide the codes but the selected row's (h in the viewer toggles it).")
  var hideCodes = false

  func run() throws {
    if !list && at == nil && Posix.isTerminal(1) && Posix.isTerminal(0) {
      try Viewer(
        source: try DemoViewerSource(), autoLockSeconds: 0, clockOffset: clock.offset(announce: false), hideCodes: hideCodes
      ).run { nil }
      return
    }
    StandardOutput.shared.write(try DemoAccounts.table(at: at ?? clock.now()))
  }
}
