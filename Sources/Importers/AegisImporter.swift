import CryptoPrimitives
import FoundationEssentials
import JSONCodec
import OTPCore

/// Aegis exports (docs/vault.md of Aegis): plain, or encrypted with password slots (scrypt +
/// AES-256-GCM key wrap) and an AES-256-GCM database.
public enum AegisImporter {
  /// Whether `bytes` is an encrypted Aegis export (its header has slots).
  public static func isEncrypted(_ bytes: [UInt8]) -> Bool {
    guard let json = try? JSON.parse(bytes), let header = json["header"] else { return false }
    return header["slots"]?.arrayValue != nil
  }

  /// The accounts of an Aegis export; `password` is needed when it is encrypted.
  ///
  /// - Parameters:
  ///   - derive: the key derivation for password slots (scrypt; the fuzzer's stand-in).
  ///   - budget: how much key derivation the file may ask for, checked before any runs.
  /// - Throws: `ImportError.passwordRequired`, `.wrongPassword`, `.overBudget`, `.malformed`
  ///   for the whole file.
  public static func read(
    _ bytes: [UInt8], password: SecretBytes?, derive: KeyDerivation = scryptDerivation, budget: KDFBudget = .default
  ) throws(ImportError) -> [ImportItem] {
    let json = try EntryBuilder.parse(bytes, format: "Aegis")
    guard let header = json["header"], let db = json["db"] else { throw .malformed("not an Aegis export: no header or db") }
    let database: JSON
    if let slots = header["slots"]?.arrayValue {
      guard let password else { throw .passwordRequired }
      guard let params = header["params"], let dbText = db.stringValue else { throw .malformed("the Aegis header has no params") }
      let masterKey = try unlock(slots: slots, password: password, derive: derive, budget: budget)
      guard let nonce = hex(params["nonce"]?.stringValue), let tag = hex(params["tag"]?.stringValue),
        let ciphertext = Base64.decode(dbText, canonical: false)
      else { throw .malformed("the Aegis encrypted database is malformed") }
      let plaintext: SecretBytes
      do {
        plaintext = try AESGCM.open(AESGCM.Sealed(ciphertext: Array(ciphertext), tag: tag), key: masterKey, nonce: nonce, aad: [])
      } catch {
        throw .wrongPassword
      }
      var decrypted = plaintext.copiedBytes()
      defer { wipe(&decrypted) }
      database = try EntryBuilder.parse(decrypted, format: "Aegis database")
    } else {
      database = db
    }
    guard let entries = database["entries"]?.arrayValue else { throw .malformed("the Aegis database has no entries list") }
    let groupNames = groupNames(in: database)
    return entries.enumerated().map { index, entry in
      ImportItem(
        "entry \(index + 1)",
        account(from: entry).map { imported in
          var imported = imported
          let (groups, unknown) = groups(of: entry, names: groupNames)
          imported.tags = groups
          imported.notKept = notKept(in: entry).union(unknown.map { "group \($0)" })
          return imported
        })
    }
  }

  /// The most groups read for one entry, and the longest group name kept (Aegis's are short).
  static let maximumGroups = 64
  static let maximumGroupName = 256

  /// The names of the database's groups by id (Aegis 3: `db.groups`, each a `uuid` and a
  /// `name`); ids are compared lowercased.
  static func groupNames(in database: JSON) -> [String: String] {
    var names: [String: String] = [:]
    for group in database["groups"]?.arrayValue ?? [] {
      guard let id = group["uuid"]?.stringValue, let name = group["name"]?.stringValue, !name.isEmpty else { continue }
      names[id.lowercased()] = name
    }
    return names
  }

  /// An entry's groups by name: Aegis 3's list of group ids (ids the database does not name
  /// are returned apart), else the single group name of earlier versions (`group`).
  static func groups(of entry: JSON, names: [String: String]) -> (groups: [String], unknown: [String]) {
    var groups: [String] = []
    var unknown: [String] = []
    if let ids = entry["groups"]?.arrayValue {
      for case .string(let id) in ids.prefix(maximumGroups) {
        if let name = names[id.lowercased()], name.count <= maximumGroupName {
          if !groups.contains(where: { $0.lowercased() == name.lowercased() }) { groups.append(name) }
        } else {
          unknown.append(id)
        }
      }
    } else if let group = entry["group"]?.stringValue, !group.isEmpty, group.count <= maximumGroupName {
      groups.append(group)
    }
    return (groups, unknown)
  }

  /// What an Aegis entry holds that Otter does not keep: its icon.
  static func notKept(in entry: JSON) -> Set<String> {
    var dropped: Set<String> = []
    if let icon = entry["icon"]?.stringValue, !icon.isEmpty { dropped.insert("icon") }
    return dropped
  }

  /// One password slot (type 1) of an Aegis header, checked for shape.
  struct PasswordSlot {
    var parameters: ScryptParameters
    var salt: [UInt8]
    var key: [UInt8]
    var nonce: [UInt8]
    var tag: [UInt8]

    init(_ slot: JSON) throws(ImportError) {
      guard let n = slot["n"]?.int64Value, let r = slot["r"]?.int64Value, let p = slot["p"]?.int64Value,
        let salt = hex(slot["salt"]?.stringValue), let key = hex(slot["key"]?.stringValue),
        let nonce = hex(slot["key_params"]?["nonce"]?.stringValue), let tag = hex(slot["key_params"]?["tag"]?.stringValue),
        n > 1, n & (n - 1) == 0, let rValue = Int(exactly: r), let pValue = Int(exactly: p)
      else { throw .malformed("an Aegis password slot is malformed") }
      parameters = ScryptParameters(logN: n.trailingZeroBitCount, r: rValue, p: pValue)
      do { try parameters.validate() } catch { throw .malformed("an Aegis password slot asks for \(error)") }
      self.salt = salt
      self.key = key
      self.nonce = nonce
      self.tag = tag
    }
  }

  /// The master key from a password slot (type 1) the password opens; other slot types (raw,
  /// biometric) are skipped. Every password slot is checked against the budget before any key
  /// is derived, and they are tried cheapest first.
  static func unlock(slots: [JSON], password: SecretBytes, derive: KeyDerivation, budget: KDFBudget) throws(ImportError)
    -> SecretBytes
  {
    var candidates: [PasswordSlot] = []
    for slot in slots where slot["type"]?.int64Value == 1 { candidates.append(try PasswordSlot(slot)) }
    if candidates.isEmpty { throw .malformed("the Aegis export has no password slot") }
    let costs = candidates.map { KDFCost.scrypt($0.parameters) }
    do { try budget.check(costs) } catch { throw .overBudget(error) }
    for index in KDFBudget.tryOrder(costs) {
      let slot = candidates[index]
      do {
        let kek = try derive(password, slot.salt, slot.parameters)
        return try AESGCM.open(AESGCM.Sealed(ciphertext: slot.key, tag: slot.tag), key: kek, nonce: slot.nonce, aad: [])
      } catch {
        continue
      }
    }
    throw .wrongPassword
  }

  static func account(from entry: JSON) -> Result<ImportedAccount, ImportError> {
    guard let type = entry["type"]?.stringValue, let info = entry["info"], let secret = info["secret"]?.stringValue else {
      return .failure(.entry("the entry lacks type, info or secret"))
    }
    let counter = info["counter"]?.int64Value.flatMap { UInt64(exactly: $0) }
    return EntryBuilder.account(
      kind: type, issuer: entry["issuer"]?.stringValue ?? "", name: entry["name"]?.stringValue ?? "", base32Secret: secret,
      algorithm: info["algo"]?.stringValue, digits: info["digits"]?.int64Value, period: info["period"]?.int64Value,
      counter: counter, note: entry["note"]?.stringValue ?? "", favourite: entry["favorite"]?.boolValue ?? false,
      pin: info["pin"]?.stringValue)
  }

  static func hex(_ text: String?) -> [UInt8]? { text.flatMap(Hex.decode) }
}
