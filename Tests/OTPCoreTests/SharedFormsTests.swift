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
    #expect(OTPKind(name: "motp") == nil)
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
