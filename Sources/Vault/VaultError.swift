import CryptoPrimitives

/// Why a vault file cannot be opened or written.
public enum VaultError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The password is wrong, or the key slot was altered: the two cannot be told apart.
  case authenticationFailed
  /// The file is not an Otter vault (wrong magic bytes).
  case notAVault
  /// The file was written by a newer Otter.
  case newerVersion(found: Int, supported: Int)
  /// The file is cut short or has a malformed section; `detail` says where.
  case damaged(String)
  /// The key slots ask for more key derivation than the budget allows; nothing was derived.
  case overBudget(KDFBudgetError)
  /// A cryptographic primitive failed.
  case crypto(CryptoError)

  public var description: String {
    switch self {
    case .authenticationFailed: "wrong password (or the vault is damaged)"
    case .notAVault: "this file is not an Otter vault"
    case .newerVersion(let found, let supported):
      "this vault has format version \(found), but this Otter reads versions up to \(supported); upgrade Otter"
    case .damaged(let detail): "the vault is damaged: \(detail)"
    case .overBudget(let error): "\(error)"
    case .crypto(let error): "\(error)"
    }
  }
}

/// Why `otter slot remove` removed nothing.
public enum SlotRemovalError: Error, Equatable, Sendable, CustomStringConvertible {
  case notFound
  case ambiguous
  case lastPassword

  public var description: String {
    switch self {
    case .notFound: "the vault has no key slot with that id (see otter slot list)"
    case .ambiguous: "two key slots have that id; remove the other first"
    case .lastPassword:
      "this is the vault's last password slot, its recovery route; change the password with otter passwd instead"
    }
  }
}
