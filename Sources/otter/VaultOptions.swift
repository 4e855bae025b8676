import ArgumentParser
import CryptoPrimitives
import OtterKit
import Vault

/// Options every vault command accepts.
struct VaultOptions: ParsableArguments {
  @Option(help: ArgumentHelp("The vault file (default: $OTTER_VAULT, else $XDG_DATA_HOME/otter/vault.otter).", valueName: "PATH"))
  var vault: String?

  @Option(
    help: ArgumentHelp(
      "Read the password from the first line of PATH ('-' for standard input); else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, or a prompt.",
      valueName: "PATH"))
  var passwordFile: String?

  @Option(help: ArgumentHelp("Show the accounts of an Aegis backup FILE, read-only, instead of the vault.", valueName: "FILE"))
  var aegis: String?

  @Option(
    help: ArgumentHelp(
      "Allow key derivations of up to SIZE of memory (e.g. 4GiB) and proportionally more time, for a file made with a higher cost than Otter's 1 GiB budget.",
      valueName: "SIZE"))
  var kdfBudget: String?

  @Option(
    help: ArgumentHelp(
      "Unlock only through slots of KIND: password, keyring, ssh-key, tpm2 or fido2 ('password' skips the agent and every other slot).",
      valueName: "KIND"))
  var slot: String?

  func validate() throws {
    if SlotPolicy.parse(slot) == nil {
      throw ValidationError("--slot takes password, keyring, ssh-key, tpm2 or fido2.")
    }
    if let kdfBudget, KDFBudget.parse(kdfBudget) == nil {
      throw ValidationError("--kdf-budget takes a size of at least 1GiB, such as 2GiB or 4096MiB.")
    }
  }

  var passwordSource: PasswordSource { PasswordSource.resolve(flag: passwordFile) }

  /// The cost budget for every key derivation a file asks for.
  var budget: KDFBudget { kdfBudget.flatMap(KDFBudget.parse) ?? .default }

  var session: VaultSession {
    var session = VaultSession(
      location: VaultLocation.resolve(flag: vault, environment: Environment.all), passwordSource: passwordSource,
      budget: budget)
    session.slotPolicy = SlotPolicy.parse(slot) ?? .any
    return session
  }

  /// The accounts reading commands show: the vault, or the `--aegis` backup.
  var accounts: AccountSource { AccountSource(session: session, aegis: aegis) }

  /// The session of a command that changes the vault (refused with `--aegis`).
  /// The session of a command that would change the vault but writes nothing now (a dry run):
  /// refused with `--aegis` like a writing one, but the vault need not exist.
  func readOnlySession(for command: String) throws(OtterFailure) -> VaultSession {
    try accounts.requireVault(command)
    return session
  }

  func writableSession(for command: String) throws(OtterFailure) -> VaultSession {
    try accounts.requireVault(command)
    let session = session
    // Before any secret or password is asked: there must be a vault to change.
    guard try session.exists() else { throw OtterFailure(.noInput, "\(StoreError.notFound(path: session.location.path))") }
    return session
  }
}

/// Checks a `--kdf-log-n` value (init, passwd) against the costs a vault accepts.
func validateKDFLogN(_ logN: Int?) throws {
  if let logN, !(ScryptParameters.minimumLogN...ScryptParameters.maximumLogN).contains(logN) {
    throw ValidationError("--kdf-log-n must be between 14 and 22.")
  }
}
