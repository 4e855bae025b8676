import CryptoPrimitives
import Foundation
import Testing

func secret(_ text: String) -> SecretBytes { SecretBytes(Array(text.utf8)) }

@Suite("The key derivations and ciphers of other apps' exports")
struct ImportCryptoTests {
  @Test("PBKDF2-HMAC-SHA1 matches RFC 6070; SHA-256 RFC 7914 §11; SHA-512 Python's hashlib")
  func pbkdf2() throws {
    let sha1 = try PBKDF2.deriveKey(
      password: secret("password"), salt: Array("salt".utf8), iterations: 4096, digest: .sha1, length: 20)
    #expect(hex(bytes(sha1)) == "4b007901b765489abead49d926f721d065a429c1")
    let one = try PBKDF2.deriveKey(
      password: secret("password"), salt: Array("salt".utf8), iterations: 1, digest: .sha1, length: 20)
    #expect(hex(bytes(one)) == "0c60c80f961f0e71f3a9b524af6012062fe037a6")
    let sha256 = try PBKDF2.deriveKey(
      password: secret("passwd"), salt: Array("salt".utf8), iterations: 1, digest: .sha256, length: 64)
    #expect(
      hex(bytes(sha256))
        == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
    )
    let sha512 = try PBKDF2.deriveKey(
      password: secret("password"), salt: Array("salt".utf8), iterations: 2, digest: .sha512, length: 64)
    #expect(
      hex(bytes(sha512))
        == "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53cf76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e"
    )
    #expect(throws: CryptoError.self) {
      try PBKDF2.deriveKey(password: secret("x"), salt: [1], iterations: 0, digest: .sha1)
    }
    #expect(throws: CryptoError.self) {
      try PBKDF2.deriveKey(password: secret("x"), salt: [1], iterations: PBKDF2.maximumIterations + 1, digest: .sha1)
    }
  }

  @Test("SHA-256 matches FIPS 180-2's abc")
  func sha256() throws {
    #expect(hex(bytes(try Digest.sha256(secret("abc")))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test("Argon2id matches the reference implementation's vector, and libsodium's for one lane")
  func argon2id() throws {
    // The Argon2 reference test vector for Argon2id v1.3: t=2, m=2^16 KiB, p=1.
    let reference = try Argon2id.deriveKey(
      password: secret("password"), salt: Array("somesalt".utf8), passes: 2, memoryKiB: 1 << 16, lanes: 1)
    #expect(hex(bytes(reference)) == "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7")
    // One lane and a 16-byte salt go through libsodium (crypto_pwhash): the value PyNaCl gives.
    let sodium = try Argon2id.deriveKey(
      password: secret("password"), salt: Array("somesaltsomesalt".utf8), passes: 2, memoryKiB: 1 << 16, lanes: 1)
    #expect(hex(bytes(sodium)) == "fc33b78139231d34b71626bd6245c1d72efa190ad605c3d8166a72adcedfa2c2")
    // Four lanes, as Authenticator Pro derives (argon2-cffi).
    let lanes = try Argon2id.deriveKey(
      password: secret("password"), salt: Array("somesaltsomesalt".utf8), passes: 3, memoryKiB: 1 << 16, lanes: 4)
    #expect(hex(bytes(lanes)) == "81db97a7e67a891784a2599bc879f957cb3512d273984bd97d8a18fc59ff01e2")
    #expect(throws: CryptoError.self) {
      try Argon2id.deriveKey(password: secret("x"), salt: Array("short".utf8), passes: 1, memoryKiB: 64, lanes: 1)
    }
  }

  @Test("XChaCha20-Poly1305 secretstream: a sealed message opens, any change or another key does not")
  func secretStream() throws {
    let key = try SecretBytes.random(count: XChaCha20SecretStream.keySize)
    let (header, ciphertext) = try XChaCha20SecretStream.sealSingleMessage(secret("otpauth://totp/A:b?secret=JBSWY3DP"), key: key)
    #expect(header.count == 24)
    let opened = try XChaCha20SecretStream.openSingleMessage(ciphertext, header: header, key: key)
    #expect(String(decoding: bytes(opened), as: UTF8.self) == "otpauth://totp/A:b?secret=JBSWY3DP")
    for index in [0, ciphertext.count / 2, ciphertext.count - 1] {
      var damaged = ciphertext
      damaged[index] ^= 1
      #expect(throws: CryptoError.authenticationFailed) {
        try XChaCha20SecretStream.openSingleMessage(damaged, header: header, key: key)
      }
    }
    var otherHeader = header
    otherHeader[3] ^= 1
    #expect(throws: CryptoError.authenticationFailed) {
      try XChaCha20SecretStream.openSingleMessage(ciphertext, header: otherHeader, key: key)
    }
    #expect(throws: CryptoError.authenticationFailed) {
      try XChaCha20SecretStream.openSingleMessage(ciphertext, header: header, key: try SecretBytes.random(count: 32))
    }
  }

  @Test("AES-256-CBC decrypts NIST SP 800-38A F.2.5 and refuses bad padding")
  func aesCBC() throws {
    let key = SecretBytes(fromHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"))
    let iv = fromHex("000102030405060708090a0b0c0d0e0f")
    // The first block of F.2.5, then a block of PKCS#7 padding sealed the same way (OpenSSL).
    let ciphertext = fromHex("f58c4c04d6e5f1ba779eabfb5f7bfbd6485a5c81519cf378fa36d42b8547edc0")
    let plaintext = try AESCBC.decrypt(ciphertext[...], key: key, iv: iv)
    #expect(hex(bytes(plaintext)) == "6bc1bee22e409f96e93d7e117393172a")
    #expect(throws: CryptoError.authenticationFailed) {
      try AESCBC.decrypt(ciphertext[...], key: SecretBytes(fromHex(String(repeating: "00", count: 32))), iv: iv)
    }
    #expect(throws: CryptoError.authenticationFailed) { try AESCBC.decrypt(ciphertext.prefix(20), key: key, iv: iv) }
  }
}
