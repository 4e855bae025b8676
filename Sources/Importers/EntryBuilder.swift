import CryptoPrimitives
import JSONCodec
import OTPCore

/// Shared steps of the JSON importers: read the usual fields of one entry and build an account.
enum EntryBuilder {
  static func account(
    kind: String, issuer: String, name: String, base32Secret: String, algorithm: String?, digits: Int64?,
    period: Int64?, counter: UInt64?, note: String = "", favourite: Bool = false, tags: [String] = []
  ) -> Result<ImportedAccount, ImportError> {
    guard let otpKind = OTPKind(name: kind) else {
      return .failure(.entry("unsupported type \"\(Sanitizer.quoted(kind, limit: 20))\""))
    }
    var digest = DigestAlgorithm.sha1
    if let algorithm, !algorithm.isEmpty {
      guard let found = DigestAlgorithm(name: algorithm) else {
        return .failure(.entry("unsupported algorithm \"\(Sanitizer.quoted(algorithm, limit: 20))\""))
      }
      digest = found
    }
    let secret: SecretBytes
    do { secret = try Base32.decode(base32Secret) } catch { return .failure(.from(error)) }
    guard !secret.isEmpty else { return .failure(.entry("the secret is empty")) }
    if otpKind == .hotp && counter == nil { return .failure(.entry("an HOTP entry needs a counter")) }
    guard let digitValue = Int(exactly: digits ?? Int64(otpKind == .steam ? 5 : 6)),
      let periodValue = Int(exactly: period ?? 30)
    else { return .failure(.entry("digits or period out of range")) }
    do {
      let account = try OTPAccount(
        kind: otpKind, issuer: issuer, name: name, secret: secret, algorithm: digest,
        digits: otpKind == .steam ? 5 : digitValue, period: periodValue, counter: counter ?? 0)
      return .success(ImportedAccount(account: account, note: note, favourite: favourite, tags: tags))
    } catch {
      return .failure(.from(error))
    }
  }

  static func parse(_ bytes: [UInt8], format: String) throws(ImportError) -> JSON {
    do { return try JSON.parse(bytes) } catch { throw .malformed("not a valid \(format) file: \(error)") }
  }
}
