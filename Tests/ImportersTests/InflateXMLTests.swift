import Foundation
import Inflate
import TestSupport
import Testing
import XMLTree

@Suite("zlib and expat, fenced: gzip streams from gzip(1), XML with its limits")
struct InflateXMLTests {
  @Test("a stream gzip(1) wrote inflates; cut short or with a byte changed it is damaged; past the limit it stops")
  func gzip() throws {
    let text = String(repeating: "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n", count: 5000)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("plain", text)
    #expect(shell("gzip -9 '\(folder.file("plain"))'").status == 0)
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder.file("plain.gz"))))
    #expect(try Gzip.inflate(bytes, limit: 1 << 20) == Array(text.utf8))
    #expect(throws: InflateError.tooLarge(limit: 100_000)) { try Gzip.inflate(bytes, limit: 100_000) }
    for damaged in [Array(bytes.prefix(bytes.count - 4)), Array(bytes.prefix(20)), bytes + [0], []] {
      #expect {
        try Gzip.inflate(damaged, limit: 1 << 20)
      } throws: { error in
        guard case InflateError.damaged = error else { return false }
        return true
      }
    }
    var flipped = bytes
    flipped[flipped.count - 6] ^= 0xFF  // the CRC-32
    #expect(throws: (any Error).self) { try Gzip.inflate(flipped, limit: 1 << 20) }
  }

  @Test("entities are replaced, a DOCTYPE (and so any entity of the document's own) is refused, depth and count are bounded")
  func xml() throws {
    let root = try XMLDocument.parse(
      Array("<map><string name=\"a&amp;b\">x &lt; &#x1F9A6;</string><int value=\"1\"/></map>".utf8))
    #expect(root.name == "map")
    #expect(root.child("string")?.attribute("name") == "a&b")
    #expect(root.child("string")?.text == "x < 🦦")
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><m>&b;</m>"
    #expect(throws: XMLError.documentType) { try XMLDocument.parse(Array(laughs.utf8)) }
    let deep = String(repeating: "<a>", count: 70) + String(repeating: "</a>", count: 70)
    #expect(throws: (any Error).self) { try XMLDocument.parse(Array(deep.utf8)) }
    let many = "<m>" + String(repeating: "<e/>", count: 11) + "</m>"
    #expect(throws: (any Error).self) { try XMLDocument.parse(Array(many.utf8), limits: XMLLimits(depth: 64, elements: 10)) }
    #expect(throws: (any Error).self) { try XMLDocument.parse(Array("<m><a></m>".utf8)) }
  }
}
