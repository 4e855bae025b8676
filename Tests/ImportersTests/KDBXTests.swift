import CryptoPrimitives
import Foundation
import OTPCore
import TestSupport
import Testing

@_spi(Fuzzing) @testable import Importers

/// A KeePass database written by Tests/Reference/kdbx_reference.py: pykeepass builds it and,
/// with `resave`, KeePassXC's own `keepassxc-cli` writes it again.
func kdbxReference(_ options: [String], accounts: [[String: Any]] = fixtureAccounts, password: String = "correct horse")
  throws -> [UInt8]
{
  let folder = try TemporaryFolder()
  defer { folder.remove() }
  let out = folder.file("database.kdbx")
  let input = String(
    decoding: try JSONSerialization.data(withJSONObject: ["password": password, "accounts": accounts]), as: UTF8.self)
  let result = try runProgram(
    "/usr/bin/python3", [packageRoot.appendingPathComponent("Tests/Reference/kdbx_reference.py").path, out] + options,
    input: input)
  #expect(result.status == 0, "\(result.error)")
  return Array(try Data(contentsOf: URL(fileURLWithPath: out)))
}

@Suite("KeePass KDBX 4 databases, written by pykeepass and by KeePassXC itself")
struct KDBXTests {
  let password = SecretBytes(Array("correct horse".utf8))

  /// The accounts each way of keeping a one-time password can hold: KeePassXC's otpauth URI
  /// holds every kind; its legacy settings no algorithm; KeeOtp's no HOTP; KeePass's own
  /// HOTP fields neither digit count nor algorithm (six digits, SHA-1).
  static func expected(_ form: String) -> [[String: Any]] {
    switch form {
    case "legacy": fixtureAccounts.filter { $0["algorithm"] as? String == "SHA1" }
    case "keeotp": fixtureAccounts.filter { $0["kind"] as? String == "totp" }
    case "keepass":
      fixtureAccounts.compactMap { account in
        var account = account
        if account["kind"] as? String == "hotp" {
          account["digits"] = 6
          account["algorithm"] = "SHA1"
        }
        return account["kind"] as? String == "steam" ? nil : account
      }
    default: fixtureAccounts
    }
  }

  @Test(
    "every cipher, key derivation, compression and way of keeping the code imports every account; a wrong password is wrongPassword",
    arguments: [
      [], ["cipher=chacha20", "kdf=argon2id", "compression=none"], ["kdf=aeskdf", "otp=legacy"], ["otp=keeotp"],
      ["otp=keepass", "cipher=chacha20"], ["history", "recyclebin"], ["resave"], ["resave", "cipher=chacha20", "otp=legacy"],
      ["resave", "kdf=aeskdf", "compression=none", "history"],
    ])
  func variants(options: [String]) throws {
    let form = options.first { $0.hasPrefix("otp=") }.map { String($0.dropFirst(4)) } ?? "uri"
    let expected = Self.expected(form)
    let bytes = try kdbxReference(options, accounts: expected)
    #expect(FormatDetector.detect(bytes) == .kdbx)
    #expect(Importer.isEncrypted(bytes, format: .kdbx))
    try checkFixture(try Importer.read(bytes, format: .kdbx, password: password), expected: expected)
    #expect(throws: ImportError.wrongPassword) {
      try Importer.read(bytes, format: .kdbx, password: SecretBytes(Array("not it".utf8)))
    }
    #expect(throws: ImportError.passwordRequired) { try Importer.read(bytes, format: .kdbx) }
  }

  @Test("a damaged database is malformed, never a wrong password; KDBX 3 and absurd costs are refused with what to do")
  func damaged() throws {
    let bytes = try kdbxReference([], accounts: [fixtureAccounts[0]])
    func malformed(_ bytes: [UInt8], _ text: String? = nil) {
      #expect {
        try Importer.read(bytes, format: .kdbx, password: password)
      } throws: { error in
        guard case ImportError.malformed(let message) = error else { return false }
        return text.map { message.contains($0) } ?? true
      }
    }
    // Cut anywhere: in the header, in the blocks, before the last block.
    for cut in [10, 100, bytes.count / 2, bytes.count - 1] { malformed(Array(bytes.prefix(cut))) }
    // One byte of the payload changed: its block's HMAC says so.
    var altered = bytes
    altered[altered.count - 60] ^= 1
    malformed(altered, "HMAC")
    // One byte of the header changed: its checksum says so.
    altered = bytes
    altered[20] ^= 1
    malformed(altered, "checksum")
    // KDBX 3.1's version.
    altered = bytes
    altered[10] = 3
    malformed(altered, "KDBX 4")
    // 64 GiB of Argon2: refused before any derivation.
    let costly = try kdbxReference(["memory=68719476736"], accounts: [fixtureAccounts[0]])
    let started = Date()
    #expect {
      try Importer.read(costly, format: .kdbx, password: password)
    } throws: { error in
      guard case ImportError.overBudget = error else { return false }
      return true
    }
    #expect(Date().timeIntervalSince(started) < 2)
  }

  @Test("the fuzz harness's seed opens with its stand-in derivation, so fuzzing reaches the blocks and the XML")
  func fuzzSeed() throws {
    let bytes = try kdbxReference(["fuzzkey", "cipher=chacha20"], accounts: [fixtureAccounts[0]], password: "fuzz")
    let items = try KDBXImporter.read(bytes, password: SecretBytes(Array("fuzz".utf8))) {
      (composite: SecretBytes) throws(ImportError) in
      do { return try Digest.sha256(composite) } catch { throw .malformed("\(error)") }
    }
    #expect(accounts(items).map(\.account.issuer) == ["Deno"])
  }
}
