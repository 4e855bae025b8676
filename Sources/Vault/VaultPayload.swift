import CryptoPrimitives
import Foundation
import OTPCore

/// The JSON inside the encrypted payload (see docs/vault-format.md).
enum VaultPayload {
  static func encode(_ contents: VaultContents) throws(VaultError) -> SecretBytes {
    var accounts: [Any] = contents.records.map(object(for:))
    for entry in contents.unusable {
      guard let raw = try? JSONSerialization.jsonObject(with: entry.json) else { continue }
      accounts.append(raw)
    }
    let tombstones: [Any] = contents.tombstones.map { ["id": $0.id.uuidString.lowercased(), "deleted": $0.deleted] }
    let root: [String: Any] = ["accounts": accounts, "tombstones": tombstones]
    do {
      let data = try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes])
      return SecretBytes(data)
    } catch {
      throw .damaged("cannot encode the accounts: \(error)")
    }
  }

  static func object(for record: VaultRecord) -> [String: Any] {
    let account = record.account
    return [
      "id": record.id.uuidString.lowercased(),
      "type": account.kind.rawValue,
      "issuer": account.issuer,
      "name": account.name,
      "secret": Base32.encode(account.secret),
      "algorithm": account.algorithm.rawValue,
      "digits": account.digits,
      "period": account.period,
      "counter": String(account.counter),
      "note": record.note,
      "tags": record.tags,
      "favourite": record.favourite,
      "created": record.created,
      "modified": record.modified,
      "extra": account.extraParameters.map { [$0.name, $0.value] },
    ]
  }

  static func decode(_ plaintext: SecretBytes) throws(VaultError) -> VaultContents {
    let data = plaintext.withUnsafeBytes { Data($0) }
    guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let accounts = root["accounts"] as? [Any], let tombstones = root["tombstones"] as? [Any]
    else { throw .damaged("the decrypted accounts are not the expected JSON") }
    var contents = VaultContents()
    for entry in accounts {
      do {
        contents.records.append(try record(from: entry))
      } catch {
        let json = (try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys])) ?? Data("null".utf8)
        contents.unusable.append(
          UnusableRecord(json: json, reason: error.reason, id: (entry as? [String: Any])?["id"] as? String))
      }
    }
    for entry in tombstones {
      guard let object = entry as? [String: Any], let idText = object["id"] as? String, let id = UUID(uuidString: idText),
        let deleted = (object["deleted"] as? NSNumber)?.int64Value
      else { throw .damaged("a tombstone is malformed") }
      contents.tombstones.append(Tombstone(id: id, deleted: deleted))
    }
    return contents
  }

  struct EntryProblem: Error {
    var reason: String
  }

  static func record(from entry: Any) throws(EntryProblem) -> VaultRecord {
    guard let object = entry as? [String: Any] else { throw EntryProblem(reason: "entry is not an object") }
    func string(_ key: String) throws(EntryProblem) -> String {
      guard let value = object[key] as? String else { throw EntryProblem(reason: "missing or invalid \(key)") }
      return value
    }
    func integer(_ key: String) throws(EntryProblem) -> Int64 {
      guard let value = object[key] as? NSNumber, Double(value.int64Value) == value.doubleValue
      else { throw EntryProblem(reason: "missing or invalid \(key)") }
      return value.int64Value
    }
    guard let id = UUID(uuidString: try string("id")) else { throw EntryProblem(reason: "invalid id") }
    guard let kind = OTPKind(rawValue: try string("type")) else {
      throw EntryProblem(reason: "unknown account type \"\(Sanitizer.quoted((object["type"] as? String) ?? "?", limit: 20))\"")
    }
    guard let algorithm = DigestAlgorithm(rawValue: try string("algorithm")) else {
      throw EntryProblem(reason: "unknown algorithm")
    }
    guard let counter = UInt64(try string("counter")) else { throw EntryProblem(reason: "invalid counter") }
    let secret: SecretBytes
    do { secret = try Base32.decode(try string("secret")) } catch { throw EntryProblem(reason: "invalid secret") }
    guard let tags = object["tags"] as? [String], let favourite = object["favourite"] as? Bool,
      let extras = object["extra"] as? [[String]], extras.allSatisfy({ $0.count == 2 })
    else { throw EntryProblem(reason: "invalid tags, favourite or extra") }
    let issuer = try string("issuer")
    let name = try string("name")
    let digits = Int(try integer("digits"))
    let period = Int(try integer("period"))
    let account: OTPAccount
    do {
      account = try OTPAccount(
        kind: kind, issuer: issuer, name: name, secret: secret, algorithm: algorithm, digits: digits, period: period,
        counter: counter, extraParameters: extras.map { URIParameter(name: $0[0], value: $0[1]) })
    } catch {
      throw EntryProblem(reason: "\(error)")
    }
    return VaultRecord(
      id: id, account: account, note: try string("note"), tags: tags, favourite: favourite,
      created: try integer("created"), modified: try integer("modified"))
  }
}

extension Error {
  fileprivate var reason: String { (self as? VaultPayload.EntryProblem)?.reason ?? "\(self)" }
}
