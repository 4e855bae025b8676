import CryptoPrimitives
import JSONCodec
import OTPCore

/// TOTP Authenticator (com.authenticator.authservice2): its backup file is base64 of
/// AES-256-CBC (zero IV) under SHA-256 of the password, "TotpAuthenticator" when the user set
/// none; the plaintext is a JSON object whose first key is the account list as JSON text. A
/// rooted phone's `shared_prefs/TOTP_Authenticator_Preferences.xml` holds the same list,
/// unencrypted, under `STATIC_TOTP_CODES_LIST`. Each account has `base` (16, 32 or 64: how
/// `key` is written), `issuer`, `name`, and `digits` and `period` as text.
public enum TOTPAuthenticatorImporter {
  /// The password the app uses when the user sets none (as Aegis documents it).
  static let defaultPassword = SecretBytes(Array("TotpAuthenticator".utf8))
  static let preferenceKey = "STATIC_TOTP_CODES_LIST"

  /// The shared-preferences file of a rooted phone.
  static func matchesPreferences(_ bytes: [UInt8]) -> Bool {
    AndroidPreferences.matches(bytes) && String(decoding: bytes, as: UTF8.self).contains("\"\(preferenceKey)\"")
  }

  /// A backup file: base64 text only, a whole number of AES blocks, that opens with the
  /// default password or cannot be anything else Otter reads.
  static func matchesBackup(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 24, bytes.count <= 16 << 20, let sealed = base64(bytes) else { return false }
    return sealed.count % 16 == 0 && sealed.count >= 32
  }

  /// Whether the backup needs a password other than the app's default.
  static func isEncrypted(_ bytes: [UInt8]) -> Bool {
    guard !matchesPreferences(bytes), let sealed = base64(bytes) else { return false }
    return (try? open(sealed, password: defaultPassword)) == nil
  }

  public static func read(_ bytes: [UInt8], password: SecretBytes? = nil) throws(ImportError) -> [ImportItem] {
    let list: String
    if matchesPreferences(bytes) {
      guard let value = try AndroidPreferences.strings(bytes).first(where: { $0.name == preferenceKey })?.value else {
        throw .malformed("the preferences file has no \(preferenceKey)")
      }
      list = value
    } else {
      guard let sealed = base64(bytes) else { throw .malformed("a TOTP Authenticator backup is base64 text") }
      if let opened = try? open(sealed, password: defaultPassword) {
        list = opened
      } else {
        list = try open(sealed, password: try Sealed.require(password))
      }
    }
    guard let accounts = (try? JSON.parse(Array(list.utf8)))?.arrayValue else {
      throw .malformed("the TOTP Authenticator account list is not a JSON array")
    }
    return accounts.enumerated().map { index, entry in ImportItem("account \(index + 1)", account(entry)) }
  }

  /// The account list's JSON text, from the sealed backup.
  static func open(_ sealed: [UInt8], password: SecretBytes) throws(ImportError) -> String {
    let key: SecretBytes
    do { key = try Digest.sha256(password) } catch { throw .malformed("\(error)") }
    let plain: SecretBytes
    do { plain = try AESCBC.decrypt(sealed[...], key: key, iv: [UInt8](repeating: 0, count: 16)) } catch {
      throw .wrongPassword
    }
    var bytes = plain.copiedBytes()
    defer { wipe(&bytes) }
    // The list is the first (only) key of the object.
    guard case .object(let members)? = try? JSON.parse(bytes), let first = members.first?.0 else { throw .wrongPassword }
    return first
  }

  static func account(_ entry: JSON) -> Result<ImportedAccount, ImportError> {
    guard let key = entry["key"]?.stringValue,
      let base = entry["base"]?.int64Value ?? entry["base"]?.stringValue.flatMap({ Int64($0) })
    else { return .failure(.entry("the account lacks key or base")) }
    var base32 = key
    switch base {
    case 32: break
    case 16, 64:
      guard var bytes = base == 16 ? Hex.decode(key) : Base64.decode(key, canonical: false), !bytes.isEmpty else {
        return .failure(.entry("key is not valid base \(base)"))
      }
      defer { wipe(&bytes) }
      base32 = Base32.encode(SecretBytes(bytes))
    default: return .failure(.entry("unsupported secret encoding: base \(base)"))
    }
    func number(_ name: String) -> Int64? { entry[name]?.int64Value ?? entry[name]?.stringValue.flatMap { Int64($0) } }
    return EntryBuilder.account(
      kind: "totp", issuer: entry["issuer"]?.stringValue ?? "", name: entry["name"]?.stringValue ?? "", base32Secret: base32,
      algorithm: nil, digits: number("digits"), period: number("period"), counter: nil)
  }

  /// The file as standard base64 (line breaks allowed), or nil.
  static func base64(_ bytes: [UInt8]) -> [UInt8]? {
    let text = String(decoding: bytes.filter { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
    return Base64.decode(text, canonical: false)
  }
}
