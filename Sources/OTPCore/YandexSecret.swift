import CryptoPrimitives

/// Yandex Key secrets: 16 bytes as a QR code carries them, or 26 as the app shows them, the
/// last 12 bits a checksum (a CRC-like remainder under the polynomial 0b1_1000_1111_0011 of
/// the bits before it), as KeeYaOtp and Aegis check it.
public enum YandexSecret {
  /// The 16-byte secret of `secret`: as given, or the first 16 of 26 once the checksum matches.
  ///
  /// - Throws: `OTPError.yandexSecretLength` or `.yandexChecksum`.
  public static func normalized(_ secret: SecretBytes) throws(OTPError) -> SecretBytes {
    switch secret.count {
    case OTPAccount.yandexSecretLength: return secret
    case 26:
      guard checksumMatches(secret) else { throw .yandexChecksum }
      return secret.slice(0..<OTPAccount.yandexSecretLength)
    default: throw .yandexSecretLength(secret.count)
    }
  }

  /// Whether the last 12 bits of the 26 bytes are the remainder of the 196 bits before them.
  static func checksumMatches(_ secret: SecretBytes) -> Bool {
    let stored = (UInt32(secret[secret.count - 2] & 0x0F) << 8) | UInt32(secret[secret.count - 1])
    var remainder: UInt32 = 0
    var bitsHeld = 0
    var bitsLeft = secret.count * 8 - 12
    var index = 0
    var bitsInByte = 8
    while bitsLeft > 0 {
      var needed = min(13 - bitsHeld, bitsLeft)
      while needed > 0 {
        let take = min(needed, bitsInByte)
        let byte = UInt32(secret[index]) & ((1 << bitsInByte) - 1)
        remainder = (remainder << take) | (byte >> (bitsInByte - take))
        remainder &= 0xFFFF
        bitsLeft -= take
        needed -= take
        bitsInByte -= take
        bitsHeld += take
        if bitsInByte == 0 {
          index += 1
          bitsInByte = 8
        }
      }
      if bitsHeld == 13 { remainder ^= 0b1_1000_1111_0011 }
      bitsHeld = remainder == 0 ? 0 : 16 - (UInt16(remainder).leadingZeroBitCount)
    }
    return remainder == stored
  }
}
