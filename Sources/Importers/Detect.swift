import JSONCodec
import SQLiteTables
import ZipArchive

/// Finds the format of an export from its content.
public enum FormatDetector {
  /// The format of `bytes`, or nil when none fits; `name` (the file's name) breaks the one tie
  /// content cannot: an old-format encrypted andOTP backup (`.json.aes`) is random bytes.
  public static func detect(_ bytes: [UInt8], name: String? = nil) -> TransferFormat? {
    if isImage(bytes) { return .image }
    if AuthenticatorProImporter.isEncrypted(bytes) { return .authpro }
    if SQLiteDatabase.isDatabase(bytes) { return phoneDatabase(bytes) }
    if JavaSerializedMap.matches(bytes) { return .freeotp }
    if KDBXImporter.matches(bytes) { return .kdbx }
    if ZipArchive.isArchive(bytes) {
      // Told apart by the names in the archive's directory: nothing is inflated twice.
      guard let listing = try? ZipArchive.listing(of: bytes) else { return nil }
      if listing.contains(where: { ProtonPassImporter.isDataFile($0.name) }) { return .protonPass }
      return WinAuthImporter.matches(listing) ? .winauth : nil
    }
    let text = String(decoding: bytes.prefix(4096), as: UTF8.self).trimmingLeadingWhitespace()
    let firstLine = text.hasPrefix("QR-Code:") ? String(text.dropFirst(8)) : text
    if firstLine.hasPrefix("otpauth-migration://") { return .google }
    if firstLine.hasPrefix("otpauth://") || text.hasPrefix("#") {
      return text.contains("otpauth-migration://") && !text.contains("otpauth://totp") && !text.contains("otpauth://hotp")
        ? .google : .uri
    }
    if HTMLImporter.matches(text) { return .html }
    if AuthyImporter.matches(bytes) { return .authy }
    if TOTPAuthenticatorImporter.matchesPreferences(bytes) { return .totpAuthenticator }
    if AndroidPreferences.matches(bytes) { return .freeotp }
    if BitwardenImporter.isCSV(bytes) { return .bitwarden }
    if KeePassXCImporter.isCSV(bytes) { return .keepassxc }
    if text.hasPrefix("{") || text.hasPrefix("["), let json = try? JSON.parse(bytes) { return detect(json) }
    if TOTPAuthenticatorImporter.matchesBackup(bytes) { return .totpAuthenticator }
    if AndOTPImporter.looksEncrypted(bytes) || name?.hasSuffix(".json.aes") == true { return .andotp }
    return nil
  }

  static func detect(_ json: JSON) -> TransferFormat? {
    if json["header"] != nil && json["db"] != nil { return .aegis }
    if json["schemaVersion"] != nil && (json["services"] != nil || json["servicesEncrypted"] != nil) { return .twofas }
    if json["tokens"] != nil && json["tokenOrder"] != nil { return .freeotp }
    if json["encrypted"] != nil && (json["items"] != nil || json["passwordProtected"] != nil) { return .bitwarden }
    if json["Authenticators"] != nil { return .authpro }
    if EnteImporter.matches(json) { return .ente }
    if ProtonImporter.matches(json) { return .proton }
    if SteamImporter.matches(json) { return .steam }
    if LastPassImporter.matches(json) { return .lastpass }
    if ProtonPassImporter.matches(json) { return .protonPass }
    if let array = json.arrayValue, array.first?["secret"] != nil, array.first?["type"] != nil { return .andotp }
    if json.arrayValue?.isEmpty == true { return .andotp }
    return nil
  }

  /// Which phone's database a SQLite file is, from the columns of its `accounts` table (the
  /// file is opened once): Google's has `email` and `secret`, Microsoft's `oath_secret_key`.
  static func phoneDatabase(_ bytes: [UInt8]) -> TransferFormat? {
    guard let columns = try? SQLiteDatabase(bytes).columns(of: "accounts") else { return nil }
    if columns.contains("email") && columns.contains("secret") { return .googleDatabase }
    if columns.contains("oath_secret_key") { return .microsoftDatabase }
    return nil
  }

  /// PNG, JPEG or WebP (`RIFF` … `WEBP`).
  public static func isImage(_ bytes: [UInt8]) -> Bool {
    bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) || bytes.starts(with: [0xFF, 0xD8, 0xFF])
      || (bytes.count >= 12 && bytes.starts(with: Array("RIFF".utf8)) && Array(bytes[8..<12]) == Array("WEBP".utf8))
  }
}

extension String {
  func trimmingLeadingWhitespace() -> String {
    String(drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" })
  }
}
