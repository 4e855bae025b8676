import CryptoPrimitives
import FoundationEssentials
import JSONCodec
import OTPCore

/// The JSON inside the encrypted payload (see docs/vault-format.md).
enum VaultPayload {
  /// The payload as a JSON tree (`VaultPayload+Writer.swift` writes the same text directly).
  static func tree(_ contents: VaultContents) -> JSON {
    var accounts: [JSON] = contents.records.map(object(for:))
    accounts += contents.unusable.map(\.json)
    let tombstones: [JSON] = contents.tombstones.map {
      .object(
        [("id", .string($0.id.lowercasedText)), ("deleted", .integer($0.deleted)), ("version", versionJSON($0.version))]
          + ($0.counter > 0 ? [("counter", .string(String($0.counter)))] : []))
    }
    return JSON.object([("accounts", .array(accounts)), ("tombstones", .array(tombstones))])
  }

  static func object(for record: VaultRecord) -> JSON {
    let account = record.account
    let pin: [(String, JSON)] = account.pin.map { [("pin", .string(String(decoding: $0.copiedBytes(), as: UTF8.self)))] } ?? []
    return .object(
      [
        ("id", .string(record.id.lowercasedText)),
        ("type", .string(account.kind.rawValue)),
        ("issuer", .string(account.issuer)),
        ("name", .string(account.name)),
        ("secret", .string(Base32.encode(account.secret))),
        ("algorithm", .string(account.algorithm.rawValue)),
        ("digits", .integer(account.digits)),
        ("period", .integer(account.period)),
        ("counter", .string(String(account.counter))),
        ("note", .string(record.note)),
        ("tags", .array(record.tags.map { .string($0) })),
        ("favourite", .bool(record.favourite)),
        ("created", .integer(record.created)),
        ("modified", .integer(record.modified)),
        ("extra", .array(account.extraParameters.map { .array([.string($0.name), .string($0.value)]) })),
      ] + pin + [("version", versionJSON(record.version))]
        + (record.conflicts.isEmpty ? [] : [("conflicts", .array(record.conflicts.map(object(for:))))]))
  }

  static func versionJSON(_ version: RecordVersion) -> JSON {
    .array(version.pairs.map { .array([.string($0.device), .number(String($0.count))]) })
  }

  /// A version from its JSON (`[["device",count],…]`), or nil when malformed: each device once,
  /// counts whole numbers from 1 to 2^64 − 1, at most 4,096 devices.
  static func version(from value: JSON) -> RecordVersion? {
    guard let pairs = value.arrayValue, pairs.count <= 4096 else { return nil }
    var counts: [String: UInt64] = [:]
    for pair in pairs {
      guard let items = pair.arrayValue, items.count == 2, let device = items[0].stringValue, !device.isEmpty,
        device.utf8.count <= 64, case .number(let text) = items[1], let count = UInt64(text), count > 0,
        counts[device] == nil
      else { return nil }
      counts[device] = count
    }
    return RecordVersion(counts)
  }

  /// Decodes the decrypted payload `bytes` (which the caller wipes afterwards).
  static func decode(_ bytes: [UInt8]) throws(VaultError) -> VaultContents {
    do {
      return try decodeDirectly(bytes)
    } catch {
      return try decodeWithTree(bytes)
    }
  }

  /// Decodes the payload by way of a whole JSON tree: the reference decoder, and the one used
  /// for any text the direct decoder does not handle.
  static func decodeWithTree(_ bytes: [UInt8]) throws(VaultError) -> VaultContents {
    let root: JSON
    do { root = try JSON.parse(bytes) } catch { throw .damaged("the decrypted accounts are not JSON (\(error))") }
    guard let accounts = root["accounts"]?.arrayValue, let tombstones = root["tombstones"]?.arrayValue else {
      throw .damaged("the decrypted accounts lack the accounts or tombstones list")
    }
    var contents = VaultContents()
    contents.records.reserveCapacity(accounts.count)
    for entry in accounts { add(entry, to: &contents) }
    contents.tombstones = try self.tombstones(from: tombstones)
    return contents
  }

  /// Adds one account entry to `contents`: as a record, or as an unusable entry with the reason.
  static func add(_ entry: JSON, to contents: inout VaultContents) {
    do {
      contents.records.append(try record(from: entry))
    } catch {
      contents.unusable.append(UnusableRecord(json: entry, reason: error.reason, id: entry["id"]?.stringValue))
    }
  }

  static func tombstones(from entries: [JSON]) throws(VaultError) -> [Tombstone] {
    var tombstones: [Tombstone] = []
    for entry in entries {
      guard let idText = entry["id"]?.stringValue, let id = UUID(uuidString: idText),
        let deleted = entry["deleted"]?.int64Value
      else { throw .damaged("a tombstone is malformed") }
      var version: RecordVersion?
      if let value = entry["version"] {
        guard let parsed = self.version(from: value) else { throw .damaged("a tombstone's version is malformed") }
        version = parsed
      }
      var counter: UInt64 = 0
      if let value = entry["counter"] {
        guard let text = value.stringValue, let parsed = UInt64(text) else {
          throw .damaged("a tombstone's counter is malformed")
        }
        counter = parsed
      }
      tombstones.append(Tombstone(id: id, deleted: deleted, version: version, counter: counter))
    }
    return tombstones
  }

  /// Why one account entry cannot be used.
  struct EntryProblem: Error {
    var reason: String
  }

  static func record(from entry: JSON) throws(EntryProblem) -> VaultRecord {
    var record = try plainRecord(from: entry)
    if let value = entry["version"] {
      guard let version = version(from: value) else { throw EntryProblem(reason: "invalid version") }
      record.version = version
    }
    if let value = entry["conflicts"] {
      guard let others = value.arrayValue, !others.isEmpty, others.count <= 64 else {
        throw EntryProblem(reason: "invalid conflicts")
      }
      for other in others {
        guard other["conflicts"] == nil else { throw EntryProblem(reason: "nested conflicts") }
        let version = try self.record(from: other)
        guard version.id == record.id else { throw EntryProblem(reason: "a conflicting version of another account") }
        record.conflicts.append(version)
      }
    }
    return record
  }

  /// A record without its version (seeded from `modified`) and conflicts.
  static func plainRecord(from entry: JSON) throws(EntryProblem) -> VaultRecord {
    func string(_ key: String) throws(EntryProblem) -> String {
      guard let value = entry[key]?.stringValue else { throw EntryProblem(reason: "missing or invalid \(key)") }
      return value
    }
    func integer(_ key: String) throws(EntryProblem) -> Int64 {
      guard let value = entry[key]?.int64Value else { throw EntryProblem(reason: "missing or invalid \(key)") }
      return value
    }
    guard case .object = entry else { throw EntryProblem(reason: "entry is not an object") }
    guard let id = UUID(uuidString: try string("id")) else { throw EntryProblem(reason: "invalid id") }
    let type = try string("type")
    guard let kind = OTPKind(rawValue: type) else {
      throw EntryProblem(reason: "unknown account type \"\(Sanitizer.quoted(type, limit: 20))\"")
    }
    guard let algorithm = DigestAlgorithm(rawValue: try string("algorithm")) else {
      throw EntryProblem(reason: "unknown algorithm")
    }
    guard let counter = UInt64(try string("counter")) else { throw EntryProblem(reason: "invalid counter") }
    let secret: SecretBytes
    do { secret = try Base32.decode(try string("secret")) } catch { throw EntryProblem(reason: "invalid secret") }
    guard let tagValues = entry["tags"]?.arrayValue, let favourite = entry["favourite"]?.boolValue,
      let extraValues = entry["extra"]?.arrayValue
    else { throw EntryProblem(reason: "invalid tags, favourite or extra") }
    var tags: [String] = []
    for tag in tagValues {
      guard let text = tag.stringValue else { throw EntryProblem(reason: "a tag is not a string") }
      tags.append(text)
    }
    var extras: [URIParameter] = []
    for pair in extraValues {
      guard let items = pair.arrayValue, items.count == 2, let name = items[0].stringValue, let value = items[1].stringValue
      else { throw EntryProblem(reason: "an extra parameter is malformed") }
      extras.append(URIParameter(name: name, value: value))
    }
    let issuer = try string("issuer")
    let name = try string("name")
    let digits = try integer("digits")
    let period = try integer("period")
    guard let digitsValue = Int(exactly: digits), let periodValue = Int(exactly: period) else {
      throw EntryProblem(reason: "digits or period out of range")
    }
    var pin: SecretBytes?
    if let value = entry["pin"] {
      guard kind.needsPIN, let text = value.stringValue else { throw EntryProblem(reason: "invalid pin") }
      pin = SecretBytes(Array(text.utf8))
    }
    let account: OTPAccount
    do {
      account = try OTPAccount(
        kind: kind, issuer: issuer, name: name, secret: secret, algorithm: algorithm, digits: digitsValue,
        period: periodValue, counter: counter, extraParameters: extras, pin: pin)
    } catch {
      throw EntryProblem(reason: "\(error)")
    }
    guard account.hasPINIfNeeded else { throw EntryProblem(reason: "the \(kind.rawValue) account has no PIN") }
    let modified = try integer("modified")
    return VaultRecord(
      id: id, account: account, note: try string("note"), tags: tags, favourite: favourite,
      created: try integer("created"), modified: modified, version: .seeded(at: modified))
  }
}

extension Error {
  fileprivate var reason: String { (self as? VaultPayload.EntryProblem)?.reason ?? "\(self)" }
}

extension VaultFile {
  /// Whether the payload decoders agree on `bytes` (the plaintext JSON after decryption): the
  /// JSON tree, the direct decoder in one part, and the direct decoder split into three parts,
  /// must give the same accounts field by field, the same unusable entries with the same
  /// reasons, the same tombstones, or the same error. For the fuzzer and the tests.
  @_spi(Fuzzing) public static func payloadDecodersAgree(_ bytes: [UInt8]) -> Bool {
    let reference = Result { () throws(VaultError) in try VaultPayload.decodeWithTree(bytes) }
    for split in [VaultPayload.Split.never, .always(3)] {
      let direct = Result { () throws(VaultError) in
        do { return try VaultPayload.decodeDirectly(bytes, split: split) } catch { return try VaultPayload.decodeWithTree(bytes) }
      }
      guard VaultPayload.same(direct, reference) else { return false }
    }
    return true
  }
}

extension VaultPayload {
  /// Whether two decoding outcomes are the same in every field (secrets compared in constant time).
  static func same(_ first: Result<VaultContents, VaultError>, _ second: Result<VaultContents, VaultError>) -> Bool {
    switch (first, second) {
    case (.failure(let a), .failure(let b)): return a == b
    case (.success(let a), .success(let b)):
      return a.records.count == b.records.count && zip(a.records, b.records).allSatisfy { $0.isIdentical(to: $1) }
        && a.unusable.count == b.unusable.count
        && zip(a.unusable, b.unusable).allSatisfy { $0.json == $1.json && $0.reason == $1.reason && $0.id == $1.id }
        && a.tombstones == b.tombstones
    default: return false
    }
  }
}
