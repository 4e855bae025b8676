import CryptoPrimitives
import Foundation
import JSONCodec
import OTPCore
import Testing

@testable import Vault

@Suite("The direct payload writer")
struct PayloadWriterTests {
  @Test("writes exactly what the JSON tree serializes: escapes, Unicode, tags, extras, unusable entries, tombstones")
  func sameAsTree() throws {
    var contents = VaultContents()
    for index in 0..<40 { contents.records.append(try sampleRecord(index)) }
    let hostile = try OTPAccount(
      kind: .totp, issuer: "Evil\u{1b}[2J \"quoted\" \\ back\u{0}slash", name: "名前 😀 \u{202E}x\n\t",
      secret: try SecretBytes.random(count: 33),
      extraParameters: [URIParameter(name: "image", value: "https://x/\"y\""), URIParameter(name: "é", value: "")])
    contents.records.append(
      VaultRecord(
        account: hostile, note: "line 1\nline 2 \u{7f}", tags: ["a", "\"b\""], favourite: true, created: 1, modified: 2))
    contents.unusable = [
      UnusableRecord(json: try JSON.parse(Array(#"{"id":"x","type":"motp","pin":"1\"2"}"#.utf8)), reason: "r", id: "x")
    ]
    contents.tombstones = [Tombstone(id: UUID(), deleted: 5), Tombstone(id: UUID(), deleted: 6)]
    let direct = try VaultPayload.encode(contents).copiedBytes()
    #expect(direct == VaultPayload.tree(contents).serialized())
    #expect(try VaultPayload.decode(direct).records.count == 41)
    #expect(try VaultPayload.encode(VaultContents()).copiedBytes() == Array(#"{"accounts":[],"tombstones":[]}"#.utf8))
  }

  @Test("a buffer that grows moves its text and zeroes what it left")
  func growth() {
    var writer = SecretTextWriter(reserving: 4)
    writer.append("abcd")
    writer.reserve(1000)
    writer.append("efgh")
    #expect(writer.finish().copiedBytes() == Array("abcdefgh".utf8))
  }
}
