import CryptoPrimitives
import JSONCodec
import OTPCore

/// Shared steps of the JSON importers: read the usual fields of one entry and build an account.
enum EntryBuilder {
  static func account(
    kind: String, issuer: String, name: String, base32Secret: String, algorithm: String?, digits: Int64?,
    period: Int64?, counter: UInt64?, note: String = "", favourite: Bool = false, tags: [String] = [],
    pin: String? = nil
  ) -> Result<ImportedAccount, ImportError> {
    guard let otpKind = OTPKind(name: kind) else {
      return .failure(.entry("unsupported type \"\(Sanitizer.quoted(kind, limit: 20))\""))
    }
    var digest = DigestAlgorithm.sha1
    // mOTP is always MD5 and Yandex always SHA-256, whatever the file names.
    if let algorithm, !algorithm.isEmpty, !otpKind.needsPIN {
      guard let found = DigestAlgorithm(name: algorithm) else {
        return .failure(.entry("unsupported algorithm \"\(Sanitizer.quoted(algorithm, limit: 20))\""))
      }
      digest = found
    }
    let secret: SecretBytes
    do { secret = try Base32.decode(base32Secret) } catch { return .failure(.from(error)) }
    guard !secret.isEmpty else { return .failure(.entry("the secret is empty")) }
    if otpKind == .hotp && counter == nil { return .failure(.entry("an HOTP entry needs a counter")) }
    guard let digitValue = Int(exactly: digits ?? Int64(OTPAccount.defaultDigits(otpKind))),
      let periodValue = Int(exactly: period ?? (otpKind == .motp ? 10 : 30))
    else { return .failure(.entry("digits or period out of range")) }
    // A PIN-less mOTP or Yandex entry is kept waiting for it: the import asks.
    let pinBytes = pin.flatMap { $0.isEmpty ? nil : SecretBytes(Array($0.utf8)) }
    do {
      let account = try OTPAccount(
        kind: otpKind, issuer: issuer, name: name, secret: secret, algorithm: otpKind == .yandex ? .sha256 : digest,
        digits: otpKind == .steam ? 5 : otpKind == .yandex ? 8 : digitValue, period: periodValue, counter: counter ?? 0,
        pin: otpKind.needsPIN ? pinBytes : nil)
      return .success(ImportedAccount(account: account, note: note, favourite: favourite, tags: tags))
    } catch {
      return .failure(.from(error))
    }
  }

  static func parse(_ bytes: [UInt8], format: String) throws(ImportError) -> JSON {
    do { return try JSON.parse(bytes) } catch { throw .malformed("not a valid \(format) file: \(error)") }
  }
}
