import CryptoPrimitives
import OTPCore

/// Account formats Otter reads and writes.
public enum TransferFormat: String, CaseIterable, Sendable {
  /// otpauth URIs, one per line (pass-otp, Aegis text export, many apps).
  case uri
  /// Google Authenticator transfer links, `otpauth-migration://offline?data=…`.
  case google
  /// Aegis JSON export (plain or encrypted; detected from the header).
  case aegis
  case andotp
  /// 2FAS backup (`.2fas`, plain or encrypted).
  case twofas = "2fas"
  /// FreeOTP+ JSON, or FreeOTP's own tokens.xml.
  case freeotp
  /// Bitwarden's unencrypted JSON or CSV export.
  case bitwarden
  /// Authenticator Pro (Stratum): plain JSON, encrypted (Argon2id) or legacy encrypted.
  case authpro
  /// ente Auth's encrypted export (its plain export is a URI list).
  case ente
  /// Proton Authenticator's JSON export.
  case proton
  /// A Steam Guard `.maFile`.
  case steam
  /// An HTML page listing otpauth links.
  case html
  /// Authy's token store (`com.authy.storage.tokens.*.xml`), from a rooted phone.
  case authy
  /// TOTP Authenticator's backup (encrypted) or preferences file.
  case totpAuthenticator = "totp-authenticator"
  /// Google Authenticator's SQLite database (`databases`), from a rooted phone.
  case googleDatabase = "google-db"
  /// Microsoft Authenticator's SQLite database (`PhoneFactor`), from a rooted phone.
  case microsoftDatabase = "microsoft-db"
  /// LastPass Authenticator's JSON export.
  case lastpass
  /// KeePassXC's CSV export (its TOTP column holds otpauth URIs).
  case keepassxc
  /// A KeePass database (KDBX 4, from KeePassXC or KeePass): entries with a one-time password.
  case kdbx
  /// Proton Pass's export (a zip holding data.json, or data.json).
  case protonPass = "proton-pass"
  /// WinAuth's export: URIs as text, in a zip that may have a password.
  case winauth
  /// A PNG, JPEG or WebP image of one or more QR codes (a screenshot of an enrollment page or
  /// of Google Authenticator's transfer screen). The image is scanned by the caller.
  case image
}

/// One account read from another app, with what Otter keeps beside the OTP settings.
public struct ImportedAccount: Sendable {
  public var account: OTPAccount
  public var note: String
  public var favourite: Bool
  public var tags: [String]
  /// What the app kept for this entry that Otter does not: "group NAME" and "icon", so the
  /// import can say so instead of dropping them silently.
  public var notKept: Set<String> = []

  public init(account: OTPAccount, note: String = "", favourite: Bool = false, tags: [String] = []) {
    self.account = account
    self.note = note
    self.favourite = favourite
    self.tags = tags
  }
}

/// The outcome of reading one entry of a file: an account, or why not.
public struct ImportItem: Sendable {
  /// Where in the file: "line 3", "entry 2".
  public var location: String
  public var result: Result<ImportedAccount, ImportError>

  public init(_ location: String, _ result: Result<ImportedAccount, ImportError>) {
    self.location = location
    self.result = result
  }
}

/// Why a file, or one entry of it, cannot be imported. Messages never include a secret.
public enum ImportError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The whole file is not in the format (or not in any known format).
  case unrecognized(String)
  case malformed(String)
  /// An encrypted export needs its password (it is never the vault's password).
  case passwordRequired
  /// The password does not open the export (or it was altered).
  case wrongPassword
  /// The export asks for more key derivation than the budget allows; nothing was derived.
  case overBudget(KDFBudgetError)
  case entry(String)

  public var description: String {
    switch self {
    case .unrecognized(let what): what
    case .malformed(let what): what
    case .passwordRequired: "this export is encrypted; give its password with --source-password-file or at the prompt"
    case .wrongPassword: "wrong password for the encrypted export (or the file is damaged)"
    case .overBudget(let error): "\(error); nothing was derived"
    case .entry(let what): what
    }
  }
}

extension ImportError {
  /// An entry-level error from a URI or account problem.
  static func from(_ error: any Error) -> ImportError { .entry("\(error)") }
}
