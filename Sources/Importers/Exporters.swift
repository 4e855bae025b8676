import CryptoPrimitives
import FoundationEssentials
import JSONCodec
import OTPCore

/// An account as exporters see it.
public struct ExportedAccount: Sendable {
  public var id: UUID
  public var account: OTPAccount
  public var note: String
  public var favourite: Bool
  /// The groups the account belongs to, by name.
  public var groups: [String]

  public init(id: UUID, account: OTPAccount, note: String = "", favourite: Bool = false, groups: [String] = []) {
    self.groups = groups
    self.id = id
    self.account = account
    self.note = note
    self.favourite = favourite
  }
}

/// Writers for the formats other apps import.
public enum Exporter {
  /// otpauth URIs, one per line; `otter import` reads them back with nothing lost.
  public static func uriList(_ accounts: [ExportedAccount]) -> [UInt8] {
    Array(accounts.map { OTPAuthURI.format($0.account) + "\n" }.joined().utf8)
  }

  /// An Aegis database object (the content Aegis keeps under `db`): version 3, whose entries
  /// name their groups by id and whose `groups` list gives each id its name.
  static func aegisDatabase(_ accounts: [ExportedAccount]) -> JSON {
    var groupIDs: [String: String] = [:]
    var groupList: [JSON] = []
    for entry in accounts {
      for name in entry.groups where groupIDs[name.lowercased()] == nil {
        let id = UUID().uuidString.lowercased()
        groupIDs[name.lowercased()] = id
        groupList.append(.object([("uuid", .string(id)), ("name", .string(name))]))
      }
    }
    let entries: [JSON] = accounts.map { entry in
      let account = entry.account
      var info: [(String, JSON)] = [
        ("secret", .string(Base32.encode(account.secret))),
        ("algo", .string(account.kind == .motp ? "MD5" : account.algorithm.rawValue)), ("digits", .integer(account.digits)),
      ]
      if account.kind == .hotp {
        info.append(("counter", .integer(account.counter)))
      } else {
        info.append(("period", .integer(account.period)))
      }
      if let pin = account.pin { info.append(("pin", .string(String(decoding: pin.copiedBytes(), as: UTF8.self)))) }
      return .object([
        ("type", .string(account.kind.rawValue)), ("uuid", .string(entry.id.uuidString.lowercased())),
        ("name", .string(account.name)), ("issuer", .string(account.issuer)), ("note", .string(entry.note)),
        ("favorite", .bool(entry.favourite)), ("icon", .null), ("info", .object(info)),
        ("groups", .array(entry.groups.compactMap { groupIDs[$0.lowercased()].map { .string($0) } })),
      ])
    }
    return .object([("version", .integer(3)), ("entries", .array(entries)), ("groups", .array(groupList))])
  }

  /// A plain Aegis export (its header's slots and params are null).
  public static func aegisPlain(_ accounts: [ExportedAccount]) -> [UInt8] {
    JSON.object([
      ("version", .integer(1)), ("header", .object([("slots", .null), ("params", .null)])), ("db", aegisDatabase(accounts)),
    ]).serialized()
  }

  /// The scrypt cost of Aegis's own password slots (N = 2^15, r = 8, p = 1).
  public static let aegisCost = ScryptParameters(logN: 15, r: 8, p: 1)

  /// An encrypted Aegis export: a random master key wrapped in one password slot, the
  /// database sealed with AES-256-GCM, as Aegis's vault documentation describes.
  ///
  /// - Parameter derive: the key derivation for the slot (scrypt; the fuzzer's stand-in for seeds).
  public static func aegisEncrypted(
    _ accounts: [ExportedAccount], password: SecretBytes, cost: ScryptParameters = aegisCost,
    derive: KeyDerivation = scryptDerivation
  ) throws(CryptoError) -> [UInt8] {
    let masterKey = try SecretBytes.random(count: 32)
    let salt = try randomBytes(count: 32)
    let kek: SecretBytes
    do { kek = try derive(password, salt, cost) } catch let error as CryptoError { throw error } catch {
      throw .invalidParameter("key derivation failed: \(error)")
    }
    let keyNonce = try randomBytes(count: 12)
    let wrapped = try AESGCM.seal(masterKey, key: kek, nonce: keyNonce, aad: [])
    var database = aegisDatabase(accounts).serialized()
    defer { wipe(&database) }
    let dbNonce = try randomBytes(count: 12)
    let sealed = try AESGCM.seal(SecretBytes(database), key: masterKey, nonce: dbNonce, aad: [])
    let slot = JSON.object([
      ("type", .integer(1)), ("uuid", .string(UUID().uuidString.lowercased())), ("key", .string(hex(wrapped.ciphertext))),
      ("key_params", .object([("nonce", .string(hex(keyNonce))), ("tag", .string(hex(wrapped.tag)))])),
      ("n", .integer(1 << cost.logN)), ("r", .integer(cost.r)), ("p", .integer(cost.p)), ("salt", .string(hex(salt))),
      ("repaired", .bool(true)),
    ])
    return JSON.object([
      ("version", .integer(1)),
      (
        "header",
        .object([
          ("slots", .array([slot])), ("params", .object([("nonce", .string(hex(dbNonce))), ("tag", .string(hex(sealed.tag)))])),
        ])
      ),
      ("db", .string(Base64.encode(sealed.ciphertext))),
    ]).serialized()
  }

  static func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes) }
}
