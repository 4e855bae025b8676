import CryptoPrimitives
import Foundation
import JSONCodec
import OTPCore
import TestSupport
import Testing

@testable import Importers

/// The accounts every fixture below holds: each kind, algorithm and a few digit counts.
var fixtureAccounts: [[String: Any]] {
  [
    [
      "kind": "totp", "issuer": "Deno", "name": "mason@example.com", "secret": "4SJHB4GSD43FZBAI7C2HLRJGPQ", "algorithm": "SHA1",
      "digits": 6, "period": 30, "counter": 0,
    ],
    [
      "kind": "totp", "issuer": "SPDX", "name": "james", "secret": "5OM4WOOGPLQEF6UGN3CPEOOLWU", "algorithm": "SHA256",
      "digits": 7, "period": 20, "counter": 0,
    ],
    [
      "kind": "totp", "issuer": "Airbnb", "name": "elijah", "secret": "7ELGJSGXNCCTV3O6LKJWYFV2RA", "algorithm": "SHA512",
      "digits": 8, "period": 50, "counter": 0,
    ],
    [
      "kind": "hotp", "issuer": "Air Canada", "name": "benjamin", "secret": "KUVJJOM753IHTNDSZVCNKL7GII", "algorithm": "SHA256",
      "digits": 7, "period": 30, "counter": 50,
    ],
    [
      "kind": "steam", "issuer": "Steam", "name": "sophia", "secret": "JRZCL47CMXVOQMNPZR2F7J4RGI", "algorithm": "SHA1",
      "digits": 5, "period": 30, "counter": 0,
    ],
  ]
}

/// An export written by Tests/Reference/export_reference.py (Python's cryptography, PyNaCl,
/// argon2-cffi: none of it shared with Otter).
func referenceExport(_ format: String, password: String, _ options: [String] = [], accounts: [[String: Any]] = fixtureAccounts)
  throws -> [UInt8]
{
  let script = packageRoot.appendingPathComponent("Tests/Reference/export_reference.py").path
  let input = String(decoding: try JSONSerialization.data(withJSONObject: accounts), as: UTF8.self)
  let folder = try TemporaryFolder()
  defer { folder.remove() }
  let out = folder.file("export")
  let result = try runProgram(
    "/bin/sh", ["-c", "/usr/bin/python3 '\(script)' \(format) '\(password)' \(options.joined(separator: " ")) > '\(out)'"],
    input: input)
  #expect(result.status == 0, "\(result.error)")
  return Array(try Data(contentsOf: URL(fileURLWithPath: out)))
}

/// The codes of `kind`/`algorithm`/… accounts at a fixed time from Tests/Reference/otp_reference.py.
func referenceCodes(_ accounts: [[String: Any]], at time: Int64) throws -> [String] {
  let script = packageRoot.appendingPathComponent("Tests/Reference/otp_reference.py").path
  let lines = accounts.map { a in
    let kind = a["kind"] as? String ?? ""
    let value = kind == "hotp" ? "\(a["counter"] ?? 0)" : "\(time)"
    return "\(kind) \(a["algorithm"] ?? "") \(a["digits"] ?? 6) \(a["period"] ?? 30) \(a["secret"] ?? "") \(value)"
  }
  let result = try runProgram("/usr/bin/python3", [script], input: lines.joined(separator: "\n") + "\n")
  #expect(result.status == 0, "\(result.error)")
  return result.output.split(separator: "\n").map(String.init)
}

/// Checks `items` against `fixtureAccounts`, field by field and by code at a fixed time.
func checkFixture(
  _ items: [ImportItem], kinds: [OTPKind]? = nil, expected wanted: [[String: Any]] = fixtureAccounts,
  sourceLocation: SourceLocation = #_sourceLocation
) throws {
  #expect(failures(items).isEmpty, "\(failures(items))", sourceLocation: sourceLocation)
  let imported = accounts(items)
  #expect(imported.count == wanted.count, sourceLocation: sourceLocation)
  let time: Int64 = 1_700_000_000
  let codes = try referenceCodes(wanted, at: time)
  for (index, (expected, got)) in zip(wanted, imported).enumerated() {
    let account = got.account
    #expect(account.issuer == expected["issuer"] as? String, sourceLocation: sourceLocation)
    #expect(account.name == expected["name"] as? String, sourceLocation: sourceLocation)
    #expect(account.kind.rawValue == (kinds?[index].rawValue ?? expected["kind"] as? String), sourceLocation: sourceLocation)
    #expect(Base32.encode(account.secret) == expected["secret"] as? String, sourceLocation: sourceLocation)
    #expect(account.algorithm.rawValue == expected["algorithm"] as? String, sourceLocation: sourceLocation)
    #expect(account.digits == expected["digits"] as? Int, sourceLocation: sourceLocation)
    if account.kind == .hotp {
      #expect(account.counter == UInt64(expected["counter"] as? Int ?? -1), sourceLocation: sourceLocation)
    } else {
      #expect(account.period == expected["period"] as? Int, sourceLocation: sourceLocation)
    }
    #expect(try code(account, at: time) == codes[index], "\(account.issuer)", sourceLocation: sourceLocation)
  }
}

@Suite("Encrypted and newer exports")
struct MoreFormatsTests {
  let password = SecretBytes(Array("correct horse".utf8))

  @Test("encrypted 2FAS (schema 4): detected, every field and code; a wrong password is wrongPassword")
  func twoFASEncrypted() throws {
    let bytes = try referenceExport("2fas", password: "correct horse")
    #expect(FormatDetector.detect(bytes) == .twofas)
    #expect(Importer.isEncrypted(bytes, format: .twofas))
    try checkFixture(try Importer.read(bytes, format: .twofas, password: password))
    #expect(throws: ImportError.wrongPassword) {
      try Importer.read(bytes, format: .twofas, password: SecretBytes(Array("wrong".utf8)))
    }
    #expect(throws: ImportError.passwordRequired) { try Importer.read(bytes, format: .twofas, password: nil) }
  }

  @Test("encrypted andOTP, current and old formats; the iteration count is bounded by the budget")
  func andOTPEncrypted() throws {
    let current = try referenceExport("andotp", password: "correct horse")
    #expect(FormatDetector.detect(current) == .andotp)
    #expect(Importer.isEncrypted(current, format: .andotp))
    try checkFixture(try Importer.read(current, format: .andotp, password: password))
    let old = try referenceExport("andotp", password: "correct horse", ["old"])
    #expect(FormatDetector.detect(old, name: "otp_accounts.json.aes") == .andotp)
    try checkFixture(try Importer.read(old, format: .andotp, password: password))
    #expect(throws: ImportError.wrongPassword) {
      try Importer.read(current, format: .andotp, password: SecretBytes(Array("x".utf8)))
    }
    // The old format's first four bytes are a random nonce: read as a count the current format
    // could hold (below 2^31) and over the budget, they are reported as the budget, else as a
    // wrong password.
    let nonceAsCount = old.prefix(4).reduce(0) { $0 << 8 | Int($1) }
    let ambiguous =
      nonceAsCount <= Int(Int32.max) && (try? KDFBudget.default.check([.pbkdf2(iterations: nonceAsCount, hash: .sha1)])) == nil
    #expect {
      try Importer.read(old, format: .andotp, password: SecretBytes(Array("x".utf8)))
    } throws: { error in
      switch error {
      case ImportError.wrongPassword: !ambiguous
      case ImportError.overBudget: ambiguous
      default: false
      }
    }
    // 2^31 - 1 iterations (about half an hour): refused before any derivation.
    let absurd = try referenceExport(
      "andotp", password: "correct horse", ["cost=2147483647", "unsealed"], accounts: [fixtureAccounts[0]])
    let started = Date()
    #expect {
      try Importer.read(absurd, format: .andotp, password: password)
    } throws: { error in
      guard case ImportError.overBudget = error else { return false }
      return true
    }
    #expect(Date().timeIntervalSince(started) < 2)
  }

  @Test("Authenticator Pro: plain, encrypted (Argon2id, 4 lanes) and legacy (PBKDF2, AES-CBC)")
  func authenticatorPro() throws {
    let plain = try referenceExport("authpro", password: "x", ["plain"])
    #expect(FormatDetector.detect(plain) == .authpro)
    try checkFixture(try Importer.read(plain, format: .authpro))
    for options in [[], ["legacy"]] {
      let sealed = try referenceExport("authpro", password: "correct horse", options)
      #expect(FormatDetector.detect(sealed) == .authpro)
      #expect(Importer.isEncrypted(sealed, format: .authpro))
      try checkFixture(try Importer.read(sealed, format: .authpro, password: password))
      #expect(throws: ImportError.wrongPassword) {
        try Importer.read(sealed, format: .authpro, password: SecretBytes(Array("wrong".utf8)))
      }
    }
  }

  @Test("ente Auth encrypted export: Argon2id from libsodium, a secretstream message of URIs; absurd costs refused")
  func ente() throws {
    let bytes = try referenceExport("ente", password: "correct horse")
    #expect(FormatDetector.detect(bytes) == .ente)
    try checkFixture(try Importer.read(bytes, format: .ente, password: password))
    #expect(throws: ImportError.wrongPassword) {
      try Importer.read(bytes, format: .ente, password: SecretBytes(Array("no".utf8)))
    }
    // A file that asks for 4 GiB: refused before any derivation (ente's own "sensitive" cost is 1 GiB).
    var json = try JSON.parse(bytes)
    if case .object(var members) = json, let index = members.firstIndex(where: { $0.0 == "kdfParams" }),
      case .object(var parameters) = members[index].1, let memory = parameters.firstIndex(where: { $0.0 == "memLimit" })
    {
      parameters[memory].1 = .integer(Int64(4) << 30)
      members[index].1 = .object(parameters)
      json = .object(members)
    }
    let started = Date()
    #expect {
      try Importer.read(json.serialized(), format: .ente, password: password)
    } throws: { error in
      guard case ImportError.overBudget = error else { return false }
      return true
    }
    #expect(Date().timeIntervalSince(started) < 2)
  }

  @Test("truncated and damaged encrypted exports fail with a reason, never crash, never import")
  func damaged() throws {
    for (format, options) in [("2fas", [String]()), ("andotp", []), ("authpro", []), ("authpro", ["legacy"]), ("ente", [])] {
      let bytes = try referenceExport(format, password: "correct horse", options, accounts: [fixtureAccounts[0]])
      let kind = TransferFormat(rawValue: format) ?? .uri
      for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 24)) {
        let items = try? Importer.read(Array(bytes.prefix(cut)), format: kind, password: password)
        #expect(items == nil || accounts(items ?? []).isEmpty, "\(format) cut at \(cut)")
      }
      for offset in stride(from: bytes.count / 3, to: bytes.count, by: max(1, bytes.count / 12)) {
        var flipped = bytes
        flipped[offset] ^= 0x20
        let items = try? Importer.read(flipped, format: kind, password: password)
        // A flip in base64 text may only change padding bits: then the file still opens whole.
        if let items { #expect(accounts(items).count <= 1, "\(format) flipped at \(offset)") }
      }
    }
  }

  @Test("Proton Authenticator, Steam maFiles (one and several), Bitwarden CSV, FreeOTP tokens.xml, zbarimg output, HTML")
  func plainFormats() throws {
    let proton = """
      {"version":1,"entries":[{"id":"x","content":{"uri":"otpauth://totp/Deno:mason%40example.com?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno","entry_type":"Totp","name":"mason"},"note":"main account"}]}
      """
    #expect(FormatDetector.detect(Array(proton.utf8)) == .proton)
    let protonItems = try Importer.read(Array(proton.utf8), format: .proton)
    #expect(accounts(protonItems).first?.account.issuer == "Deno")
    #expect(accounts(protonItems).first?.note == "main account")

    let steam =
      #"{"shared_secret":"THIl8+Jl6ugxr8x0X6eRMg==","account_name":"sophia","revocation_code":"R1234","identity_secret":"x"}"#
    #expect(FormatDetector.detect(Array(steam.utf8)) == .steam)
    let steamAccount = try #require(accounts(try Importer.read(Array(steam.utf8), format: .steam)).first?.account)
    #expect(steamAccount.kind == .steam)
    #expect(steamAccount.name == "sophia")
    #expect(Base32.encode(steamAccount.secret) == "JRZCL47CMXVOQMNPZR2F7J4RGI")
    let wrapped =
      #"{"accounts":{"a":{"shared_secret":"THIl8+Jl6ugxr8x0X6eRMg==","account_name":"one"},"b":{"shared_secret":"AAAAAAAAAAAAAAAAAAAAAA==","account_name":"two"}}}"#
    #expect(accounts(try Importer.read(Array(wrapped.utf8), format: .steam)).map(\.account.name) == ["one", "two"])

    let csv = #"""
      folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp
      ,,login,"Deno, Inc.",,,,mason,,otpauth://totp/Deno:mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno
      ,,login,No code,,,,x,,
      ,,login,"Quote ""Q""",,,,q,,JBSWY3DPEHPK3PXP
      ,,login,Steam,,,,sophia,,steam://JRZCL47CMXVOQMNPZR2F7J4RGI

      """#.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
    #expect(FormatDetector.detect(Array(csv.utf8)) == .bitwarden)
    let csvAccounts = accounts(try Importer.read(Array(csv.utf8), format: .bitwarden))
    #expect(csvAccounts.map(\.account.issuer) == ["Deno", "Quote \"Q\"", "Steam"])
    #expect(csvAccounts.map(\.account.kind) == [.totp, .totp, .steam])

    let xml = """
      <?xml version='1.0' encoding='utf-8' standalone='yes' ?>
      <map>
          <string name="Deno:mason">{&quot;algo&quot;:&quot;SHA1&quot;,&quot;counter&quot;:0,&quot;digits&quot;:6,&quot;issuerExt&quot;:&quot;Deno&quot;,&quot;label&quot;:&quot;mason&quot;,&quot;period&quot;:30,&quot;secret&quot;:[-28,-110,112,-16,-46,31,54,92,-124,8,-8,-76,117,-59,38,124],&quot;type&quot;:&quot;TOTP&quot;}</string>
          <string name="tokenOrder">[&quot;Deno:mason&quot;]</string>
      </map>
      """
    #expect(FormatDetector.detect(Array(xml.utf8)) == .freeotp)
    let token = try #require(accounts(try Importer.read(Array(xml.utf8), format: .freeotp)).first?.account)
    #expect(token.issuer == "Deno")
    #expect(Base32.encode(token.secret) == "4SJHB4GSD43FZBAI7C2HLRJGPQ")

    let zbar =
      "QR-Code:otpauth://totp/Deno:mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ\nQR-Code:otpauth://hotp/VPN:me?secret=JBSWY3DPEHPK3PXP&counter=3\n"
    #expect(FormatDetector.detect(Array(zbar.utf8)) == .uri)
    #expect(accounts(try Importer.read(Array(zbar.utf8), format: .uri)).map(\.account.issuer) == ["Deno", "VPN"])

    let html = """
      <!DOCTYPE html><html><body><a href="otpauth://totp/Deno:mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&amp;issuer=Deno">otpauth://totp/Deno:mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&amp;issuer=Deno</a></body></html>
      """
    #expect(FormatDetector.detect(Array(html.utf8)) == .html)
    #expect(accounts(try Importer.read(Array(html.utf8), format: .html)).map(\.account.issuer) == ["Deno"])
  }

  @Test("Google and Microsoft Authenticator databases (SQLite): every field and code; push-only rows left out")
  func phoneDatabases() throws {
    // What Google's app holds: SHA-1, six digits, 30 s; TOTP and HOTP.
    let google: [[String: Any]] = [
      [
        "kind": "totp", "issuer": "Deno", "name": "mason@example.com", "secret": "4SJHB4GSD43FZBAI7C2HLRJGPQ",
        "algorithm": "SHA1",
        "digits": 6, "period": 30, "counter": 0,
      ],
      [
        "kind": "hotp", "issuer": "Air Canada", "name": "benjamin", "secret": "KUVJJOM753IHTNDSZVCNKL7GII", "algorithm": "SHA1",
        "digits": 6, "period": 30, "counter": 50,
      ],
    ]
    let googleBytes = try referenceExport("google-db", password: "-", accounts: google)
    #expect(FormatDetector.detect(googleBytes) == .googleDatabase)
    try check(try Importer.read(googleBytes, format: .googleDatabase), against: google)

    // Microsoft's: standard TOTP (base32, six digits) and Microsoft accounts (base64, eight).
    let microsoft: [[String: Any]] = [
      [
        "kind": "totp", "issuer": "Deno", "name": "mason@example.com", "secret": "4SJHB4GSD43FZBAI7C2HLRJGPQ",
        "algorithm": "SHA1",
        "digits": 6, "period": 30, "counter": 0,
      ],
      [
        "kind": "totp", "issuer": "Microsoft", "name": "elijah@outlook.com", "secret": "7ELGJSGXNCCTV3O6LKJWYFV2RA",
        "algorithm": "SHA1", "digits": 8, "period": 30, "counter": 0,
      ],
    ]
    let microsoftBytes = try referenceExport("microsoft-db", password: "-", accounts: microsoft)
    #expect(FormatDetector.detect(microsoftBytes) == .microsoftDatabase)
    let items = try Importer.read(microsoftBytes, format: .microsoftDatabase)
    #expect(items.count == 2)  // the push-only row holds no secret and is not an entry
    try check(items, against: microsoft)
  }

  @Test("a hostile or damaged database is refused with a reason: a view, a loop, an oversized value, cut bytes")
  func hostileDatabases() throws {
    func database(_ statements: [String]) throws -> [UInt8] {
      let folder = try TemporaryFolder()
      defer { folder.remove() }
      let path = folder.file("db")
      let script =
        "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nfor s in sys.stdin.read().split('\\n;\\n'): c.execute(s)\nc.commit()"
      let result = try runProgram("/usr/bin/python3", ["-c", script, path], input: statements.joined(separator: "\n;\n"))
      #expect(result.status == 0, "\(result.error)")
      return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
    func refusal(_ bytes: [UInt8], format: TransferFormat = .googleDatabase) -> String? {
      do {
        _ = try Importer.read(bytes, format: format)
        return nil
      } catch ImportError.malformed(let reason) {
        return reason
      } catch {
        return "unexpected \(error)"
      }
    }
    // `accounts` as an endless recursive view: not a table, never run.
    let view = try database([
      "CREATE VIEW accounts AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x AS email, x AS secret, 0 AS type FROM n"
    ])
    #expect(FormatDetector.detect(view) == nil)
    #expect(refusal(view) == "the database has no table 'accounts'")
    // A value over 1 MiB.
    let large = try database([
      "CREATE TABLE accounts (email TEXT, secret TEXT, type INTEGER)",
      "INSERT INTO accounts VALUES ('a', hex(zeroblob(1200000)), 0)",
    ])
    #expect(refusal(large)?.contains("could not be read") == true, "\(refusal(large) ?? "read")")
    // Cut in half, and a header with nothing after it.
    let good = try referenceExport("google-db", password: "-", accounts: [fixtureAccounts[0]])
    #expect(refusal(Array(good.prefix(good.count / 2))) != nil)
    #expect(refusal(Array("SQLite format 3".utf8) + [0] + [UInt8](repeating: 0x41, count: 200)) != nil)
    #expect(FormatDetector.detect(Array(good.prefix(100))) == nil)
  }

  /// Checks accounts read from a phone database against `expected`, by field and by code.
  func check(_ items: [ImportItem], against expected: [[String: Any]], sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(failures(items).isEmpty, "\(failures(items))", sourceLocation: sourceLocation)
    let imported = accounts(items)
    #expect(imported.count == expected.count, sourceLocation: sourceLocation)
    let time: Int64 = 1_700_000_000
    let codes = try referenceCodes(expected, at: time)
    for (index, (want, got)) in zip(expected, imported).enumerated() {
      #expect(got.account.issuer == want["issuer"] as? String, sourceLocation: sourceLocation)
      #expect(got.account.name == want["name"] as? String, sourceLocation: sourceLocation)
      #expect(got.account.kind.rawValue == want["kind"] as? String, sourceLocation: sourceLocation)
      #expect(Base32.encode(got.account.secret) == want["secret"] as? String, sourceLocation: sourceLocation)
      #expect(got.account.digits == want["digits"] as? Int, sourceLocation: sourceLocation)
      #expect(try code(got.account, at: time) == codes[index], sourceLocation: sourceLocation)
    }
  }

  @Test("Authy's token store (plain and sealed under the backup password) and TOTP Authenticator (backup and preferences)")
  func authyAndTOTPAuthenticator() throws {
    // What both apps hold: TOTP, SHA-1; Authy 6-8 digits at 30 s for added accounts.
    let totp = fixtureAccounts.filter { $0["kind"] as? String == "totp" && $0["algorithm"] as? String == "SHA1" }
    let more: [[String: Any]] = [
      [
        "kind": "totp", "issuer": "SPDX", "name": "james", "secret": "5OM4WOOGPLQEF6UGN3CPEOOLWU", "algorithm": "SHA1",
        "digits": 7, "period": 30, "counter": 0,
      ],
      [
        "kind": "totp", "issuer": "Airbnb", "name": "elijah", "secret": "7ELGJSGXNCCTV3O6LKJWYFV2RA", "algorithm": "SHA1",
        "digits": 8, "period": 30, "counter": 0,
      ],
    ]
    let accounts = totp + more
    let plain = try referenceExport("authy", password: "-", accounts: accounts)
    #expect(FormatDetector.detect(plain) == .authy)
    #expect(!Importer.isEncrypted(plain, format: .authy))
    try check(try Importer.read(plain, format: .authy), against: accounts)
    let sealed = try referenceExport("authy", password: "correct horse", ["sealed"], accounts: accounts)
    #expect(Importer.isEncrypted(sealed, format: .authy))
    try check(try Importer.read(sealed, format: .authy, password: password), against: accounts)
    #expect(throws: ImportError.wrongPassword) {
      try Importer.read(sealed, format: .authy, password: SecretBytes(Array("x".utf8)))
    }
    #expect(throws: ImportError.passwordRequired) { try Importer.read(sealed, format: .authy) }

    // TOTP Authenticator: the default password needs no question; another one does.
    let unprotected = try referenceExport("totp-authenticator", password: "TotpAuthenticator", accounts: accounts)
    #expect(FormatDetector.detect(unprotected) == .totpAuthenticator)
    #expect(!Importer.isEncrypted(unprotected, format: .totpAuthenticator))
    try check(try Importer.read(unprotected, format: .totpAuthenticator), against: accounts)
    let protected = try referenceExport("totp-authenticator", password: "correct horse", accounts: accounts)
    #expect(FormatDetector.detect(protected) == .totpAuthenticator)
    #expect(Importer.isEncrypted(protected, format: .totpAuthenticator))
    try check(try Importer.read(protected, format: .totpAuthenticator, password: password), against: accounts)
    #expect(throws: ImportError.wrongPassword) {
      try Importer.read(protected, format: .totpAuthenticator, password: SecretBytes(Array("x".utf8)))
    }
    let preferences = try referenceExport("totp-authenticator", password: "-", ["prefs"], accounts: accounts)
    #expect(FormatDetector.detect(preferences) == .totpAuthenticator)
    try check(try Importer.read(preferences, format: .totpAuthenticator), against: accounts)
    // A FreeOTP tokens.xml is still FreeOTP's.
    #expect(
      FormatDetector.detect(Array("<?xml version='1.0'?><map><string name=\"tokenOrder\">[]</string></map>".utf8)) == .freeotp)
  }
}

/// The shapes real exports have that the first reference writer never made (issue 21). Each
/// test names where the shape was seen.
@Suite("Real exports: the variants apps really write")
struct RealExportVariantTests {
  let password = SecretBytes(Array("correct horse".utf8))

  @Test("ente: a stream whose one message ends with TAG_MESSAGE opens; a wrong password is still 77, a damaged file 65")
  func enteTagMessage() throws {
    // Seen in files ente wrote (issue 21): the secretstream message tagged MESSAGE (0), not FINAL.
    let bytes = try referenceExport("ente", password: "correct horse", ["tag=message"])
    try checkFixture(try Importer.read(bytes, format: .ente, password: password))
    #expect(throws: ImportError.wrongPassword) {
      try Importer.read(bytes, format: .ente, password: SecretBytes(Array("no".utf8)))
    }
    var json = try JSON.parse(bytes)
    if case .object(var members) = json, let index = members.firstIndex(where: { $0.0 == "encryptedData" }) {
      members[index].1 = .string("not base64 at all!")
      json = .object(members)
    }
    #expect {
      try Importer.read(json.serialized(), format: .ente, password: password)
    } throws: { error in
      guard case ImportError.malformed = error else { return false }
      return true
    }
  }

  @Test("ente: a memLimit of 2^63-1 is refused as over the budget, with a message, and nothing traps")
  func enteHugeMemory() throws {
    let json =
      #"{"version":1,"kdfParams":{"memLimit":9223372036854775807,"opsLimit":9223372036854775807,"salt":"AAAAAAAAAAAAAAAAAAAAAA=="},"encryptedData":"AAAA","encryptionNonce":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#
    #expect {
      try Importer.read(Array(json.utf8), format: .ente, password: password)
    } throws: { error in
      guard case ImportError.overBudget(let reason) = error else { return false }
      return "\(reason)".contains("over Otter's")
    }
  }

  @Test("ente plain: a bare parameter with no '=' and algorithm/digits/period null read as not given (the defaults)")
  func entePlainNulls() throws {
    // Seen in ente's plain export (issue 21): `&issuer` alone, and `=null` for unset fields.
    let text = "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer&algorithm=null&digits=null&period=null\n"
    let items = try Importer.read(Array(text.utf8), format: .uri)
    let account = try #require(try items.first?.result.get().account)
    #expect(account.algorithm == .sha1 && account.digits == 6 && account.period == 30)
    #expect(account.issuer == "Example" && account.name == "alice")
    // `otter add` stays strict.
    #expect(throws: URIError.self) { try OTPAuthURI.parse(text.trimmingCharacters(in: .newlines)) }
  }

  @Test("2FAS: an entry whose otp.issuer is \"\" takes the service's name as its issuer")
  func twoFASEmptyIssuer() throws {
    let bytes = try referenceExport("2fas", password: "correct horse", ["empty-issuer"])
    let items = try Importer.read(bytes, format: .twofas, password: password)
    let issuers = try items.map { try $0.result.get().account.issuer }
    #expect(issuers == fixtureAccounts.map { $0["issuer"] as? String ?? "" })
  }

  @Test("Proton Authenticator: a steam:// entry is a Steam account, with Steam's codes")
  func protonSteam() throws {
    // Seen in Proton Authenticator's export (issue 21): Steam entries as steam://SECRET.
    let json =
      #"{"version":1,"entries":[{"content":{"uri":"steam://JRZCL47CMXVOQMNPZR2F7J4RGI","entry_type":"Steam","name":"Steam"},"note":""}]}"#
    let items = try Importer.read(Array(json.utf8), format: .proton)
    let account = try #require(try items.first?.result.get().account)
    #expect(account.kind == .steam)
    let steam = fixtureAccounts.first { $0["kind"] as? String == "steam" } ?? [:]
    #expect(try OTPGenerator(account: account).code(at: 1_700_000_000) == (try referenceCodes([steam], at: 1_700_000_000)).first)
  }

  @Test("zbarimg output: QR-Code: before an otpauth-migration:// link reads as a Google transfer")
  func zbarMigration() throws {
    let link = ImporterTests.handWrittenLink()
    let text = "QR-Code:\(link)\n"
    #expect(FormatDetector.detect(Array(text.utf8)) == .google)
    let items = try Importer.read(Array(text.utf8), format: FormatDetector.detect(Array(text.utf8)) ?? .uri)
    #expect(!items.isEmpty)
    #expect(items.allSatisfy { (try? $0.result.get()) != nil })
  }

  @Test("entity decoding is linear: 80,000 ampersands with no semicolon decode as themselves")
  func unescapeLinear() {
    let text = String(repeating: "&a", count: 80_000)
    #expect(AndroidPreferences.unescape(Substring(text)) == text)
    #expect(AndroidPreferences.unescape("a&amp;b&#x41;&#66;&lt;") == "a&bAB<")
  }

  @Test("LastPass Authenticator's JSON export: detected by content, every TOTP account with its settings and codes")
  func lastPass() throws {
    let totp = fixtureAccounts.filter { $0["kind"] as? String == "totp" }
    let bytes = try referenceExport("lastpass", password: "-", accounts: totp)
    #expect(FormatDetector.detect(bytes) == .lastpass)
    let imported = try Importer.read(bytes, format: .lastpass).map { try $0.result.get() }
    #expect(imported.count == totp.count)
    let codes = try referenceCodes(totp, at: 1_700_000_000)
    for (account, code) in zip(imported, codes) {
      #expect(try OTPGenerator(account: account.account).code(at: 1_700_000_000) == code)
    }
    #expect(imported.first?.favourite == true)
  }

  @Test("KeePassXC's CSV export: the TOTP column's URIs, rows without one skipped, notes kept")
  func keePassXCCSV() throws {
    let bytes = try referenceExport("keepassxc-csv", password: "-")
    #expect(FormatDetector.detect(bytes) == .keepassxc)
    let items = try Importer.read(bytes, format: .keepassxc)
    try checkFixture(items)
    #expect(items.first?.location == "row 3")
    #expect(try items.first?.result.get().note == "a note, with \"quotes\"")
  }

  @Test(
    "Bitwarden's password-protected JSON, PBKDF2-SHA256 and Argon2id: every account; a wrong password 77; altered data 65",
    arguments: ["pbkdf2", "argon2id"])
  func bitwardenProtected(kdf: String) throws {
    let bytes = try referenceExport("bitwarden-protected", password: "correct horse", ["kdf=\(kdf)"])
    #expect(FormatDetector.detect(bytes) == .bitwarden)
    #expect(Importer.isEncrypted(bytes, format: .bitwarden))
    try checkFixture(try Importer.read(bytes, format: .bitwarden, password: password))
    #expect(throws: ImportError.wrongPassword) {
      try Importer.read(bytes, format: .bitwarden, password: SecretBytes(Array("not it".utf8)))
    }
    var json = try JSON.parse(bytes)
    if case .object(var members) = json, let index = members.firstIndex(where: { $0.0 == "data" }),
      case .string(let data) = members[index].1
    {
      var parts = data.split(separator: "|").map(String.init)
      parts[1] = String(parts[1].reversed())
      members[index].1 = .string(parts.joined(separator: "|"))
      json = .object(members)
    }
    #expect {
      try Importer.read(json.serialized(), format: .bitwarden, password: password)
    } throws: { error in
      guard case ImportError.malformed = error else { return false }
      return true
    }
  }

  /// A folder with `files` written into it, and the shell's exit status of `command` run there.
  func zipped(_ files: [String: String], _ command: String) throws -> [UInt8] {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for (name, text) in files {
      let path = folder.file(name)
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try folder.write(name, text)
    }
    let made = shell("cd '\(folder.path)' && \(command) >/dev/null 2>&1 && echo ok")
    #expect(made.output == "ok\n", "\(command)")
    return Array(try Data(contentsOf: URL(fileURLWithPath: folder.file("out.zip"))))
  }

  @Test("Proton Pass: the zip holding data.json (Python's zipfile), TOTP items as URIs or bare secrets, others skipped")
  func protonPass() throws {
    // The shape Bitwarden's Proton Pass importer reads: vaults by id, items with data.content.totpUri.
    let items =
      fixtureAccounts.enumerated().map { index, account -> [String: Any] in
        let uri =
          "otpauth://\(account["kind"] ?? "")/\(account["issuer"] ?? ""):\(account["name"] ?? "")?secret=\(account["secret"] ?? "")&issuer=\(account["issuer"] ?? "")&algorithm=\(account["algorithm"] ?? "")&digits=\(account["digits"] ?? 6)"
          + ((account["kind"] as? String) == "hotp"
            ? "&counter=\(account["counter"] ?? 0)" : "&period=\(account["period"] ?? 30)")
        return [
          "itemId": "i\(index)", "state": 1,
          "data": [
            "type": "login", "metadata": ["name": account["issuer"] ?? "", "note": ""],
            "content": ["itemUsername": account["name"] ?? "", "password": "x", "totpUri": uri],
          ],
        ]
      } + [["itemId": "n", "state": 1, "data": ["type": "note", "metadata": ["name": "a note"], "content": [:]]]]
    let json = try JSONSerialization.data(withJSONObject: [
      "version": "1.20.0", "userId": "u", "encrypted": false, "vaults": ["v1": ["name": "Personal", "items": items]],
    ])
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try json.write(to: URL(fileURLWithPath: folder.file("data.json")))
    let script =
      "import zipfile,sys; z=zipfile.ZipFile(sys.argv[2],'w',zipfile.ZIP_DEFLATED); z.write(sys.argv[1],'Proton Pass/data.json'); z.close()"
    #expect(shell("python3 -c \"\(script)\" '\(folder.file("data.json"))' '\(folder.file("export.zip"))'").status == 0)
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder.file("export.zip"))))
    #expect(FormatDetector.detect(bytes) == .protonPass)
    try checkFixture(try Importer.read(bytes, format: .protonPass))
  }

  /// The AES zips come from 7-Zip (`7z a -tzip -mem=AES256`), stored or deflated: WinZip's
  /// AE-2 entries, which store no CRC. Debian's libzip 1.7.3 reads their data right but ends
  /// each entry with a CRC error, as it does for a failed HMAC; Otter checks the HMAC itself.
  @Test(
    "WinAuth: URIs as text in a zip, plain (Python's zipfile), ZipCrypto (Info-ZIP's zip -P) or AES (7-Zip): the password opens it, a wrong one is 77",
    arguments: ["plain", "zipcrypto", "aes256", "aes128-deflate"])
  func winAuth(protection: String) throws {
    let uris =
      fixtureAccounts.filter { $0["kind"] as? String != "steam" }.map { account in
        "otpauth://\(account["kind"] ?? "")/WinAuth%3A\(account["issuer"] ?? "")?secret=\(account["secret"] ?? "")&issuer=\(account["issuer"] ?? "")&digits=\(account["digits"] ?? 6)&algorithm=\(account["algorithm"] ?? "")"
          + ((account["kind"] as? String) == "hotp"
            ? "&counter=\(account["counter"] ?? 0)" : "&period=\(account["period"] ?? 30)")
      }.joined(separator: "\n") + "\n"
    let command =
      switch protection {
      case "zipcrypto": "zip -q -P 'correct horse' out.zip winauth.txt"
      case "aes256": "7z a -tzip -p'correct horse' -mem=AES256 -mm=Copy out.zip winauth.txt"
      case "aes128-deflate": "7z a -tzip -p'correct horse' -mem=AES128 -mm=Deflate out.zip winauth.txt"
      default: "python3 -c \"import zipfile; z=zipfile.ZipFile('out.zip','w'); z.write('winauth.txt'); z.close()\""
      }
    let bytes = try zipped(["winauth.txt": uris], command)
    #expect(FormatDetector.detect(bytes) == .winauth)
    #expect(Importer.isEncrypted(bytes, format: .winauth) == (protection != "plain"))
    let items = try Importer.read(bytes, format: .winauth, password: protection == "plain" ? nil : password)
    #expect(items.count == fixtureAccounts.count - 1)
    #expect(items.allSatisfy { (try? $0.result.get()) != nil }, "\(items.map(\.result))")
    if protection != "plain" {
      #expect(throws: ImportError.wrongPassword) {
        try Importer.read(bytes, format: .winauth, password: SecretBytes(Array("not it".utf8)))
      }
    }
    if protection.hasPrefix("aes") {
      // One byte of the encrypted data changed (the password verifier still passes): the
      // HMAC says the entry is damaged, never that the password is wrong, and nothing imports.
      let start = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("winauth.txt".utf8)) })
      var altered = bytes
      altered[start + 11 + 47 + 16 + 2 + 3] ^= 1
      #expect {
        try Importer.read(altered, format: .winauth, password: password)
      } throws: { error in
        guard case ImportError.malformed(let message) = error else { return false }
        return message.contains("authentication code")
      }
    }
  }
}
