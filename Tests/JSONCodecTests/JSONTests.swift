import Foundation
import JSONCodec
import PropertyBased
import Testing

@Suite("JSON reader and writer")
struct JSONTests {
  @Test("reads objects in order, numbers as written, escapes and surrogate pairs")
  func reads() throws {
    let value = try JSON.parse(Array(#" {"b": [1, -2.5e3, true, null], "a": "x\"\\\/\n\u00e9\ud83d\ude00"} "#.utf8))
    #expect(
      value
        == .object([
          ("b", .array([.number("1"), .number("-2.5e3"), .bool(true), .null])), ("a", .string("x\"\\/\né😀")),
        ]))
    #expect(value["a"]?.stringValue == "x\"\\/\né😀")
    #expect(value["b"]?.arrayValue?.first?.int64Value == 1)
  }

  @Test(
    "refuses malformed JSON with the byte where it went wrong",
    arguments: [
      ("", 0), ("{", 1), ("[1,]", 3), ("{\"a\" 1}", 5), ("01", 1), ("1.", 2), ("\"a\u{01}\"", 2), ("\"abc", 4),
      ("tru", 0), ("[1] x", 4), ("\"\\ud800\"", 7), ("\"\\q\"", 3), ("{\"a\":1,}", 7), ("-", 1),
    ])
  func refuses(text: String, offset: Int) {
    do {
      _ = try JSON.parse(Array(text.utf8))
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.offset == offset, "\(text): \(error)")
    }
  }

  @Test("refuses invalid UTF-8 and nesting deeper than 64 levels")
  func limits() {
    #expect(throws: JSONError.self) { try JSON.parse([0x22, 0xC3, 0x28, 0x22]) }
    #expect(throws: JSONError.self) {
      try JSON.parse(Array((String(repeating: "[", count: 65) + String(repeating: "]", count: 65)).utf8))
    }
    #expect(throws: Never.self) {
      try JSON.parse(Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8))
    }
  }

  @Test("writes controls escaped and, when asked, any scalar the caller names")
  func writes() {
    let value = JSON.object([("k", .string("a\u{1b}[2J\u{202e}\n\"😀"))])
    #expect(value.text() == #"{"k":"a\u001b[2J"# + "\u{202e}" + #"\n\"😀"}"#)
    #expect(value.text(escaping: { $0 == "\u{202e}" || $0.value > 0xFFFF }) == #"{"k":"a\u001b[2J\u202e\n\"\ud83d\ude00"}"#)
  }

  static let scalars: [Character] = Array("aZ09 \"\\/\n\t\u{01}\u{1f}\u{7f}é中😀\u{202e}")
  static let text = Gen<Character?>.element(of: scalars).map { $0 ?? "a" }.array(of: 0...12).map { String($0) }

  @Test("write then read gives back the same value, and Foundation reads our output the same way")
  func roundTrip() async {
    await propertyCheck(count: 300, input: Self.text, Self.text, Gen.int64(), Gen.bool) { key, value, number, flag in
      let tree = JSON.object([
        (key, .array([.string(value), .integer(number), .bool(flag), .null])), ("nested", .object([("x", .string(key))])),
      ])
      let bytes = tree.serialized()
      #expect((try? JSON.parse(bytes)) == tree)
      let foundation = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
      let array = foundation?[key] as? [Any]
      #expect(array?.first as? String == value)
    }
  }
}
