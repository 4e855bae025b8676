import ArgumentParser
import CryptoPrimitives
import OTPCore
import OtterKit
import Vault

/// `otter edit`: change an account's settings.
struct Edit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "edit",
    abstract: "Change an account's issuer, name, note, digits, period, algorithm, counter, favourite or groups.",
    discussion: """
      Only the settings given change. The secret cannot be edited: remove the account and add \
      it again. The viewer's e key edits the same fields.

        otter edit github --name ada@example.com --favourite
        otter edit github --group work --group code --no-group personal
      """)

  @Argument(help: "The account, as issuer:name or a unique part of it.", completion: .custom(AccountCompletion.complete))
  var query: String

  @Option(help: "The new issuer.")
  var issuer: String?

  @Option(help: "The new account name.")
  var name: String?

  @Option(help: "A note kept with the account (shown in the viewer's edit screen).")
  var note: String?

  @Option(help: ArgumentHelp("The code length, 6 to 10 (not for Steam).", valueName: "N"))
  var digits: Int?

  @Option(help: ArgumentHelp("The time step in seconds (time-based accounts).", valueName: "SECONDS"))
  var period: Int?

  @Option(help: ArgumentHelp("SHA1, SHA256 or SHA512.", valueName: "ALGORITHM"))
  var algorithm: String?

  @Option(help: ArgumentHelp("The next counter (HOTP accounts).", valueName: "N"))
  var counter: UInt64?

  @Flag(inversion: .prefixedNo, help: "Mark the account as a favourite (shown first), or not.")
  var favourite: Bool?

  @Option(help: ArgumentHelp("Add the account to group NAME (repeatable).", valueName: "NAME"))
  var group: [String] = []

  @Option(help: ArgumentHelp("Take the account out of group NAME (repeatable).", valueName: "NAME"))
  var noGroup: [String] = []

  @Flag(help: "Change the PIN of an mOTP or Yandex account (asked at a hidden prompt, or read from --pin-file).")
  var pin = false

  @Option(help: ArgumentHelp("With --pin: the new PIN (first line of PATH).", valueName: "PATH"))
  var pinFile: String?

  @OptionGroup var options: VaultOptions

  var changes: AccountChanges {
    AccountChanges(
      issuer: issuer, name: name, note: note, digits: digits, period: period,
      algorithm: algorithm.flatMap(DigestAlgorithm.init(name:)), counter: counter, favourite: favourite,
      addGroups: group.map { GroupName.normalized($0) }, removeGroups: noGroup.map { GroupName.normalized($0) })
  }

  func validate() throws {
    if let algorithm, DigestAlgorithm(name: algorithm) == nil {
      throw ValidationError("--algorithm must be SHA1, SHA256 or SHA512.")
    }
    for name in group + noGroup {
      if let problem = GroupName.problem(name) { throw ValidationError(problem) }
    }
    if changes.isEmpty && !pin { throw ValidationError("Give at least one setting to change (see otter edit --help).") }
    if pinFile != nil && !pin { throw ValidationError("--pin-file goes with --pin.") }
  }

  func run() throws {
    let line = try options.writableSession(for: "edit").edit(
      query, changes, newPIN: pin ? .fileOrTerminal(pinFile) : nil)
    StandardOutput.shared.write(line + "\n")
  }
}
