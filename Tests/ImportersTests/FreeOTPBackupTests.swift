import CryptoPrimitives
import Foundation
import JSONCodec
import OTPCore
import TestSupport
import Testing

@testable import Importers

/// A FreeOTP 2 backup written by Tests/Reference/FreeOTPBackup.java: Java's own
/// ObjectOutputStream, Gson and JCE, as the app uses them (Debian's OpenJDK and libgoogle-gson-java).
func freeOTPBackup(_ options: [String], password: String = "correct horse", accounts: [[String: Any]] = fixtureAccounts)
  throws -> [UInt8]
{
  let folder = try TemporaryFolder()
  defer { folder.remove() }
  let out = folder.file("externalBackup.xml")
  let input = String(
    decoding: try JSONSerialization.data(withJSONObject: ["password": password, "accounts": accounts]), as: UTF8.self)
  let result = try runProgram(
    freeOTPBackupWriter[0], Array(freeOTPBackupWriter.dropFirst()) + [out] + options, input: input)
  #expect(result.status == 0, "\(result.error)")
  return Array(try Data(contentsOf: URL(fileURLWithPath: out)))
}

/// `items` in the order of `fixtureAccounts`: a HashMap's order is its hash order.
func inFixtureOrder(_ items: [ImportItem]) -> [ImportItem] {
  let order = fixtureAccounts.map { $0["issuer"] as? String ?? "" }
  func rank(_ item: ImportItem) -> Int {
    guard case .success(let account) = item.result else { return -1 }
    return order.firstIndex(of: account.account.issuer) ?? order.count
  }
  return items.sorted { rank($0) < rank($1) }
}

@Suite("FreeOTP 2's encrypted backup, written by Java itself")
struct FreeOTPBackupTests {
  let password = SecretBytes(Array("correct horse".utf8))

  /// Each variant as FreeOTP's sources show it: the Backup menu's serialized HashMap
  /// (TokenPersistence.copyBackupToExternal); the same map as the phone keeps it
  /// (shared_prefs/tokenBackup.xml); MasterKey's PBKDF2withHmacSHA1 fallback; tokens whose
  /// algorithm, digits and period are null (Token(Uri) without those parameters: Gson leaves
  /// them out); labels renamed in FreeOTP 1.5 or older (issuerAlt, labelAlt); and a
  /// LinkedHashMap, whose class description has a superclass.
  @Test(
    "every variant imports every account, field and code; a wrong password is wrongPassword",
    arguments: [[], ["--prefs"], ["--sha1"], ["--sparse"], ["--alt"], ["--linked"], ["--prefs", "--sparse", "--sha1"]])
  func variants(options: [String]) throws {
    let bytes = try freeOTPBackup(options)
    #expect(FormatDetector.detect(bytes) == .freeotp)
    #expect(Importer.isEncrypted(bytes, format: .freeotp))
    try checkFixture(inFixtureOrder(try Importer.read(bytes, format: .freeotp, password: password)))
    #expect(throws: ImportError.wrongPassword) {
      try Importer.read(bytes, format: .freeotp, password: SecretBytes(Array("not it".utf8)))
    }
    #expect(throws: ImportError.passwordRequired) { try Importer.read(bytes, format: .freeotp) }
  }

  @Test("names with emoji, quotes and markup survive Java's modified UTF-8, Gson's escapes and XML's entities")
  func awkwardNames() throws {
    var account = fixtureAccounts[0]
    account["issuer"] = "Ünïcode 🦦 \"<&>\""
    account["name"] = "a\u{0}b@example.com"
    for options in [[], ["--prefs"]] {
      let items = try Importer.read(try freeOTPBackup(options, accounts: [account]), format: .freeotp, password: password)
      #expect(accounts(items).map(\.account.issuer) == ["Ünïcode 🦦 \"<&>\""])
      #expect(accounts(items).map(\.account.name) == ["a\u{0}b@example.com"])
    }
  }

  @Test("a damaged file is malformed, never a wrong password; a damaged token fails alone; bounds hold")
  func damaged() throws {
    let bytes = try freeOTPBackup([])
    for cut in [2, 6, 40, bytes.count / 2, bytes.count - 1] {
      #expect(throws: (any Error).self) { try Importer.read(Array(bytes.prefix(cut)), format: .freeotp, password: password) }
      #expect {
        try Importer.read(Array(bytes.prefix(cut)), format: .freeotp, password: password)
      } throws: { error in
        guard case ImportError.malformed = error else { return false }
        return true
      }
    }
    // A string whose length runs past the end, and a huge long-string length.
    for bad in [
      [0xAC, 0xED, 0x00, 0x05, 0x74, 0xFF, 0xFF, 0x41], [0xAC, 0xED, 0x00, 0x05, 0x7C] + [UInt8](repeating: 0xFF, count: 8),
    ] {
      #expect {
        try JavaSerializedMap(bad.map { UInt8($0) })
      } throws: { error in
        guard case ImportError.malformed = error else { return false }
        return true
      }
    }
    // One token's key altered: that token fails, the others import.
    var text = try #require(String(data: Data(try freeOTPBackup(["--prefs"])), encoding: .utf8))
    let marker = "&quot;key&quot;:&quot;{\\&quot;mCipherText\\&quot;:["
    let at = try #require(text.range(of: marker))
    let digit = try #require(text[at.upperBound...].firstIndex(where: { $0.isNumber }))
    text.replaceSubrange(digit...digit, with: text[digit] == "1" ? "2" : "1")
    let items = try Importer.read(Array(text.utf8), format: .freeotp, password: password)
    #expect(accounts(items).count == fixtureAccounts.count - 1)
    #expect(failures(items).count == 1, "\(failures(items))")
  }

  @Test("a master key asking for more work than the budget is refused before it runs")
  func overBudget() throws {
    let written = String(decoding: try freeOTPBackup(["--prefs", "--iterations", "100001"], accounts: []), as: UTF8.self)
    #expect(written.contains("&quot;mIterations&quot;:100001,"))
    let bytes = Array(written.replacingOccurrences(of: "100001,", with: "2000000000,").utf8)
    #expect {
      try Importer.read(bytes, format: .freeotp, password: password)
    } throws: { error in
      guard case ImportError.overBudget = error else { return false }
      return true
    }
  }
}
