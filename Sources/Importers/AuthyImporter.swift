import CryptoPrimitives
import JSONCodec
import OTPCore

/// Authy's token store, pulled from a rooted phone (Authy has no export):
/// `shared_prefs/com.authy.storage.tokens.authenticator.xml` (accounts added by QR code) and
/// `…tokens.authy.xml` (Authy's own accounts). A shared-preferences XML whose `….key` string
/// holds a JSON array of tokens: `decryptedSecret` (base32, 30 s), `secretSeed` (hex, Authy's
/// own, 10 s), or `encryptedSecret` with a per-token `salt`, sealed under the backup password
/// (PBKDF2-HMAC-SHA1, 1,000 iterations, AES-256-CBC with a zero IV), as Aegis reads them.
public enum AuthyImporter {
  static let keys = ["com.authy.storage.tokens.authenticator.key", "com.authy.storage.tokens.authy.key"]
  static let iterations = 1000

  static func matches(_ bytes: [UInt8]) -> Bool {
    AndroidPreferences.matches(bytes) && String(decoding: bytes, as: UTF8.self).contains("com.authy.storage.tokens.")
  }

  /// Whether any token is sealed under the backup password.
  static func isEncrypted(_ bytes: [UInt8]) -> Bool {
    ((try? tokens(bytes)) ?? []).contains { $0["decryptedSecret"] == nil && $0["secretSeed"] == nil }
  }

  static func tokens(_ bytes: [UInt8]) throws(ImportError) -> [JSON] {
    guard let value = try AndroidPreferences.strings(bytes).first(where: { keys.contains($0.name) })?.value else {
      throw .malformed("the Authy file has no \(keys[0]) entry")
    }
    guard let array = (try? JSON.parse(Array(value.utf8)))?.arrayValue else {
      throw .malformed("the Authy token list is not a JSON array")
    }
    return array
  }

  public static func read(_ bytes: [UInt8], password: SecretBytes? = nil, budget: KDFBudget = .default) throws(ImportError)
    -> [ImportItem]
  {
    let tokens = try tokens(bytes)
    let sealed = tokens.filter { $0["decryptedSecret"] == nil && $0["secretSeed"] == nil }.count
    var key: SecretBytes?
    if sealed > 0 {
      key = try Sealed.require(password)
      // All tokens' derivations together, checked once before the first.
      do { try budget.check([.pbkdf2(iterations: iterations * sealed, hash: .sha1)]) } catch { throw .overBudget(error) }
    }
    var opened = 0
    var items: [ImportItem] = []
    for (index, token) in tokens.enumerated() {
      let location = "token \(index + 1)"
      if let password = key, token["decryptedSecret"] == nil, token["secretSeed"] == nil {
        do {
          let secret = try unseal(token, password: password, budget: budget)
          opened += 1
          items.append(ImportItem(location, account(token, base32: secret)))
        } catch .wrongPassword {
          items.append(ImportItem(location, .failure(.wrongPassword)))
        } catch {
          items.append(ImportItem(location, .failure(error)))
        }
      } else {
        items.append(ImportItem(location, account(token, base32: nil)))
      }
    }
    // Not one sealed token opened: the password, not the tokens, is wrong.
    if sealed > 0 && opened == 0 { throw .wrongPassword }
    return items
  }

  /// The base32 text of a sealed token's secret.
  static func unseal(_ token: JSON, password: SecretBytes, budget: KDFBudget) throws(ImportError) -> String {
    guard let salt = token["salt"]?.stringValue else { throw .entry("the sealed token has no salt") }
    let ciphertext = try Sealed.base64(token["encryptedSecret"]?.stringValue, "encryptedSecret")
    let key = try Sealed.pbkdf2(password, salt: Array(salt.utf8), iterations: iterations, digest: .sha1, budget: budget)
    let plain: SecretBytes
    do { plain = try AESCBC.decrypt(ciphertext[...], key: key, iv: [UInt8](repeating: 0, count: 16)) } catch {
      throw .wrongPassword
    }
    var bytes = plain.copiedBytes()
    defer { wipe(&bytes) }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func account(_ token: JSON, base32 unsealed: String?) -> Result<ImportedAccount, ImportError> {
    let isAuthy = token["secretSeed"] != nil
    var base32 = unsealed ?? token["decryptedSecret"]?.stringValue ?? ""
    if isAuthy {
      guard var seed = token["secretSeed"]?.stringValue.flatMap(Hex.decode), !seed.isEmpty else {
        return .failure(.entry("secretSeed is not hex"))
      }
      defer { wipe(&seed) }
      base32 = Base32.encode(SecretBytes(seed))
    }
    let (issuer, name) = label(token, isAuthy: isAuthy)
    return EntryBuilder.account(
      kind: "totp", issuer: issuer, name: name, base32Secret: base32, algorithm: nil,
      digits: token["digits"]?.int64Value ?? 6, period: isAuthy ? 10 : 30, counter: nil)
  }

  /// Issuer and name as Aegis derives them: Authy's own tokens have only a name (the issuer);
  /// others take `originalIssuer`, else the part of `originalName` before a colon, else the
  /// part of `name` before " - ", else the account type capitalised.
  static func label(_ token: JSON, isAuthy: Bool) -> (String, String) {
    let name = token["name"]?.stringValue ?? ""
    if isAuthy { return (name, "") }
    var issuer: String
    var separator = ""
    if let original = token["originalIssuer"]?.stringValue {
      issuer = original
    } else if let original = token["originalName"]?.stringValue, let colon = original.firstIndex(of: ":") {
      issuer = String(original[..<colon])
      separator = ":"
    } else if let dash = name.firstRange(of: " - ") {
      issuer = String(name[..<dash.lowerBound])
      separator = " - "
    } else {
      let type = token["accountType"]?.stringValue ?? ""
      issuer = type.prefix(1).uppercased() + type.dropFirst()
    }
    var rest = name
    if let range = rest.firstRange(of: issuer + separator) { rest.removeSubrange(range) }
    if rest.hasPrefix(": ") { rest.removeFirst(2) }
    return (issuer, rest)
  }
}
