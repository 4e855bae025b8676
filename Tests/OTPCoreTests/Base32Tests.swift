import CryptoPrimitives
import OTPCore
import PropertyBased
import Testing

@Suite("Base32")
struct Base32Tests {
  @Test(
    "encodes the RFC 4648 §10 vectors, uppercase and unpadded",
    arguments: [
      ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
      ("foobar", "MZXW6YTBOI"),
    ])
  func vectors(plain: String, encoded: String) throws {
    #expect(Base32.encode(SecretBytes(Array(plain.utf8))) == encoded)
    let decoded = try Base32.decode(encoded)
    #expect(decoded.constantTimeEquals(SecretBytes(Array(plain.utf8))))
  }

  @Test(
    "decodes leniently: any case, spaces, hyphens, optional padding",
    arguments: ["MZXW6YTBOI", "mzxw6ytboi", "MZXW 6YTB OI", "mzxw-6ytb-oi", "MZXW6YTBOI======", " MzXw6YtBoI "])
  func lenient(text: String) throws {
    #expect(try Base32.decode(text).constantTimeEquals(SecretBytes(Array("foobar".utf8))))
    // The same from bytes (the vault decoder's way, with no String), from inside a larger buffer.
    let buffer = Array("xx\(text)yy".utf8)
    #expect(try Base32.decode(utf8: buffer[2..<(buffer.count - 2)]).constantTimeEquals(SecretBytes(Array("foobar".utf8))))
  }

  @Test(
    "names the bad character and its position",
    arguments: [
      ("JBSWY3DP1", Base32Error.invalidCharacter("1", position: 9)),
      ("JB!SWY3DP", .invalidCharacter("!", position: 3)),
      ("MZ=XW", .invalidCharacter("X", position: 4)),
      ("MZXWé", .invalidCharacter("é", position: 5)),
      ("MZX", .invalidLength(symbols: 3)),
      ("A", .invalidLength(symbols: 1)),
    ])
  func errors(text: String, error: Base32Error) {
    #expect(throws: error) { try Base32.decode(text) }
    #expect(throws: error) { try Base32.decode(utf8: Array(text.utf8)[...]) }
  }

  @Test("the message for a bad character reads like the style guide's example")
  func message() {
    #expect(
      "\(Base32Error.invalidCharacter("1", position: 7))"
        == "secret is not valid base32 (character '1' at position 7; base32 uses A-Z and 2-7)")
  }

  @Test("decode(encode(bytes)) gives the bytes back")
  func roundTrip() async {
    await propertyCheck(count: 500, input: Gen.uint8().array(of: 0...80)) { bytes in
      let secret = SecretBytes(bytes)
      let text = Base32.encode(secret)
      #expect(!text.contains("="))
      #expect(text == text.uppercased())
      let decoded = try? Base32.decode(text)
      #expect(decoded?.constantTimeEquals(secret) == true)
    }
  }
}
