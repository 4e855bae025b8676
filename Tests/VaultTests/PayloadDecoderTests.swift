import CryptoPrimitives
import Foundation
import JSONCodec
import OTPCore
import Testing

@_spi(Fuzzing) @testable import Vault

/// The payload JSON Otter writes for `records` (and `tombstones`).
func payload(_ records: [VaultRecord], tombstones: [Tombstone] = []) throws -> [UInt8] {
  var contents = VaultContents()
  contents.records = records
  contents.tombstones = tombstones
  return try VaultPayload.encode(contents).copiedBytes()
}

@Suite("Payload decoding straight from bytes")
struct PayloadDecoderTests {
  static let tombstone = Tombstone(
    id: UUID(uuid: (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)), deleted: 1_750_000_000)

  @Test("Otter's own payload is read without the JSON tree, with every field equal")
  func ownOutput() throws {
    let records = try (0..<30).map(sampleRecord)
    let bytes = try payload(records, tombstones: [Self.tombstone])
    let direct = try VaultPayload.decodeDirectly(bytes, split: .never)
    #expect(direct.records.count == 30)
    #expect(zip(direct.records, records).allSatisfy { $0.isIdentical(to: $1) })
    #expect(direct.tombstones == [Self.tombstone])
    #expect(direct.unusable.isEmpty)
    #expect(VaultFile.payloadDecodersAgree(bytes))
  }

  /// Payloads in shapes Otter does not write, each of which the direct decoder must either
  /// read the same way as the JSON tree or hand over to it.
  static let variants: [(String, @Sendable (String) -> String)] = [
    (
      "members reordered",
      {
        $0.replacingOccurrences(of: #""type":"totp","#, with: "").replacingOccurrences(
          of: #""extra":[]"#, with: #""extra":[],"type":"totp""#)
      }
    ),
    ("an unknown member", { $0.replacingOccurrences(of: #""note":"#, with: #""colour":"red","note":"#) }),
    ("a repeated member", { $0.replacingOccurrences(of: #""note":"#, with: #""issuer":"Other","note":"#) }),
    ("an escaped member name", { $0.replacingOccurrences(of: #""note":"#, with: #""no\u0074e":"#) }),
    ("an escaped secret", { $0.replacingOccurrences(of: #""secret":"J"#, with: #""secret":"\u004a"#) }),
    ("a lowercase secret with spaces", { $0.replacingOccurrences(of: #""secret":"JBSWY3DP"#, with: #""secret":"jbsw y3dp"#) }),
    ("whitespace everywhere", { $0.replacingOccurrences(of: ",", with: " ,\n\t").replacingOccurrences(of: ":", with: " : ") }),
    ("digits with an exponent", { $0.replacingOccurrences(of: #""digits":6"#, with: #""digits":6e0"#) }),
    ("digits out of range", { $0.replacingOccurrences(of: #""digits":6"#, with: #""digits":99"#) }),
    ("a negative zero", { $0.replacingOccurrences(of: #""created":"#, with: #""created":-0,"x":"#) }),
    ("a huge number", { $0.replacingOccurrences(of: #""modified":"#, with: #""modified":99999999999999999999,"y":"#) }),
    (
      "an uppercase id",
      {
        $0.replacingOccurrences(of: #""id":"6"#, with: #""id":"6"#).uppercased().replacingOccurrences(
          of: #""ACCOUNTS""#, with: #""accounts""#
        ).replacingOccurrences(of: #""TOMBSTONES""#, with: #""tombstones""#)
      }
    ),
    ("an id with a plus sign", { $0.replacingOccurrences(of: #""id":"#, with: #""id":"+"#) }),
    ("an unknown type", { $0.replacingOccurrences(of: #""type":"totp""#, with: #""type":"motp""#) }),
    ("a counter with a sign", { $0.replacingOccurrences(of: #""counter":"0""#, with: #""counter":"+0""#) }),
    ("an entry that is not an object", { $0.replacingOccurrences(of: #"{"accounts":["#, with: #"{"accounts":[42,"#) }),
    ("an empty object entry", { $0.replacingOccurrences(of: #"{"accounts":["#, with: #"{"accounts":[{},"#) }),
    (
      "a boundary pattern nested in an entry",
      { $0.replacingOccurrences(of: #""extra":[]"#, with: #""extra":[],"nested":[{"a":1},{"id":"x"}]"#) }
    ),
    (
      "tombstones first",
      { text in
        guard let range = text.range(of: #","tombstones":"#) else { return text }
        let tombstones = String(text[range.upperBound...].dropLast())
        let accounts = String(text[text.index(text.startIndex, offsetBy: 12)..<range.lowerBound])
        return #"{"tombstones":"# + tombstones + #","accounts":"# + accounts + "}"
      }
    ),
    ("a third list", { String($0.dropLast()) + #","later":[]}"# }),
    ("a malformed tombstone", { $0.replacingOccurrences(of: #""deleted":"#, with: #""deleted":"x","z":"#) }),
    ("trailing text", { $0 + "x" }),
    (
      "deep nesting in an entry",
      {
        $0.replacingOccurrences(
          of: #""extra":[]"#, with: #""extra":[],"deep":"# + String(repeating: "[", count: 61) + String(repeating: "]", count: 61)
        )
      }
    ),
    (
      "too deep nesting in an entry",
      {
        $0.replacingOccurrences(
          of: #""extra":[]"#, with: #""extra":[],"deep":"# + String(repeating: "[", count: 62) + String(repeating: "]", count: 62)
        )
      }
    ),
    ("a control character in a name", { $0.replacingOccurrences(of: #""name":"user"#, with: "\"name\":\"\u{1}user") }),
    ("invalid UTF-8 marker text", { $0.replacingOccurrences(of: #""note":""#, with: #""note":"\ud800"#) }),
  ]

  @Test("payloads in other shapes give what the JSON tree gives", arguments: variants.indices)
  func otherShapes(_ index: Int) throws {
    let (name, change) = Self.variants[index]
    var record = try sampleRecord(0)
    record.account.secret = try Base32.decode("JBSWY3DPEHPK3PXP")
    record.account.kind = .totp
    record.account.digits = 6
    record.account.counter = 0
    record.account.extraParameters = []
    let original = String(
      decoding: try payload([try sampleRecord(1), record, try sampleRecord(2)], tombstones: [Self.tombstone]), as: UTF8.self)
    let changed = change(original)
    #expect(changed != original, "the variant \(name) changed nothing")
    let agree = VaultFile.payloadDecodersAgree(Array(changed.utf8))
    #expect(agree, "\(name)")
  }

  @Test("every one-byte change of a small payload gives what the JSON tree gives")
  func everyByteChanged() throws {
    let bytes = try payload([try sampleRecord(3), try sampleRecord(4)], tombstones: [Self.tombstone])
    let replacements: [UInt8] = [0x22, 0x2C, 0x5C, 0x7B, 0x7D, 0x30, 0x20, 0x41, 0x80]
    var checked = 0
    for index in bytes.indices {
      for replacement in replacements where bytes[index] != replacement {
        var changed = bytes
        changed[index] = replacement
        let agree = VaultFile.payloadDecodersAgree(changed)
        #expect(agree, "byte \(index) set to \(replacement)")
        checked += 1
      }
      var shorter = bytes
      shorter.remove(at: index)
      let agree = VaultFile.payloadDecodersAgree(shorter)
      #expect(agree, "byte \(index) removed")
    }
    #expect(checked > 1000)
  }

  @Test("a large account list is read in parts at entry boundaries, giving the same accounts in order")
  func parallelParts() throws {
    let records = try (0..<2_000).map(sampleRecord)
    let bytes = try payload(records, tombstones: [Self.tombstone])
    #expect(bytes.count > 512 << 10)
    // The parts really are used: split in four, the list is read in four parts.
    guard let (parts, _) = VaultPayload.readEntriesInParallel(bytes, from: 13, split: .always(4, concurrently: true)) else {
      Issue.record("the list was not split")
      return
    }
    #expect(parts.count == 4)
    #expect(parts.allSatisfy { $0.records.count > 300 })
    let split = try VaultPayload.decodeDirectly(bytes, split: .always(4, concurrently: true))
    #expect(split.records.count == 2_000)
    #expect(zip(split.records, records).allSatisfy { $0.isIdentical(to: $1) })
    #expect(split.tombstones == [Self.tombstone])

    // Where the boundary text also sits inside entries, a split there is detected and the list
    // is read in order instead: the result is still the JSON tree's.
    let nested = String(decoding: bytes, as: UTF8.self).replacingOccurrences(
      of: #""extra":["#, with: #""nested":[{"a":1},{"id":"x"}],"extra":["#)
    for parts in 2...5 {
      let split = VaultPayload.Split.always(parts, concurrently: true)
      let direct = Result { () throws(VaultError) in
        do { return try VaultPayload.decodeDirectly(Array(nested.utf8), split: split) } catch {
          return try VaultPayload.decodeWithTree(Array(nested.utf8))
        }
      }
      let tree = Result { () throws(VaultError) in try VaultPayload.decodeWithTree(Array(nested.utf8)) }
      #expect(VaultPayload.same(direct, tree), "\(parts) parts")
      #expect((try? tree.get())?.records.count == 2_000)
    }
  }

  @Test("canonical UUID text is parsed as Foundation parses it, and other forms are left to Foundation")
  func uuidText() {
    for _ in 0..<200 {
      let id = UUID()
      for text in [id.uuidString, id.uuidString.lowercased()] {
        let bytes = Array(text.utf8)
        #expect(UUID(canonicalText: bytes, in: bytes.indices) == id)
      }
      #expect(id.lowercasedText == id.uuidString.lowercased())
    }
    for text in [
      "", "6c3d7c2e52c44f0b9a431f2f0f4b7a10", "6c3d7c2e-52c4-4f0b-9a43-1f2f0f4b7a1g", "+c3d7c2e-52c4-4f0b-9a43-1f2f0f4b7a10",
      "6c3d7c2e-52c4-4f0b-9a43_1f2f0f4b7a10", "6c3d7c2e-52c4-4f0b-9a43-1f2f0f4b7a100",
    ] {
      let bytes = Array(text.utf8)
      #expect(UUID(canonicalText: bytes, in: bytes.indices) == nil, "\(text)")
    }
  }
}
