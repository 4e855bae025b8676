import FoundationEssentials
import JSONCodec
import OTPCore
import Vault

/// What `otter code --json` and `otter list --json` print for one account: its settings and
/// current code, never its secret.
public struct AccountReport {
  public var id: UUID?
  public var account: OTPAccount
  /// The code, or nil where showing one would spend it (HOTP in a listing).
  public var code: String?
  /// The counter the code was made with (HOTP), else nil.
  public var counter: UInt64?
  /// Seconds until the code changes (time-based kinds), else nil.
  public var remaining: Int?
  /// How many versions of the account wait to be resolved (`otter merge --resolve`), when it is
  /// in conflict; nil (and no `versions` key) otherwise.
  public var versions: Int?
  /// The account's groups (a listing of the vault), else nil (no `groups` key).
  public var groups: [String]?

  public init(id: UUID?, account: OTPAccount, code: String?, counter: UInt64?, remaining: Int?) {
    self.id = id
    self.account = account
    self.code = code
    self.counter = counter
    self.remaining = remaining
  }

  /// The JSON object, keys in the documented order.
  public var json: JSON {
    var members: [(String, JSON)] = []
    if let id { members.append(("id", .string(id.lowercasedText))) }
    members += [
      ("issuer", .string(account.issuer)),
      ("name", .string(account.name)),
      ("type", .string(account.kind.rawValue)),
      ("algorithm", .string(account.algorithm.rawValue)),
      ("digits", .integer(account.digits)),
      ("period", account.isTimeBased ? .integer(account.period) : .null),
      ("counter", counter.map { .integer($0) } ?? .null),
      ("code", code.map { .string($0) } ?? .null),
      ("remaining", remaining.map { .integer($0) } ?? .null),
    ]
    if let groups { members.append(("groups", .array(groups.map { .string($0) }))) }
    if let versions { members.append(("versions", .integer(versions))) }
    return .object(members)
  }
}

extension JSON {
  /// JSON text for a terminal or a pipe: besides what JSON requires, every scalar the
  /// sanitizer considers unsafe (controls, bidi overrides, line separators) is escaped.
  public var terminalSafeText: String { text(escaping: Sanitizer.isUnsafe) }
}
