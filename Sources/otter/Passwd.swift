import ArgumentParser
import CryptoPrimitives
import Vault

/// `otter passwd`: change the vault password.
struct Passwd: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Change the vault password.",
    discussion: """
      The master key is re-wrapped under the new password; the encrypted accounts are not \
      touched. The change is saved atomically like any other.
      """)

  @OptionGroup var options: VaultOptions

  @Option(help: ArgumentHelp("Read the new password from the first line of PATH ('-' for standard input).", valueName: "PATH"))
  var newPasswordFile: String?

  @Option(
    name: .customLong("kdf-log-n"),
    help: ArgumentHelp("scrypt cost for the new password as log2(N), 14 to 22 (default: keep the current cost).", valueName: "N"))
  var kdfLogN: Int?

  func validate() throws {
    if let kdfLogN, !(ScryptParameters.minimumLogN...ScryptParameters.maximumLogN).contains(kdfLogN) {
      throw ValidationError("--kdf-log-n must be between 14 and 22.")
    }
    if newPasswordFile == "-" && options.passwordSource.usesStandardInput {
      throw ValidationError("Standard input cannot carry both the old and the new password.")
    }
  }

  func run() throws {
    let newSource: PasswordSource = newPasswordFile.map { .file($0) } ?? .terminal
    let newPassword = try newSource.read(prompt: "New password: ", confirm: true)
    let password = try options.readPassword()
    let store = options.store
    do {
      try store.withWriteLock { () throws in
        let bytes = try options.read()
        let vault = try options.decode(bytes, password: password)
        let current = vault.slots.first.map { ScryptParameters(logN: $0.logN, r: $0.r, p: $0.p) } ?? .vaultDefault
        try vault.changePassword(to: newPassword, cost: kdfLogN.map { ScryptParameters(logN: $0, r: 8, p: 1) } ?? current)
        // Only the key slots change; the encrypted accounts are written back byte for byte.
        try store.write(try VaultFile.replacingSlots(in: bytes, with: vault.slots))
      }
    } catch let failure as OtterFailure {
      throw failure
    } catch let error as StoreError {
      throw VaultOptions.failure(for: error)
    } catch {
      throw OtterFailure(.ioError, "cannot change the password: \(error)")
    }
    StandardOutput.shared.write("password changed\n")
  }
}
