import ArgumentParser
import OTPCore
import OtterKit

/// `otter rm`: remove an account.
struct Remove: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rm", abstract: "Remove an account (asks first on a terminal unless --yes).",
    discussion: "The account leaves a tombstone (its id and the time) so that merging an older copy does not restore it.")

  @Argument(help: "The account, as issuer:name or a unique part of it.", completion: .custom(AccountCompletion.complete))
  var query: String

  @Flag(help: "Do not ask for confirmation.")
  var yes = false

  @OptionGroup var options: VaultOptions

  func run() throws {
    let removed = try options.writableSession(for: "rm").modify { vault throws(OtterFailure) -> String in
      let record = try AccountQuery.single(query, in: vault.contents)
      let shown = Sanitizer.displayText(record.label)
      if !yes {
        guard TerminalPrompt.isAvailable else {
          throw OtterFailure(.usage, "no terminal to confirm on; add --yes to remove \(shown)")
        }
        guard try TerminalPrompt.confirm("Remove \(shown)? This cannot be undone. [y/N] ") else {
          throw OtterFailure(.ambiguous, "not removed")
        }
      }
      vault.contents.remove(id: record.id, at: currentTime())
      return shown
    }
    StandardOutput.shared.write("removed \(removed)\n")
  }
}
