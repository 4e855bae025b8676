import CryptoPrimitives

/// Reads an export in a given (or detected) format.
public enum Importer {
  /// The items of `bytes` in `format`; `password` opens encrypted Aegis exports.
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
    case .andotp: return try AndOTPImporter.read(bytes)
    case .twofas: return try TwoFASImporter.read(bytes)
    case .freeotp: return try FreeOTPImporter.read(bytes)
    case .bitwarden: return try BitwardenImporter.read(bytes)
    case .image: throw .unrecognized("an image is scanned for QR codes first; pass the texts found as a URI list")
    }
  }
}
