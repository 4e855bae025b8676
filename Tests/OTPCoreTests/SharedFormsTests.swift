import CryptoPrimitives
import Testing

@testable import OTPCore

@Suite("Labels, display order, names and hex")
struct SharedFormsTests {
  @Test("a label is 'Issuer: name', or the name alone; shown sanitized")
  func labels() throws {
    #expect(AccountLabel.text(issuer: "GitHub", name: "ada") == "GitHub: ada")
    #expect(AccountLabel.text(issuer: "", name: "ada") == "ada")
    let hostile = try OTPAccount(kind: .totp, issuer: "Evil\u{1b}[2J", name: "x", secret: SecretBytes([1]))
    #expect(AccountLabel.shown(hostile) == "Evil\u{FFFD}[2J: x")
  }

  @Test("display order: favourites first, then issuer and name ignoring case, ties in stored order")
  func order() {
    let keys = [
      DisplayOrderKey(issuer: "bank", name: "b", favourite: false),
      DisplayOrderKey(issuer: "Zeta", name: "z", favourite: true),
      DisplayOrderKey(issuer: "Bank", name: "a", favourite: false),
      DisplayOrderKey(issuer: "bank", name: "B", favourite: false),
      DisplayOrderKey(issuer: "", name: "solo", favourite: false),
    ]
    #expect(DisplayOrderKey.order(keys) == [1, 4, 2, 0, 3])
  }

  @Test("kind and algorithm names in the spellings exporters use", arguments: ["totp", "TOTP", "Totp"])
  func kinds(name: String) {
    #expect(OTPKind(name: name) == .totp)
  }

  @Test("algorithm names with and without a dash, any case")
  func algorithms() {
    #expect(DigestAlgorithm(name: "sha-256") == .sha256)
    #expect(DigestAlgorithm(name: "SHA512") == .sha512)
    #expect(DigestAlgorithm(name: "Sha1") == .sha1)
    #expect(DigestAlgorithm(name: "MD5") == nil)
    #expect(OTPKind(name: "MOTP") == .motp && OTPKind(name: "Yandex") == .yandex)
    #expect(OTPKind(name: "xotp") == nil)
  }

  @Test("hex both ways; odd lengths and non-digits are refused")
  func hex() {
    #expect(Hex.encode([0x00, 0x9f, 0xff]) == "009fff")
    #expect(Hex.decode("009FfF") == [0x00, 0x9f, 0xff])
    #expect(Hex.decode("abc") == nil)
    #expect(Hex.decode("+f") == nil)
    #expect(Hex.decode("zz") == nil)
    #expect(Hex.decode("") == [])
  }
}

@Suite("Base64")
struct Base64Tests {
  @Test(
    "RFC 4648 test vectors both ways",
    arguments: [
      ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
      ("foobar", "Zm9vYmFy"),
    ])
  func vectors(plain: String, encoded: String) {
    #expect(Base64.encode(Array(plain.utf8)) == encoded)
    #expect(Base64.decode(encoded) == Array(plain.utf8))
  }

  @Test("canonical decoding refuses set padding bits, wrong lengths and foreign characters")
  func strict() {
    #expect(Base64.decode("Zh==") == nil)  // "Zg==" with a low bit set
    #expect(Base64.decode("Zh==", canonical: false) == Array("f".utf8))
    #expect(Base64.decode("Zm9") == nil)
    #expect(Base64.decode("Zm 9v") == nil)
    #expect(Base64.decode("Z===") == nil)
    #expect(Base64.decode("Zg=A") == nil)
    for length in 0..<40 {
      let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
      #expect(Base64.decode(Base64.encode(bytes)) == bytes)
    }
  }
}
