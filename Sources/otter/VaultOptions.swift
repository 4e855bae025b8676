import ArgumentParser
import CryptoPrimitives
import Foundation
import OTPCore
import Vault

/// Options every vault command accepts after its name.
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

  var location: VaultLocation { VaultLocation.resolve(flag: vault, environment: ProcessInfo.processInfo.environment) }
  var store: VaultStore { VaultStore(location: location) }
  var passwordSource: PasswordSource { PasswordSource.resolve(flag: passwordFile) }

  /// The accounts to show: the Aegis backup given with `--aegis` (read-only), else the vault.
  func openContents() throws(OtterFailure) -> VaultContents {
    guard let aegis else { return try openVault().contents }
    let password = try AegisBackup.isEncrypted(aegis) ? try passwordSource.read(prompt: "Password of the Aegis backup: ") : nil
    return try AegisBackup.contents(path: aegis, password: password)
  }

  /// Refuses `--aegis` for commands that change the vault.
  func requireVault(_ command: String) throws(OtterFailure) {
    if aegis != nil {
      throw OtterFailure(
        .usage, "--aegis opens a backup read-only; `otter \(command)` changes the vault (import the backup first)")
    }
  }

  /// Reads and unlocks the vault for reading; reports entries this version cannot use.
  func openVault() throws(OtterFailure) -> UnlockedVault {
    let bytes = try read()
    let password = try readPassword()
    let vault = try decode(bytes, password: password)
    reportUnusable(vault)
    return vault
  }

  /// Runs `change` on the vault under the writer lock: the vault is read and unlocked after the
  /// lock is taken, so concurrent writers each see the others' changes; then saved atomically.
  func modifyVault<Result>(
    password given: SecretBytes? = nil, _ change: (UnlockedVault) throws(OtterFailure) -> Result
  ) throws(OtterFailure) -> Result {
    try requireVault("this command")
    let password: SecretBytes
    if let given { password = given } else { password = try readPassword() }
    do {
      return try store.withWriteLock { () throws -> Result in
        let vault = try decode(try read(), password: password)
        reportUnusable(vault)
        let result = try change(vault)
        try save(vault)
        return result
      }
    } catch let failure as OtterFailure {
      throw failure
    } catch let error as StoreError {
      throw Self.failure(for: error)
    } catch {
      throw OtterFailure(.ioError, "\(error)")
    }
  }

  /// The vault password from the configured source.
  func readPassword() throws(OtterFailure) -> SecretBytes {
    try passwordSource.read(prompt: "Password for \(location.path): ")
  }

  /// Encodes and atomically writes `vault`.
  func save(_ vault: UnlockedVault, createOnly: Bool = false) throws(OtterFailure) {
    let bytes: [UInt8]
    do { bytes = try VaultFile.encode(vault) } catch { throw OtterFailure(.ioError, "cannot encode the vault: \(error)") }
    do { try store.write(bytes, createOnly: createOnly) } catch { throw Self.failure(for: error) }
  }

  func read() throws(OtterFailure) -> [UInt8] {
    do { return try store.read() } catch { throw Self.failure(for: error) }
  }

  func decode(_ bytes: [UInt8], password: SecretBytes) throws(OtterFailure) -> UnlockedVault {
    do {
      return try VaultFile.decode(bytes, password: password)
    } catch .authenticationFailed {
      throw OtterFailure(.noPermission, "\(VaultError.authenticationFailed); \(location.path) was not changed")
    } catch .crypto(let error) {
      throw OtterFailure(.ioError, "\(error)")
    } catch {
      var message = "\(location.path): \(error); the file was not changed"
      if FileManager.default.fileExists(atPath: location.backupPath) {
        message += "; the previous version is in \(location.backupPath)"
      }
      throw OtterFailure(.dataError, message)
    }
  }

  func reportUnusable(_ vault: UnlockedVault) {
    for entry in vault.contents.unusable {
      StandardError.warn(
        "an account (\(Sanitizer.quoted(entry.id ?? "no id", limit: 40))) cannot be used by this version of Otter and is kept unchanged: \(entry.reason)"
      )
    }
  }

  static func failure(for error: StoreError) -> OtterFailure {
    switch error {
    case .notFound: OtterFailure(.noInput, "\(error)")
    case .alreadyExists: OtterFailure(.cannotCreate, "\(error)")
    case .unsafePermissions: OtterFailure(.dataError, "\(error)")
    case .system: OtterFailure(.ioError, "\(error)")
    }
  }

  /// The scrypt cost from `--kdf-log-n`, or the default.
  static func cost(logN: Int?) -> ScryptParameters {
    guard let logN else { return .vaultDefault }
    return ScryptParameters(logN: logN, r: 8, p: 1)
  }
}

/// The current Unix time in whole seconds.
func currentTime() -> Int64 { Int64(Date().timeIntervalSince1970.rounded(.down)) }
