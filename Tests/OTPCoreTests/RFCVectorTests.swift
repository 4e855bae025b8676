import CryptoPrimitives
import OTPCore
import Testing

@Suite("RFC test vectors")
struct RFCVectorTests {
  static let sha1Key = SecretBytes(Array("12345678901234567890".utf8))
  static let sha256Key = SecretBytes(Array("12345678901234567890123456789012".utf8))
  static let sha512Key = SecretBytes(
    Array("1234567890123456789012345678901234567890123456789012345678901234".utf8))

  @Test("HOTP matches RFC 4226 Appendix D")
  func hotp() throws {
    let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
    let account = try OTPAccount(kind: .hotp, name: "rfc", secret: Self.sha1Key)
    let generator = try OTPGenerator(account: account)
    for (counter, code) in expected.enumerated() {
      #expect(generator.code(counter: UInt64(counter)) == code)
    }
  }

  static let times: [Int64] = [59, 1_111_111_109, 1_111_111_111, 1_234_567_890, 2_000_000_000, 20_000_000_000]

  @Test(
    "TOTP matches RFC 6238 Appendix B",
    arguments: [
      (DigestAlgorithm.sha1, ["94287082", "07081804", "14050471", "89005924", "69279037", "65353130"]),
      (.sha256, ["46119246", "68084774", "67062674", "91819424", "90698825", "77737706"]),
      (.sha512, ["90693936", "25091201", "99943326", "93441116", "38618901", "47863826"]),
    ])
  func totp(algorithm: DigestAlgorithm, expected: [String]) throws {
    let key =
      switch algorithm {
      case .sha1: Self.sha1Key
      case .sha256: Self.sha256Key
      case .sha512: Self.sha512Key
      }
    let account = try OTPAccount(kind: .totp, name: "rfc", secret: key, algorithm: algorithm, digits: 8)
    let generator = try OTPGenerator(account: account)
    for (time, code) in zip(Self.times, expected) {
      #expect(try generator.code(at: time) == code, "time \(time)")
    }
  }

  @Test("a time before 1970 is refused with a clear error")
  func beforeEpoch() throws {
    let generator = try OTPGenerator(account: OTPAccount(kind: .totp, name: "a", secret: Self.sha1Key))
    #expect(throws: OTPError.timeBeforeEpoch(-1)) { try generator.code(at: -1) }
  }

  @Test("times past 2038 and near the end of Int64 work")
  func farFuture() throws {
    #expect(try TimeStep.counter(at: 4_102_444_800, period: 30) == 136_748_160)
    #expect(try TimeStep.counter(at: Int64.max, period: 1) == UInt64(Int64.max))
    let generator = try OTPGenerator(account: OTPAccount(kind: .totp, name: "a", secret: Self.sha1Key, period: 1))
    #expect(try generator.code(at: Int64.max).count == 6)
  }

  @Test("remaining seconds count down to the period boundary")
  func remaining() {
    #expect(TimeStep.remaining(at: 0, period: 30) == 30)
    #expect(TimeStep.remaining(at: 29, period: 30) == 1)
    #expect(TimeStep.remaining(at: 30, period: 30) == 30)
    #expect(TimeStep.remaining(at: 59, period: 60) == 1)
  }

  @Test("ten-digit codes are zero-padded and keep the whole 31-bit value")
  func tenDigits() throws {
    let account = try OTPAccount(kind: .hotp, name: "a", secret: Self.sha1Key, digits: 10)
    // RFC 4226 Appendix D lists the truncated decimal values: counter 0 → 1284755224.
    #expect(try OTPGenerator(account: account).code(counter: 0) == "1284755224")
    #expect(try OTPGenerator(account: account).code(counter: 2) == "0137359152")
  }

  @Test("settings out of range are refused")
  func ranges() {
    #expect(throws: OTPError.digitsOutOfRange(5, allowed: 6...10)) {
      try OTPAccount(kind: .totp, name: "a", secret: Self.sha1Key, digits: 5)
    }
    #expect(throws: OTPError.periodOutOfRange(0)) { try OTPAccount(kind: .totp, name: "a", secret: Self.sha1Key, period: 0) }
    #expect(throws: OTPError.periodOutOfRange(86_401)) {
      try OTPAccount(kind: .totp, name: "a", secret: Self.sha1Key, period: 86_401)
    }
    #expect(throws: OTPError.emptySecret) { try OTPAccount(kind: .totp, name: "a", secret: SecretBytes([])) }
  }
}
