import ArgumentParser
import CryptoPrimitives
import OtterKit
import TUI

/// `otter init`: create an empty vault.
struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create an empty vault (never overwrites an existing one).",
    discussion: "On a terminal the password is asked twice. The folder is created with mode 0700, the file 0600.")

  @OptionGroup var options: VaultOptions

  @Option(
    name: .customLong("kdf-log-n"),
    help: ArgumentHelp("scrypt cost as log2(N), 14 to 22 (default 17). Lower costs are for tests.", valueName: "N"))
  var kdfLogN: Int?

  func validate() throws {
    try validateKDFLogN(kdfLogN)
  }

  func run() throws {
    let session = options.session
    try session.prepareToCreate()
    let password = try options.passwordSource.read(prompt: "New vault password: ", confirm: true)
    let characters = (0..<password.count).filter { password[$0] & 0xC0 != 0x80 }.count
    if options.passwordSource == .terminal && characters < minimumPasswordLength {
      guard
        try TerminalPrompt.confirm(
          "This password has only \(characters) characters; a short password falls to guessing. Use it anyway? [y/N] ")
      else { throw OtterFailure(.dataError, "no vault was created; choose a longer password") }
    }
    _ = try session.create(password: password, cost: VaultSession.cost(logN: kdfLogN))
    StandardOutput.shared.write("created an empty vault at \(session.location.path)\n")
  }
}
