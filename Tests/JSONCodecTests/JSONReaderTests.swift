import JSONCodec
import Testing

@Suite("JSON pull reader")
struct JSONReaderTests {
  func reader(_ text: String) -> JSONReader { JSONReader(bytes: Array(text.utf8)) }

  @Test(
    "readInt64 reads whole numbers that fit, and nothing else",
    arguments: [
      ("0", Int64(0)), ("-0", 0), (" 42", 42), ("9223372036854775807", .max), ("-9223372036854775808", .min),
    ] as [(String, Int64)])
  func integers(text: String, value: Int64) {
    var reader = reader(text)
    let read = reader.readInt64()
    #expect(read == value)
    #expect(reader.isAtEnd)
  }

  @Test(
    "readInt64 refuses fractions, exponents, overflow and what JSON does not allow",
    arguments: ["1.0", "1e3", "9223372036854775808", "-9223372036854775809", "+1", "-", "01x", "\"1\"", "", "true"])
  func notIntegers(text: String) {
    var reader = reader(text)
    // "01x" reads as 0 (JSON allows no leading zero), leaving "1x"; every other case gives nil.
    let value = reader.readInt64()
    #expect(text == "01x" ? value == 0 && !reader.isAtEnd : value == nil, "\(text)")
  }

  @Test("readPlainString gives the bytes of a printable ASCII string, nil for escapes, controls or non-ASCII")
  func plainStrings() {
    var plain = reader(#"  "id-1 x""#)
    let range = plain.readPlainString()
    #expect(range.map { String(decoding: plain.bytes[$0], as: UTF8.self) } == "id-1 x")
    #expect(plain.isAtEnd)
    for text in [#""a\"b""#, "\"a\u{1}b\"", #""é""#, #""unterminated"#, "42"] {
      var reader = reader(text)
      let read = reader.readPlainString()
      #expect(read == nil, "\(text)")
    }
  }

  @Test("readString, readBool, consume and readValue read what comes next, after whitespace")
  func others() throws {
    var reader = reader(#" { "k" : "a\n\u00e9" , "t": true, "f":false, "v": [1, {"x": null}] } "#)
    var steps: [Bool] = []
    steps.append(reader.consume(UInt8(ascii: "{")))
    steps.append(reader.consume(Array(#""k""#.utf8)))
    steps.append(reader.consume(UInt8(ascii: ":")))
    steps.append(try reader.readString() == "a\né")
    steps.append(!reader.consume(UInt8(ascii: ":")))  // nothing is consumed when the byte is not there
    steps.append(reader.consume(UInt8(ascii: ",")))
    steps.append(!reader.consume(Array(#""f""#.utf8)))
    let name = reader.readPlainString()
    steps.append(name.map { String(decoding: reader.bytes[$0], as: UTF8.self) } == "t")
    steps.append(reader.consume(UInt8(ascii: ":")))
    steps.append(reader.readBool() == true)
    steps.append(reader.consume(UInt8(ascii: ",")))
    steps.append(reader.consume(Array(#""f":"#.utf8)))
    steps.append(reader.readBool() == false)
    steps.append(reader.consume(UInt8(ascii: ",")))
    steps.append(reader.readPlainString() != nil)
    steps.append(reader.consume(UInt8(ascii: ":")))
    steps.append(try reader.readValue() == .array([.number("1"), .object([("x", .null)])]))
    steps.append(reader.consume(UInt8(ascii: "}")))
    reader.skipWhitespace()
    steps.append(reader.isAtEnd)
    #expect(steps == Array(repeating: true, count: steps.count), "the first false step is \(steps.firstIndex(of: false) ?? -1)")
  }

  @Test("readValue applies the nesting limit at the depth it is given, as JSON.parse would to the whole text")
  func depth() {
    let nested = String(repeating: "[", count: 63) + String(repeating: "]", count: 63)
    var shallow = reader(nested)
    let read = try? shallow.readValue(depth: 0)
    #expect(read != nil)
    var deep = reader(nested)
    var refused = false
    do { _ = try deep.readValue(depth: 2) } catch { refused = true }
    #expect(refused)
    #expect(throws: JSONError.self) { try JSON.parse(Array(("[[" + nested + "]]").utf8)) }
  }
}
