import CryptoPrimitives
import Foundation
import Testing

@Suite("HMAC with precomputed pads")
struct HMACTests {
  static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

  @Test("matches RFC 4231 test case 2 for SHA-256 and SHA-512")
  func rfc4231() throws {
    let key = SecretBytes(Array("Jefe".utf8))
    let message = Array("what do ya want for nothing?".utf8)
    let sha256 = try HMACKey(algorithm: .sha256, key: key).authenticationCode(for: message)
    let sha512 = try HMACKey(algorithm: .sha512, key: key).authenticationCode(for: message)
    #expect(Self.hex(sha256.bytes) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    #expect(
      Self.hex(sha512.bytes)
        == "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
    )
  }

  @Test("matches RFC 2202 test case 2 for SHA-1")
  func rfc2202() throws {
    let mac = try HMACKey(algorithm: .sha1, key: SecretBytes(Array("Jefe".utf8)))
      .authenticationCode(for: Array("what do ya want for nothing?".utf8))
    #expect(Self.hex(mac.bytes) == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
  }

  @Test(
    "agrees with OpenSSL's one-shot HMAC for every key and message length that matters",
    arguments: DigestAlgorithm.allCases)
  func agreesWithOneShot(algorithm: DigestAlgorithm) throws {
    // Keys shorter than, equal to and longer than a block; messages on both sides of the
    // single-block fast path, including the 8-byte HOTP counter.
    for keyLength in [1, 10, 20, 63, 64, 65, 127, 128, 129, 200] {
      let key = try SecretBytes.random(count: keyLength)
      let hmac = try HMACKey(algorithm: algorithm, key: key)
      for messageLength in [0, 1, 8, 8, 47, 55, 56, 64, 111, 112, 128, 300] {
        let message = try randomBytes(count: messageLength)
        let expected = try referenceHMAC(algorithm: algorithm, key: key, message: message)
        #expect(hmac.authenticationCode(for: message).bytes == expected, "key \(keyLength) message \(messageLength)")
      }
      for counter: UInt64 in [0, 1, 0xFFFF_FFFF, UInt64.max] {
        var big = counter.bigEndian
        let message = withUnsafeBytes(of: &big) { Array($0) }
        let expected = try referenceHMAC(algorithm: algorithm, key: key, message: message)
        #expect(hmac.authenticationCode(forCounter: counter).bytes == expected)
      }
    }
  }
}

@Suite("SecretBytes")
struct SecretBytesTests {
  @Test("never shows its bytes in a description")
  func redacted() {
    let secret = SecretBytes(Array("hunter2".utf8))
    #expect(!"\(secret)".contains("hunter2"))
    #expect("\(secret)".contains("redacted"))
  }

  @Test("compares by content")
  func equality() {
    #expect(SecretBytes([1, 2, 3]).constantTimeEquals(SecretBytes([1, 2, 3])))
    #expect(!SecretBytes([1, 2, 3]).constantTimeEquals(SecretBytes([1, 2, 4])))
    #expect(!SecretBytes([1, 2, 3]).constantTimeEquals(SecretBytes([1, 2])))
  }

  @Test("random secrets differ")
  func random() throws {
    let a = try SecretBytes.random(count: 32)
    let b = try SecretBytes.random(count: 32)
    #expect(!a.constantTimeEquals(b))
  }
}
