import CryptoPrimitives
import Foundation
import OTPCore
import TestSupport
import Testing

@Suite("Differential checks against independent implementations")
struct DifferentialTests {
  struct Case {
    var kind: OTPKind
    var algorithm: DigestAlgorithm
    var digits: Int
    var period: Int
    var secret: SecretBytes
    var value: UInt64

    var line: String {
      "\(kind.rawValue) \(algorithm.rawValue) \(digits) \(period) \(Base32.encode(secret)) \(value)"
    }

    func code() throws -> String {
      let account = try OTPAccount(
        kind: kind, name: "diff", secret: secret, algorithm: algorithm, digits: digits, period: period)
      let generator = try OTPGenerator(account: account)
      return kind == .hotp ? generator.code(counter: value) : try generator.code(at: Int64(value))
    }
  }

  static func cases(count: Int, seed: UInt64, kinds: [OTPKind], digits: ClosedRange<Int>) -> [Case] {
    var random = SplitMix64(state: seed)
    return (0..<count).map { _ in
      let kind = kinds[Int.random(in: 0..<kinds.count, using: &random)]
      let algorithm = kind == .steam ? DigestAlgorithm.sha1 : DigestAlgorithm.allCases[Int.random(in: 0..<3, using: &random)]
      let bytes = (0..<Int.random(in: 10...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
      let periods = [1, 15, 30, 30, 30, 60, 90, 3600, 86_400, Int.random(in: 1...86_400, using: &random)]
      // Times from 1970 to past 2038 and up to the year 9999.
      let time =
        Bool.random(using: &random)
        ? UInt64.random(in: 0...4_102_444_800, using: &random) : UInt64.random(in: 0...253_402_300_799, using: &random)
      return Case(
        kind: kind, algorithm: algorithm, digits: kind == .steam ? 5 : Int.random(in: digits, using: &random),
        period: periods[Int.random(in: 0..<periods.count, using: &random)], secret: SecretBytes(bytes),
        value: kind == .hotp ? UInt64.random(in: 0...UInt64(Int64.max), using: &random) : time)
    }
  }

  @Test("2,000 random TOTP, HOTP and Steam cases agree with pyotp (and Python's hmac for Steam)")
  func againstPyotp() throws {
    let cases = Self.cases(count: 2000, seed: 0x0770_7E12, kinds: [.totp, .totp, .hotp, .steam], digits: 6...10)
    let script = packageRoot.appendingPathComponent("Tests/Reference/otp_reference.py").path
    let result = try runProgram("/usr/bin/python3", [script], input: cases.map(\.line).joined(separator: "\n") + "\n")
    #expect(result.status == 0, "the reference failed (is python3-pyotp installed?): \(result.error)")
    let expected = result.output.split(separator: "\n").map(String.init)
    try #require(expected.count == cases.count)
    var mismatches = 0
    for (testCase, reference) in zip(cases, expected) where try testCase.code() != reference {
      mismatches += 1
      if mismatches <= 5 { Issue.record("mismatch for \(testCase.line): reference \(reference)") }
    }
    #expect(mismatches == 0)
  }

  @Test("300 random TOTP and HOTP cases agree with oathtool")
  func againstOathtool() throws {
    let cases = Self.cases(count: 300, seed: 0x0A7_4700, kinds: [.totp, .hotp], digits: 6...8)
    var mismatches = 0
    for testCase in cases {
      let hex = (0..<testCase.secret.count).map { String(format: "%02x", testCase.secret[$0]) }.joined()
      let mode = testCase.kind == .totp ? "--totp=\(testCase.algorithm.rawValue.lowercased())" : "--hotp"
      var arguments = [mode, "--digits=\(testCase.digits)"]
      if testCase.kind == .totp {
        arguments += ["--time-step-size=\(testCase.period)s", "--now=@\(testCase.value)"]
      } else {
        arguments += ["--counter=\(testCase.value)"]
      }
      // oathtool's HOTP is SHA-1 only.
      if testCase.kind == .hotp && testCase.algorithm != .sha1 { continue }
      let result = try runProgram("/usr/bin/oathtool", arguments + [hex])
      #expect(result.status == 0, "oathtool failed: \(result.error)")
      let reference = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
      if try testCase.code() != reference {
        mismatches += 1
        if mismatches <= 5 { Issue.record("mismatch for \(testCase.line): oathtool \(reference)") }
      }
    }
    #expect(mismatches == 0)
  }
}
