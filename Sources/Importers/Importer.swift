import CryptoPrimitives

/// Reads an export in a given (or detected) format.
public enum Importer {
  /// The items of `bytes` in `format`; `password` opens the encrypted ones (Aegis, 2FAS,
  /// andOTP, Authenticator Pro, ente), each key derivation checked against `budget` first.
  ///
  /// - Throws: `ImportError` when the file as a whole cannot be read; problems with single
  ///   entries come back as failed items instead, so one bad entry never drops the others.
  public static func read(
    _ bytes: [UInt8], format: TransferFormat, password: SecretBytes? = nil, budget: KDFBudget = .default
  ) throws(ImportError) -> [ImportItem] {
    switch format {
    case .uri: return URIListImporter.read(bytes)
    case .google: return GoogleMigration.read(bytes)
    case .aegis: return try AegisImporter.read(bytes, password: password, budget: budget)
    case .andotp: return try AndOTPImporter.read(bytes, password: password, budget: budget)
    case .twofas: return try TwoFASImporter.read(bytes, password: password, budget: budget)
    case .freeotp: return try FreeOTPImporter.read(bytes, password: password, budget: budget)
    case .bitwarden: return try BitwardenImporter.read(bytes, password: password, budget: budget)
    case .lastpass: return try LastPassImporter.read(bytes)
    case .keepassxc: return try KeePassXCImporter.read(bytes)
    case .kdbx: return try KDBXImporter.read(bytes, password: password, budget: budget)
    case .protonPass: return try ProtonPassImporter.read(bytes)
    case .winauth: return try WinAuthImporter.read(bytes, password: password)
    case .authpro: return try AuthenticatorProImporter.read(bytes, password: password, budget: budget)
    case .ente: return try EnteImporter.read(bytes, password: password, budget: budget)
    case .proton: return try ProtonImporter.read(bytes)
    case .steam: return try SteamImporter.read(bytes)
    case .html: return HTMLImporter.read(bytes)
    case .authy: return try AuthyImporter.read(bytes, password: password, budget: budget)
    case .totpAuthenticator: return try TOTPAuthenticatorImporter.read(bytes, password: password)
    case .googleDatabase: return try GoogleAuthenticatorDatabase.read(bytes)
    case .microsoftDatabase: return try MicrosoftAuthenticatorDatabase.read(bytes)
    case .image: throw .unrecognized("an image is scanned for QR codes first; pass the texts found as a URI list")
    }
  }
}

extension Importer {
  /// Whether `bytes` in `format` need a password.
  public static func isEncrypted(_ bytes: [UInt8], format: TransferFormat) -> Bool {
    switch format {
    case .aegis: AegisImporter.isEncrypted(bytes)
    case .twofas: TwoFASImporter.isEncrypted(bytes)
    case .andotp: AndOTPImporter.isEncrypted(bytes)
    case .authpro: AuthenticatorProImporter.isEncrypted(bytes)
    case .ente, .kdbx: true
    case .freeotp: FreeOTPBackup.matches(bytes)
    case .bitwarden: BitwardenImporter.isPasswordProtected(bytes)
    case .winauth: WinAuthImporter.isEncrypted(bytes)
    case .authy: AuthyImporter.isEncrypted(bytes)
    case .totpAuthenticator: TOTPAuthenticatorImporter.isEncrypted(bytes)
    default: false
    }
  }
}
