import CryptoPrimitives
import OTPCore
import PropertyBased
import Testing

@Suite("otpauth URIs")
struct URITests {
  static let secret = "JBSWY3DPEHPK3PXP"

  @Test("parses Google's example with defaults")
  func googleExample() throws {
    let parsed = try OTPAuthURI.parse(
      "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example")
    let account = parsed.account
    #expect(account.kind == .totp)
    #expect(account.issuer == "Example")
    #expect(account.name == "alice@google.com")
    #expect(account.algorithm == .sha1)
    #expect(account.digits == 6)
    #expect(account.period == 30)
    #expect(Base32.encode(account.secret) == Self.secret)
    #expect(parsed.warnings.isEmpty)
  }

  @Test("reads every parameter and the percent-encoded label with spaces after the colon")
  func fullExample() throws {
    let account = try OTPAuthURI.parse(
      "OTPAUTH://TOTP/ACME%20Co%3A%20%20john.doe%40email.com?secret=jbswy3dpehpk3pxp&issuer=ACME+Co&algorithm=sha256&digits=8&period=60"
    ).account
    #expect(account.issuer == "ACME Co")
    #expect(account.name == "john.doe@email.com")
    #expect(account.algorithm == .sha256)
    #expect(account.digits == 8)
    #expect(account.period == 60)
  }

  @Test("leading spaces of a label without a prefix are dropped as after a colon, so the URI Otter writes reads the same")
  func leadingSpaces() throws {
    // Found by the uri fuzz harness (fuzz/regressions/uri/leading-space-name).
    let parsed = try OTPAuthURI.parse("otpauth://totp/%20b?secret=JBSWY6DP&issuer=x").account
    #expect(parsed.name == "b")
    let again = try OTPAuthURI.parse(OTPAuthURI.format(parsed)).account
    #expect(again.isIdentical(to: parsed))
  }

  @Test("the issuer parameter wins over the label, with a warning")
  func issuerMismatch() throws {
    let parsed = try OTPAuthURI.parse("otpauth://totp/Old:bob?secret=\(Self.secret)&issuer=New")
    #expect(parsed.account.issuer == "New")
    #expect(parsed.warnings == [.issuerMismatch(label: "Old", parameter: "New")])
  }

  @Test("the label's issuer is used when there is no parameter")
  func labelIssuer() throws {
    #expect(try OTPAuthURI.parse("otpauth://totp/Old:bob?secret=\(Self.secret)").account.issuer == "Old")
    #expect(try OTPAuthURI.parse("otpauth://totp/bob?secret=\(Self.secret)").account.issuer == "")
  }

  @Test("HOTP needs a counter and keeps it")
  func hotp() throws {
    let account = try OTPAuthURI.parse("otpauth://hotp/x?secret=\(Self.secret)&counter=18446744073709551615").account
    #expect(account.kind == .hotp)
    #expect(account.counter == UInt64.max)
  }

  @Test(
    "Steam is read from type steam and from encoder=steam",
    arguments: [
      "otpauth://steam/Steam:me?secret=\(secret)",
      "otpauth://totp/Steam:me?secret=\(secret)&encoder=steam",
    ])
  func steam(uri: String) throws {
    let account = try OTPAuthURI.parse(uri).account
    #expect(account.kind == .steam)
    #expect(account.digits == 5)
  }

  @Test("unknown parameters are kept and written back")
  func extras() throws {
    let account = try OTPAuthURI.parse("otpauth://totp/a?secret=\(Self.secret)&image=https%3A%2F%2Fx.test%2Fi.png&foo=b%20r")
      .account
    #expect(
      account.extraParameters == [
        URIParameter(name: "image", value: "https://x.test/i.png"), URIParameter(name: "foo", value: "b r"),
      ])
    let again = try OTPAuthURI.parse(OTPAuthURI.format(account)).account
    #expect(again.isIdentical(to: account))
  }

  static let malformed: [(String, URIError)] = [
    ("", .empty),
    (String(repeating: "a", count: 8193), .tooLong(length: 8193, limit: 8192)),
    ("http://totp/a?secret=\(secret)", .wrongScheme(found: "http")),
    ("otpauth:/totp/a?secret=\(secret)", .wrongScheme(found: "otpauth")),
    ("otpauth-migration://offline?data=abc", .wrongScheme(found: "otpauth-migration")),
    ("totp/a?secret=\(secret)", .wrongScheme(found: "")),
    (secret, .bareSecret),
    ("JBSW Y3DP-EHPK 3PXP", .bareSecret),
    ("JBSWY3DP", .wrongScheme(found: "")),
    ("otpauth:///a?secret=\(secret)", .missingType),
    ("otpauth://?secret=\(secret)", .missingType),
    ("otpauth://notp/a?secret=\(secret)", .unknownType("notp")),
    ("otpauth://totpx/a?secret=\(secret)", .unknownType("totpx")),
    ("otpauth://totp/?secret=\(secret)", .missingLabel),
    ("otpauth://totp?secret=\(secret)", .missingLabel),
    ("otpauth://totp/a%2?secret=\(secret)", .badPercentEscape(part: "label", position: 17)),
    ("otpauth://totp/a%zz?secret=\(secret)", .badPercentEscape(part: "label", position: 17)),
    ("otpauth://totp/a%?secret=\(secret)", .badPercentEscape(part: "label", position: 17)),
    ("otpauth://totp/%C3%28?secret=\(secret)", .invalidUTF8(part: "label")),
    ("otpauth://totp/i%FF:a?secret=\(secret)", .invalidUTF8(part: "label issuer")),
    ("otpauth://totp/i:a%FF?secret=\(secret)", .invalidUTF8(part: "label account name")),
    ("otpauth://totp/a?secret=\(secret)&issuer=%G1", .badPercentEscape(part: "value of issuer", position: 49)),
    ("otpauth://totp/a?secret=\(secret)&issuer=%FE", .invalidUTF8(part: "value of issuer")),
    ("otpauth://totp/a?secret", .malformedParameter(index: 1)),
    ("otpauth://totp/a?secret=\(secret)&digits", .malformedParameter(index: 2)),
    ("otpauth://totp/a?secret=\(secret)&secret=\(secret)", .duplicateParameter("secret")),
    ("otpauth://totp/a?secret=\(secret)&DIGITS=6&digits=6", .duplicateParameter("digits")),
    ("otpauth://totp/a", .missingSecret),
    ("otpauth://totp/a?issuer=x", .missingSecret),
    ("otpauth://totp/a?secret=", .missingSecret),
    ("otpauth://totp/a?secret=====", .missingSecret),
    ("otpauth://totp/a?secret=JBSWY3DP1", .invalidSecret(.invalidCharacter("1", position: 9))),
    ("otpauth://totp/a?secret=JBS!WY3DP", .invalidSecret(.invalidCharacter("!", position: 4))),
    ("otpauth://totp/a?secret=JBS", .invalidSecret(.invalidLength(symbols: 3))),
    ("otpauth://totp/a?secret=\(secret)&algorithm=MD5", .unknownAlgorithm("MD5")),
    ("otpauth://totp/a?secret=\(secret)&algorithm=", .unknownAlgorithm("")),
    ("otpauth://totp/a?secret=\(secret)&digits=six", .invalidDigits("six")),
    ("otpauth://totp/a?secret=\(secret)&digits=-6", .invalidDigits("-6")),
    ("otpauth://totp/a?secret=\(secret)&digits=", .invalidDigits("")),
    ("otpauth://totp/a?secret=\(secret)&digits=99999999999", .invalidDigits("99999999999")),
    ("otpauth://totp/a?secret=\(secret)&digits=5", .invalidAccount(.digitsOutOfRange(5, allowed: 6...10))),
    ("otpauth://totp/a?secret=\(secret)&digits=11", .invalidAccount(.digitsOutOfRange(11, allowed: 6...10))),
    ("otpauth://steam/a?secret=\(secret)&digits=6", .invalidAccount(.digitsOutOfRange(6, allowed: 5...5))),
    ("otpauth://totp/a?secret=\(secret)&period=0", .invalidAccount(.periodOutOfRange(0))),
    ("otpauth://totp/a?secret=\(secret)&period=86401", .invalidAccount(.periodOutOfRange(86401))),
    ("otpauth://totp/a?secret=\(secret)&period=30s", .invalidPeriod("30s")),
    ("otpauth://totp/a?secret=\(secret)&period=+30", .invalidPeriod(" 30")),
    ("otpauth://hotp/a?secret=\(secret)", .missingCounter),
    ("otpauth://hotp/a?secret=\(secret)&counter=-1", .invalidCounter("-1")),
    ("otpauth://hotp/a?secret=\(secret)&counter=18446744073709551616", .invalidCounter("18446744073709551616")),
    ("otpauth://hotp/a?secret=\(secret)&counter=0x10", .invalidCounter("0x10")),
    ("otpauth://totp/a?secret=\(secret)&encoder=yandex", .unknownEncoder("yandex")),
    ("otpauth://totp/a?secret=\(String(repeating: "A", count: 416))", .invalidAccount(.secretTooLong(bytes: 260))),
  ]

  @Test("rejects malformed URIs with the error that names the wrong part", arguments: malformed)
  func rejects(uri: String, error: URIError) {
    #expect(throws: error) { try OTPAuthURI.parse(uri) }
  }

  @Test("the table of malformed URIs has at least 40 cases")
  func tableSize() { #expect(Self.malformed.count >= 40) }

  @Test("a colon followed by a combining mark still keeps the issuer out of the label (fuzzer find)")
  func combiningColon() throws {
    let account = try OTPAccount(kind: .totp, issuer: "a:\u{653}b", name: "c", secret: SecretBytes([1, 2, 3, 4, 5]))
    let again = try OTPAuthURI.parse(OTPAuthURI.format(account)).account
    #expect(again.isIdentical(to: account))
    let named = try OTPAccount(kind: .totp, issuer: "", name: "x:\u{301}y", secret: SecretBytes([1, 2, 3, 4, 5]))
    #expect(try OTPAuthURI.parse(OTPAuthURI.format(named)).account.isIdentical(to: named))
  }

  @Test("error messages never contain the secret")
  func noSecretInErrors() {
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    for uri in [
      "otpauth://totp/a?secret=\(secret)&digits=5", "otpauth://hotp/a?secret=\(secret)",
      "otpauth://totp/a?\(secret)", "otpauth://totp/a?secret=\(secret)&algorithm=MD5", secret, "totp/a?secret=\(secret)",
    ] {
      do {
        _ = try OTPAuthURI.parse(uri)
        Issue.record("accepted \(uri)")
      } catch {
        #expect(!"\(error)".contains(secret))
        #expect(!"\(error)".contains("GEZDGNBV"))
      }
    }
  }

  /// Characters that stress the encoder: reserved URI characters, Unicode, controls.
  static let pool: [Character] = Array("aZ09 :@/?#&=+%-._~!$'()*,;[]\\\"é中😀\u{1b}\u{202e}\n\t")

  static let labelText = Gen<Character?>.element(of: pool).map { $0 ?? "a" }.array(of: 0...16).map { String($0) }

  @Test("format then parse gives back every field of random accounts")
  func roundTrip() async {
    await propertyCheck(
      count: 300, input: Self.labelText, Self.labelText, Gen.uint8().array(of: 1...64), Gen<OTPKind>.case,
      Gen<DigestAlgorithm>.case, Gen.int(in: 6...10), Gen.int(in: 1...86_400), Gen.uint64()
    ) { issuer, rawName, bytes, kind, algorithm, digits, period, counter in
      // Spaces right after the label's colon separate issuer and name, so a name cannot begin
      // with one (documented); every other character must survive.
      let name = rawName.first == " " || rawName.isEmpty ? "n" + rawName : rawName
      guard
        let account = try? OTPAccount(
          kind: kind, issuer: issuer, name: name,
          secret: SecretBytes(kind == .yandex ? Array((bytes + [UInt8](repeating: 7, count: 16)).prefix(16)) : bytes),
          algorithm: algorithm, digits: kind == .steam ? 5 : kind == .yandex ? 8 : digits, period: period,
          counter: kind == .hotp ? counter : 0,
          extraParameters: [URIParameter(name: "x-\(issuer.count)", value: rawName)])
      else {
        Issue.record("could not build an account")
        return
      }
      let uri = OTPAuthURI.format(account)
      do {
        let parsed = try OTPAuthURI.parse(uri)
        #expect(parsed.account.isIdentical(to: account), "\(uri)")
        #expect(parsed.warnings.isEmpty, "\(uri)")
      } catch {
        Issue.record("\(uri) did not parse: \(error)")
      }
    }
  }
}
