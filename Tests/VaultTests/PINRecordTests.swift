import CryptoPrimitives
import Foundation
import JSONCodec
import OTPCore
import Testing

@_spi(Fuzzing) @testable import Vault

@Suite("mOTP and Yandex records in the vault payload")
struct PINRecordTests {
  func record(_ kind: OTPKind, pin: String) throws -> VaultRecord {
    let account = try OTPAccount(
      kind: kind, issuer: "Bank", name: "\(kind.rawValue)@example.com", secret: try SecretBytes.random(count: 16),
      pin: SecretBytes(Array(pin.utf8)))
    return VaultRecord(account: account, note: "n", created: 1_700_000_000)
  }

  @Test("a PIN is written after the extras (before the version) and read back by both decoders, equal field by field")
  func roundTrip() throws {
    let records = [try record(.motp, pin: "1234"), try sampleRecord(0), try record(.yandex, pin: "5210481216086702")]
    let bytes = try payload(records)
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text.contains(#""extra":[],"pin":"1234","version":[]}"#))
    #expect(text.components(separatedBy: #""pin":"#).count == 3)  // none for the TOTP record
    let direct = try VaultPayload.decodeDirectly(bytes, split: .never)
    let tree = try VaultPayload.decodeWithTree(bytes)
    for decoded in [direct, tree] {
      #expect(decoded.unusable.isEmpty)
      #expect(zip(decoded.records, records).allSatisfy { $0.isIdentical(to: $1) })
      #expect(decoded.records.first?.account.pin?.copiedBytes() == Array("1234".utf8))
    }
    #expect(VaultFile.payloadDecodersAgree(bytes))
  }

  @Test("a PIN on a kind without one, a missing or malformed PIN: the entry is kept unusable, with the reason")
  func badPINs() throws {
    let good = String(decoding: try payload([try record(.motp, pin: "1234")]), as: UTF8.self)
    let totp = String(decoding: try payload([try sampleRecord(0)]), as: UTF8.self)
    for (text, reason) in [
      (good.replacingOccurrences(of: #","pin":"1234""#, with: ""), "the motp account has no PIN"),
      (good.replacingOccurrences(of: #""pin":"1234""#, with: #""pin":"12a4""#), "the PIN must be 4 to 16 digits"),
      (good.replacingOccurrences(of: #""pin":"1234""#, with: #""pin":1234"#), "invalid pin"),
      (totp.replacingOccurrences(of: #""x0"]],"#, with: #""x0"]],"pin":"1234","#), "invalid pin"),
    ] {
      let bytes = Array(text.utf8)
      let contents = try VaultPayload.decode(bytes)
      #expect(contents.records.isEmpty)
      #expect(contents.unusable.first?.reason == reason, "\(contents.unusable.first?.reason ?? "none")")
      #expect(VaultFile.payloadDecodersAgree(bytes))
    }
  }

  @Test("two copies that differ only in the PIN, saved in the same second, merge to the same PIN either way")
  func mergeByPIN() throws {
    let first = try record(.yandex, pin: "1111")
    var second = first
    second.account.pin = SecretBytes(Array("2222".utf8))
    var a = VaultContents()
    a.records = [first]
    var b = VaultContents()
    b.records = [second]
    let ab = VaultContents.merged(a, b)
    let ba = VaultContents.merged(b, a)
    #expect(ab.records.count == 1 && ba.records.count == 1)
    #expect(ab.records.first?.account.pin?.copiedBytes() == ba.records.first?.account.pin?.copiedBytes())
    #expect(ab.records.first?.account.pin?.copiedBytes() == Array("2222".utf8))
  }
}
