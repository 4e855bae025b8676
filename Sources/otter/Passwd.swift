import ArgumentParser
import CryptoPrimitives
import OtterKit

/// `otter passwd`: change the vault password.
struct Passwd: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "passwd",
    abstract: "Change the vault password.",
    discussion: """
      A new master key is drawn and wrapped under the new password, and the accounts are \
      encrypted again under it, so the old password opens nothing saved from now on (copies \
      made before still open with it). The change is saved atomically like any other.
      """)

  @OptionGroup var options: VaultOptions

  @Option(help: ArgumentHelp("Read the new password from the first line of PATH ('-' for standard input).", valueName: "PATH"))
  var newPasswordFile: String?

  @Option(
    name: .customLong("kdf-log-n"),
    help: ArgumentHelp("scrypt cost for the new password as log2(N), 14 to 22 (default: keep the current cost).", valueName: "N"))
  var kdfLogN: Int?

  func validate() throws {
    try validateKDFLogN(kdfLogN)
    if newPasswordFile == "-" && options.passwordSource.usesStandardInput {
      throw ValidationError("Standard input cannot carry both the old and the new password.")
    }
  }

  func run() throws {
    let session = try options.writableSession(for: "passwd")
    let newPassword = try PasswordSource.fileOrTerminal(newPasswordFile).read(prompt: "New password: ", confirm: true)
    try session.changePassword(to: newPassword, cost: kdfLogN.map { VaultSession.cost(logN: $0) })
    StandardOutput.shared.write("password changed\n")
    if let backups = BackupSettings.standard(), backups.enabled {
      StandardError.write(
        "otter: the backup copies made before now still open with the old password (otter backup list); delete them if it was exposed\n"
      )
    }
  }
}
