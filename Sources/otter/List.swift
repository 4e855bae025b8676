import ArgumentParser
import OtterKit
import Posix

/// `otter list`: every account with its current code.
struct List: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List the accounts with their current codes (HOTP shows its counter, not a code).")

  @OptionGroup var options: VaultOptions

  @OptionGroup var clock: ClockOptions

  @Option(help: ArgumentHelp("Compute the codes for this Unix time instead of now.", valueName: "UNIXTIME"))
  var at: Int64?

  @Flag(
    help: "Print a JSON array of objects: id, issuer, name, type, algorithm, digits, period, counter, code, remaining, groups.")
  var json = false

  @Option(help: ArgumentHelp("Only the accounts in group NAME (ignoring case).", valueName: "NAME"))
  var group: String?

  func run() throws {
    var contents = try options.accounts.contents()
    if let group { contents.keepOnly(group: group) }
    let now = at ?? clock.now()
    if json {
      StandardOutput.shared.write(try AccountListing.json(for: contents, at: now) + "\n")
    } else {
      // On a terminal the table fits its width (and is ASCII where the locale is not UTF-8); to
      // a pipe it is the full text, one row per account.
      let terminal = Posix.isTerminal(1)
      let table = try AccountListing.table(
        for: contents, at: now, fitting: terminal ? TerminalInfo.columns() : nil, ascii: terminal && !TerminalInfo.isUTF8)
      StandardOutput.shared.write(bytes: table[...])
    }
  }
}
