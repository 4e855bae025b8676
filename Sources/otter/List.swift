import ArgumentParser
import OtterKit

/// `otter list`: every account with its current code.
struct List: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the accounts with their current codes (HOTP shows its counter, not a code).")

  @OptionGroup var options: VaultOptions

  @Option(help: ArgumentHelp("Compute the codes for this Unix time instead of now.", valueName: "UNIXTIME"))
  var at: Int64?

  @Flag(help: "Print a JSON array of objects: id, issuer, name, type, algorithm, digits, period, counter, code, remaining.")
  var json = false

  func run() throws {
    let contents = try options.accounts.contents()
    let now = at ?? currentTime()
    if json {
      StandardOutput.shared.write(try AccountListing.json(for: contents, at: now) + "\n")
    } else {
      StandardOutput.shared.write(bytes: try AccountListing.table(for: contents, at: now)[...])
    }
  }
}
