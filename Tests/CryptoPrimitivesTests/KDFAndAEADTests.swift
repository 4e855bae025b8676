import CryptoPrimitives
import Foundation
import Testing

func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
func bytes(_ secret: SecretBytes) -> [UInt8] { (0..<secret.count).map { secret[$0] } }
func fromHex(_ text: String) -> [UInt8] {
  var result: [UInt8] = []
  var index = text.startIndex
  while index < text.endIndex {
    let next = text.index(index, offsetBy: 2)
    result.append(UInt8(text[index..<next], radix: 16) ?? 0)
    index = next
  }
  return result
}

@Suite("scrypt")
struct ScryptTests {
  @Test("matches RFC 7914 §12 (pleaseletmein, SodiumChloride, N=16384, r=8, p=1)")
  func rfc7914() throws {
    let key = try Scrypt.deriveKey(
      password: SecretBytes(Array("pleaseletmein".utf8)), salt: Array("SodiumChloride".utf8),
      parameters: ScryptParameters(logN: 14, r: 8, p: 1), length: 64)
    #expect(
      hex(bytes(key))
        == "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"
    )
  }

  @Test("refuses costs below N = 2^14 and absurd ones from a hostile header")
  func bounds() {
    for parameters in [
      ScryptParameters(logN: 13, r: 8, p: 1), ScryptParameters(logN: 40, r: 8, p: 1), ScryptParameters(logN: 15, r: 0, p: 1),
      ScryptParameters(logN: 15, r: 8, p: 99),
    ] {
      #expect(throws: CryptoError.self) {
        try Scrypt.deriveKey(password: SecretBytes([1]), salt: [1], parameters: parameters)
      }
    }
  }
}

@Suite("AES-256-GCM")
struct AESGCMTests {
  @Test("matches the GCM specification's test cases 13 and 14 (AES-256, zero key and nonce)")
  func vectors() throws {
    let key = SecretBytes(count: 32)
    let nonce = [UInt8](repeating: 0, count: 12)
    let empty = try AESGCM.seal(SecretBytes([]), key: key, nonce: nonce, aad: [])
    #expect(hex(empty.tag) == "530f8afbc74536b9a963b4f1c4cb738b")
    let block = try AESGCM.seal(SecretBytes(count: 16), key: key, nonce: nonce, aad: [])
    #expect(hex(block.ciphertext) == "cea7403d4d606b6e074ec5d3baf39d18")
    #expect(hex(block.tag) == "d0d1c8a799996bf0265b98b5d48ab919")
  }

  @Test("opens what it sealed, and refuses any altered byte, wrong key, nonce or header")
  func roundTripAndTamper() throws {
    let key = try SecretBytes.random(count: 32)
    let nonce = try randomBytes(count: 12)
    let aad = Array("header".utf8)
    let message = SecretBytes(Array("the accounts".utf8))
    let sealed = try AESGCM.seal(message, key: key, nonce: nonce, aad: aad)
    #expect(try AESGCM.open(sealed, key: key, nonce: nonce, aad: aad).constantTimeEquals(message))
    for index in 0..<sealed.ciphertext.count {
      var altered = sealed
      altered.ciphertext[index] ^= 1
      #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(altered, key: key, nonce: nonce, aad: aad) }
    }
    for index in 0..<16 {
      var altered = sealed
      altered.tag[index] ^= 0x80
      #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(altered, key: key, nonce: nonce, aad: aad) }
    }
    #expect(throws: CryptoError.authenticationFailed) {
      try AESGCM.open(sealed, key: try SecretBytes.random(count: 32), nonce: nonce, aad: aad)
    }
    #expect(throws: CryptoError.authenticationFailed) {
      try AESGCM.open(sealed, key: key, nonce: try randomBytes(count: 12), aad: aad)
    }
    #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(sealed, key: key, nonce: nonce, aad: [1]) }
  }

  @Test("openBytes decrypts from a slice of a larger buffer into an array, and refuses any altered byte")
  func openBytesFromSlice() throws {
    let key = try SecretBytes.random(count: 32)
    let nonce = try randomBytes(count: 12)
    let aad = Array("header".utf8)
    let message = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
    let sealed = try AESGCM.seal(SecretBytes(message), key: key, nonce: nonce, aad: aad)
    // The ciphertext inside a file, with bytes before and after it, as the vault reader sees it.
    let file = Array("prefix".utf8) + sealed.ciphertext + Array("tag follows".utf8)
    let slice = file[6..<(6 + sealed.ciphertext.count)]
    #expect(try AESGCM.openBytes(ciphertext: slice, tag: sealed.tag, key: key, nonce: nonce, aad: aad) == message)
    for index in [slice.startIndex, slice.startIndex + 50_000, slice.endIndex - 1] {
      var altered = file
      altered[index] ^= 1
      #expect(throws: CryptoError.authenticationFailed) {
        try AESGCM.openBytes(ciphertext: altered[slice.indices], tag: sealed.tag, key: key, nonce: nonce, aad: aad)
      }
    }
    #expect(throws: CryptoError.authenticationFailed) {
      try AESGCM.openBytes(ciphertext: slice, tag: sealed.tag, key: key, nonce: nonce, aad: [])
    }
  }
}
