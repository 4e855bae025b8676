import JSONCodec

/// Finds the format of an export from its content.
public enum FormatDetector {
  /// The format of `bytes`, or nil when none fits.
  public static func detect(_ bytes: [UInt8]) -> TransferFormat? {
    if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) || bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .image }
    let text = String(decoding: bytes.prefix(4096), as: UTF8.self).trimmingLeadingWhitespace()
    if text.hasPrefix("otpauth-migration://") { return .google }
    if text.hasPrefix("otpauth://") || text.hasPrefix("#") {
      return text.contains("otpauth-migration://") && !text.contains("otpauth://totp") && !text.contains("otpauth://hotp")
        ? .google : .uri
    }
    guard text.hasPrefix("{") || text.hasPrefix("["), let json = try? JSON.parse(bytes) else { return nil }
    if json["header"] != nil && json["db"] != nil { return .aegis }
    if json["services"] != nil && json["schemaVersion"] != nil { return .twofas }
    if json["tokens"] != nil && json["tokenOrder"] != nil { return .freeotp }
    if json["items"] != nil && json["encrypted"] != nil { return .bitwarden }
    if let array = json.arrayValue, array.first?["secret"] != nil, array.first?["type"] != nil { return .andotp }
    if json.arrayValue?.isEmpty == true { return .andotp }
    return nil
  }
}

extension String {
  func trimmingLeadingWhitespace() -> String {
    String(drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\u{FEFF}" })
  }
}
