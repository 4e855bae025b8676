import ArgumentParser
import CryptoPrimitives
import Vault

/// `otter init`: create an empty vault.
struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Create an empty vault (never overwrites an existing one).",
    discussion: "On a terminal the password is asked twice. The folder is created with mode 0700, the file 0600.")

  @OptionGroup var options: VaultOptions

  @Option(
    name: .customLong("kdf-log-n"),
    help: ArgumentHelp("scrypt cost as log2(N), 14 to 22 (default 17). Lower costs are for tests.", valueName: "N"))
  var kdfLogN: Int?

  func validate() throws {
    if let kdfLogN, !(ScryptParameters.minimumLogN...ScryptParameters.maximumLogN).contains(kdfLogN) {
      throw ValidationError("--kdf-log-n must be between 14 and 22.")
    }
  }

  func run() throws {
    let store = options.store
    do {
      if try store.exists() { throw OtterFailure(.cannotCreate, "\(StoreError.alreadyExists(path: store.location.path))") }
      try store.createFolder()
    } catch let error as StoreError {
      throw VaultOptions.failure(for: error)
    }
    let password = try options.passwordSource.read(prompt: "New vault password: ", confirm: true)
    let vault: UnlockedVault
    do { vault = try VaultFile.create(password: password, cost: VaultOptions.cost(logN: kdfLogN)) } catch {
      throw OtterFailure(.ioError, "cannot create the vault: \(error)")
    }
    do {
      try store.withWriteLock { () throws in try options.save(vault, createOnly: true) }
    } catch let failure as OtterFailure {
      throw failure
    } catch let error as StoreError {
      throw VaultOptions.failure(for: error)
    }
    StandardOutput.shared.write("created an empty vault at \(store.location.path)\n")
  }
}
