import CryptoPrimitives
import Importers
import OTPCore
import Posix

/// The PIN of mOTP and Yandex accounts that arrive without one (an otpauth URI never carries
/// it, and some exports leave it out): read like a password, from `--pin-file` (its first
/// line, for every such account) or a hidden prompt on the terminal, and stored in the vault
/// with the account.
public struct PINPrompt {
  /// `--pin-file PATH`, or nil to ask on the terminal.
  public var file: String?

  public init(file: String?) {
    self.file = file
  }

  /// `account` with its PIN, or why it cannot have one.
  public func complete(_ account: OTPAccount) -> Result<OTPAccount, ImportError> {
    guard !account.hasPINIfNeeded else { return .success(account) }
    let pin: SecretBytes
    do {
      pin = try PasswordSource.fileOrTerminal(file).read(
        prompt: "PIN for \(AccountLabel.shown(account)) (\(account.kind.rawValue), hidden): ",
        noTerminal: "no terminal to ask on; give the PIN with --pin-file PATH")
    } catch {
      return .failure(.entry("the \(account.kind.rawValue) account needs its PIN: \(error.message)"))
    }
    do { try OTPAccount.checkPIN(pin) } catch { return .failure(.entry("\(error)")) }
    var completed = account
    completed.pin = pin
    return .success(completed)
  }

  /// Every item waiting for a PIN, completed (or failed with the reason).
  public func complete(_ items: [ImportItem]) -> [ImportItem] {
    items.map { item in
      guard case .success(var imported) = item.result, !imported.account.hasPINIfNeeded else { return item }
      switch complete(imported.account) {
      case .success(let account):
        imported.account = account
        return ImportItem(item.location, .success(imported))
      case .failure(let error):
        return ImportItem(item.location, .failure(error))
      }
    }
  }
}
