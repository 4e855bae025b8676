import CryptoPrimitives
import Foundation
import OTPCore
import TestSupport
import Testing

/// mOTP and Yandex Key: codes made with a PIN as well as the secret.
@Suite("mOTP and Yandex codes")
struct PINKindsTests {
  func account(_ kind: OTPKind, _ secret: [UInt8], pin: String?, digits: Int? = nil) throws -> OTPAccount {
    try OTPAccount(
      kind: kind, issuer: "I", name: "n", secret: SecretBytes(secret), digits: digits,
      pin: pin.map { SecretBytes(Array($0.utf8)) })
  }

  func hex(_ text: String) throws -> [UInt8] { try #require(Hex.decode(text)) }

  @Test("mOTP matches the published vectors (as Aegis's test suite lists them): 10 s steps, rounded down")
  func motpVectors() throws {
    for (time, pin, secret, code) in [
      (Int64(165_892_298), "1234", "e3152afee62599c8", "e7d8b6"), (123_456_789, "1234", "e3152afee62599c8", "4ebfb2"),
      (1_659_540_020, "9999", "bbb1912bb5c515be", "ced7b1"), (1_659_540_022, "9999", "bbb1912bb5c515be", "ced7b1"),
      (1_659_539_870, "9999", "bbb1912bb5c515be", "1a14f8"), (1_659_539_878, "9999", "bbb1912bb5c515be", "1a14f8"),
    ] {
      let motp = try account(.motp, try hex(secret), pin: pin)
      #expect(motp.period == 10)
      #expect(try OTPGenerator(account: motp).code(at: time) == code)
    }
  }

  @Test("Yandex matches the published vectors; 26-byte secrets are checked by their checksum and cut to 16")
  func yandexVectors() throws {
    for (pin, secret, time, code) in [
      ("5239", "6SB2IKNM6OBZPAVBVTOHDKS4FAAAAAAADFUTQMBTRY", Int64(1_641_559_648), "umozdicq"),
      ("7586", "LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI", 1_581_064_020, "oactmacq"),
      ("7586", "LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI", 1_581_090_810, "wemdwrix"),
      ("5210481216086702", "JBGSAU4G7IEZG6OY4UAXX62JU4AAAAAAHTSG4HXU3M", 1_581_091_469, "dfrpywob"),
      ("5210481216086702", "JBGSAU4G7IEZG6OY4UAXX62JU4AAAAAAHTSG4HXU3M", 1_581_093_059, "vunyprpd"),
    ] {
      let full = try Base32.decode(secret).copiedBytes()
      #expect(full.count == 26)
      let yandex = try account(.yandex, full, pin: pin)
      #expect(yandex.secret.count == 16 && yandex.digits == 8 && yandex.algorithm == .sha256)
      #expect(try OTPGenerator(account: yandex).code(at: time) == code)
      // The 16-byte form (as a QR code carries it) gives the same codes.
      #expect(try OTPGenerator(account: try account(.yandex, Array(full.prefix(16)), pin: pin)).code(at: time) == code)
      var damaged = full
      damaged[3] ^= 0x10
      #expect(throws: OTPError.yandexChecksum) { try account(.yandex, damaged, pin: pin) }
    }
    #expect(throws: OTPError.yandexSecretLength(20)) { try account(.yandex, [UInt8](repeating: 7, count: 20), pin: "1234") }
  }

  @Test("against the independent Python reference at 200 random times and secrets")
  func differential() throws {
    var random = SplitMix64(state: 0x5EED_0016)
    var lines: [String] = []
    var mine: [String] = []
    for index in 0..<200 {
      let kind: OTPKind = index % 2 == 0 ? .motp : .yandex
      let secret = (0..<(kind == .yandex ? 16 : 8 + Int(random.next() % 24))).map { _ in UInt8(truncatingIfNeeded: random.next())
      }
      let pin = String((0..<(4 + Int(random.next() % 13))).map { _ in Character(String(random.next() % 10)) })
      let time = Int64(random.next() % 4_000_000_000)
      let digits = kind == .yandex ? 8 : 6 + Int(random.next() % 3)
      let made = try account(kind, secret, pin: pin, digits: digits)
      lines.append("\(kind.rawValue) SHA256 \(digits) \(made.period) \(Base32.encode(made.secret)) \(time) \(pin)")
      mine.append(try OTPGenerator(account: made).code(at: time))
    }
    let script = packageRoot.appendingPathComponent("Tests/Reference/otp_reference.py").path
    let result = try runProgram("/usr/bin/python3", [script], input: lines.joined(separator: "\n") + "\n")
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.split(separator: "\n").map(String.init) == mine)
  }

  @Test("a PIN is 4 to 16 digits; an otpauth URI never carries one, so a parsed account waits for it")
  func pins() throws {
    for bad in ["123", "12345678901234567", "12a4", "１２３４"] {
      #expect(throws: OTPError.invalidPIN) { try account(.motp, [1, 2, 3, 4, 5, 6, 7, 8], pin: bad) }
    }
    let parsed = try OTPAuthURI.parse("otpauth://yandex/Yandex:alice?secret=6SB2IKNM6OBZPAVBVTOHDKS4FAAAAAAADFUTQMBTRY").account
    #expect(parsed.kind == .yandex && parsed.pin == nil && !parsed.hasPINIfNeeded && parsed.secret.count == 16)
    let motp = try OTPAuthURI.parse("otpauth://motp/Bank:bob?secret=4MKSV7XGEWM4Q").account
    #expect(motp.kind == .motp && motp.period == 10 && !motp.hasPINIfNeeded)
    let uri = OTPAuthURI.format(motp)
    #expect(uri.hasPrefix("otpauth://motp/Bank:bob?secret=4MKSV7XGEWM4Q") && !uri.contains("pin"))
    // A PIN given to a kind without one is not kept.
    #expect(try account(.totp, [1, 2, 3], pin: "1234").pin == nil)
  }
}
