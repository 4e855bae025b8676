import CryptoPrimitives
import Foundation
import Importers
import JSONCodec
import OTPCore
import TestSupport
import Testing

/// "12345678901234567890", the RFC 6238 key, in base32: codes at 59 s are known.
let rfcBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func accounts(_ items: [ImportItem]) -> [ImportedAccount] {
  items.compactMap { if case .success(let account) = $0.result { account } else { nil } }
}

func failures(_ items: [ImportItem]) -> [String] {
  items.compactMap { if case .failure(let error) = $0.result { "\($0.location): \(error)" } else { nil } }
}

func code(_ account: OTPAccount, at time: Int64 = 59) throws -> String {
  let generator = try OTPGenerator(account: account)
  return account.kind == .hotp ? generator.code(counter: account.counter) : try generator.code(at: time)
}

@Suite("Importers")
struct ImporterTests {
  @Test("otpauth lists: comments and blanks skipped, a bad line fails alone with its line number")
  func uriList() throws {
    let text = """
      # exported by pass-otp
      otpauth://totp/ACME:alice?secret=\(rfcBase32)&issuer=ACME

      otpauth://totp/Bad:line?secret=JBSW1
      otpauth://hotp/VPN:bob?secret=\(rfcBase32)&counter=1
      """
    #expect(FormatDetector.detect(Array(text.utf8)) == .uri)
    let items = try Importer.read(Array(text.utf8), format: .uri)
    let good = accounts(items)
    #expect(good.count == 2)
    #expect(try code(good[0].account) == "287082")
    #expect(try code(good[1].account) == "287082")
    #expect(failures(items) == ["line 4: secret is not valid base32 (character '1' at position 5; base32 uses A-Z and 2-7)"])
  }

  /// A transfer payload written byte by byte from the .proto, without Otter's encoder.
  static func handWrittenLink() -> String {
    func field(_ number: UInt8, _ bytes: [UInt8]) -> [UInt8] { [number << 3 | 2, UInt8(bytes.count)] + bytes }
    let secret = Array("12345678901234567890".utf8)
    let totp =
      field(1, secret) + field(2, Array("alice@example.com".utf8)) + field(3, Array("Example".utf8))
      + [4 << 3, 1, 5 << 3, 1, 6 << 3, 2]
    let hotp =
      field(1, secret) + field(2, Array("Example2:bob".utf8)) + field(3, Array("Example2".utf8))
      + [4 << 3, 2, 5 << 3, 2, 6 << 3, 1, 7 << 3, 5]
    let payload = field(1, totp) + field(1, hotp) + [2 << 3, 1, 3 << 3, 1, 4 << 3, 0, 5 << 3, 42]
    let data = Data(payload).base64EncodedString().addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    return "otpauth-migration://offline?data=" + data
  }

  @Test("Google transfer links: every field of every account in the batch")
  func google() throws {
    let link = Self.handWrittenLink()
    #expect(FormatDetector.detect(Array(link.utf8)) == .google)
    let found = accounts(try Importer.read(Array(link.utf8), format: .google))
    #expect(found.count == 2)
    let totp = found[0].account
    #expect(totp.kind == .totp && totp.issuer == "Example" && totp.name == "alice@example.com")
    #expect(totp.algorithm == .sha1 && totp.digits == 6 && totp.period == 30)
    #expect(try code(totp) == "287082")
    let hotp = found[1].account
    #expect(hotp.kind == .hotp && hotp.issuer == "Example2" && hotp.name == "bob")
    #expect(hotp.algorithm == .sha256 && hotp.digits == 8 && hotp.counter == 5)
  }

  static let aegisDatabase = """
    {"version": 2, "entries": [
      {"type": "totp", "uuid": "3ae6f1ad-2e65-4ed2-a953-1ec0dff2386d", "name": "alice", "issuer": "Aegis Co",
       "note": "work", "favorite": true, "icon": null,
       "info": {"secret": "\(rfcBase32)", "algo": "SHA1", "digits": 8, "period": 30}},
      {"type": "hotp", "uuid": "7b6f7c3e-1b5e-4f53-9f4e-0a6f4f8e1a2b", "name": "bob", "issuer": "VPN", "note": "",
       "favorite": false, "icon": null, "info": {"secret": "\(rfcBase32)", "algo": "SHA1", "digits": 6, "counter": 2}},
      {"type": "steam", "uuid": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "name": "gamer", "issuer": "Steam", "note": "",
       "favorite": false, "icon": null, "info": {"secret": "\(rfcBase32)", "algo": "SHA1", "digits": 5, "period": 30}},
      {"type": "yandex", "uuid": "11111111-2222-3333-4444-555555555555", "name": "y", "issuer": "Yandex", "note": "",
       "favorite": false, "icon": null, "info": {"secret": "\(rfcBase32)", "algo": "SHA256", "digits": 8, "period": 30, "pin": "1234"}}
    ]}
    """

  func checkAegis(_ items: [ImportItem]) throws {
    let found = accounts(items)
    #expect(found.count == 3)
    #expect(found[0].account.issuer == "Aegis Co" && found[0].account.name == "alice" && found[0].account.digits == 8)
    #expect(found[0].note == "work" && found[0].favourite)
    #expect(try code(found[0].account) == "94287082")
    #expect(found[1].account.kind == .hotp && found[1].account.counter == 2)
    #expect(try code(found[1].account) == "359152")
    #expect(found[2].account.kind == .steam)
    // The Yandex entry has a 20-byte secret: Yandex secrets are 16 (or 26 with a checksum).
    #expect(failures(items) == ["entry 4: a Yandex secret is 16 bytes (or 26 with its checksum), not 20"])
  }

  @Test("Aegis plain export: fields, codes, and an unsupported entry failing alone")
  func aegisPlain() throws {
    let text = #"{"version": 1, "header": {"slots": null, "params": null}, "db": "# + Self.aegisDatabase + "}"
    #expect(FormatDetector.detect(Array(text.utf8)) == .aegis)
    #expect(!AegisImporter.isEncrypted(Array(text.utf8)))
    try checkAegis(try Importer.read(Array(text.utf8), format: .aegis))
  }

  @Test("Aegis encrypted export written by an independent implementation opens with its password only")
  func aegisEncrypted() throws {
    let script = packageRoot.appendingPathComponent("Tests/Reference/aegis_reference.py").path
    let made = try runProgram("/usr/bin/python3", [script, "encrypt", "aegis-pass"], input: Self.aegisDatabase)
    #expect(made.status == 0, "\(made.error)")
    let bytes = Array(made.output.utf8)
    #expect(AegisImporter.isEncrypted(bytes))
    #expect(throws: ImportError.passwordRequired) { try Importer.read(bytes, format: .aegis) }
    #expect(throws: ImportError.wrongPassword) {
      try Importer.read(bytes, format: .aegis, password: SecretBytes(Array("wrong".utf8)))
    }
    try checkAegis(try Importer.read(bytes, format: .aegis, password: SecretBytes(Array("aegis-pass".utf8))))
  }

  @Test("andOTP backup")
  func andOTP() throws {
    let text = """
      [{"secret": "\(rfcBase32)", "issuer": "Shop", "label": "carol", "digits": 6, "type": "TOTP", "algorithm": "SHA256",
        "thumbnail": "Default", "last_used": 0, "used_frequency": 0, "period": 60, "tags": ["home"]},
       {"secret": "\(rfcBase32)", "issuer": "", "label": "Old:dave", "digits": 6, "type": "HOTP", "algorithm": "SHA1", "counter": 0},
       {"secret": "not base32!", "issuer": "Broken", "label": "x", "digits": 6, "type": "TOTP", "algorithm": "SHA1", "period": 30}]
      """
    #expect(FormatDetector.detect(Array(text.utf8)) == .andotp)
    let items = try Importer.read(Array(text.utf8), format: .andotp)
    let found = accounts(items)
    #expect(found.count == 2)
    #expect(found[0].account.algorithm == .sha256 && found[0].account.period == 60 && found[0].tags == ["home"])
    #expect(found[1].account.issuer == "Old" && found[1].account.name == "dave")
    #expect(try code(found[1].account) == "755224")
    #expect(failures(items).count == 1)
  }

  @Test("2FAS backup")
  func twoFAS() throws {
    let text = """
      {"services": [{"name": "GitLab", "secret": "\(rfcBase32)", "updatedAt": 1700000000000,
        "otp": {"label": "erin", "account": "erin", "issuer": "GitLab", "digits": 6, "period": 30, "algorithm": "SHA1",
                "counter": 0, "tokenType": "TOTP", "source": "Link"}, "order": {"position": 0}}],
       "groups": [], "schemaVersion": 4, "appVersionCode": 5000000}
      """
    #expect(FormatDetector.detect(Array(text.utf8)) == .twofas)
    let found = accounts(try Importer.read(Array(text.utf8), format: .twofas))
    #expect(found.count == 1)
    #expect(found[0].account.issuer == "GitLab" && found[0].account.name == "erin")
    #expect(try code(found[0].account) == "287082")
  }

  @Test("FreeOTP+ backup (secret as signed bytes)")
  func freeOTP() throws {
    let signed = Array("12345678901234567890".utf8).map { Int8(bitPattern: $0) } + [Int8(-1)]
    let text = """
      {"tokenOrder": ["Issuer:frank"], "tokens": [{"algo": "SHA1", "counter": 0, "digits": 6, "issuerExt": "Issuer",
        "label": "frank", "period": 30, "secret": \(signed), "type": "TOTP"}]}
      """
    #expect(FormatDetector.detect(Array(text.utf8)) == .freeotp)
    let found = accounts(try Importer.read(Array(text.utf8), format: .freeotp))
    #expect(found.count == 1)
    #expect(found[0].account.secret.copiedBytes() == Array("12345678901234567890".utf8) + [255])
  }

  @Test("Bitwarden export: URIs, bare secrets and steam:// secrets")
  func bitwarden() throws {
    let text = """
      {"encrypted": false, "folders": [], "items": [
        {"type": 1, "name": "Mail", "login": {"username": "gina", "totp": "otpauth://totp/Mail:gina?secret=\(rfcBase32)"}},
        {"type": 1, "name": "Forum", "login": {"username": "hank", "totp": "\(rfcBase32)"}},
        {"type": 1, "name": "Steam", "login": {"username": "ivy", "totp": "steam://\(rfcBase32)"}},
        {"type": 1, "name": "No 2FA", "login": {"username": "joe", "totp": null}}]}
      """
    #expect(FormatDetector.detect(Array(text.utf8)) == .bitwarden)
    let found = accounts(try Importer.read(Array(text.utf8), format: .bitwarden))
    #expect(found.map(\.account.name) == ["gina", "hank", "ivy"])
    #expect(found[1].account.issuer == "Forum")
    #expect(found[2].account.kind == .steam)
    #expect(try code(found[1].account) == "287082")
  }

  @Test(
    "malformed and truncated files are refused as a whole, with a clear error",
    arguments: [
      (TransferFormat.aegis, #"{"version": 1, "header": {"slots": null}"#),
      (.aegis, #"{"version": 1}"#),
      (.andotp, #"{"not": "an array"}"#),
      (.andotp, #"[{"secret": "ABC"#),
      (.twofas, #"{"schemaVersion": 4}"#),
      (.freeotp, #"{"tokenOrder": []"#),
      (.bitwarden, #"{"encrypted": true, "items": []}"#),
      (.bitwarden, "[]"),
    ])
  func malformed(format: TransferFormat, text: String) {
    #expect(throws: ImportError.self) { try Importer.read(Array(text.utf8), format: format) }
  }

  @Test("damaged transfer links fail with a reason, never crash")
  func damagedGoogle() throws {
    let link = Self.handWrittenLink()
    // Every prefix reads without crashing; cutting into the data loses accounts or fails.
    for cut in 0..<link.count { _ = try Importer.read(Array(link.prefix(cut).utf8), format: .google) }
    for cut in [35, 60, link.count / 2, link.count - 12] {
      let items = try Importer.read(Array(link.prefix(cut).utf8), format: .google)
      #expect(!failures(items).isEmpty || accounts(items).count < 2, "cut at \(cut)")
    }
    #expect(!failures(try Importer.read(Array("otpauth-migration://offline?data=%%%".utf8), format: .google)).isEmpty)
  }
}

@Suite("Exporters")
struct ExporterTests {
  static func sample() throws -> [ExportedAccount] {
    let secret = try SecretBytes.random(count: 20)
    return [
      ExportedAccount(
        id: UUID(), account: try OTPAccount(kind: .totp, issuer: "Zürich ☃", name: "a:b c", secret: secret), note: "n",
        favourite: true),
      ExportedAccount(
        id: UUID(),
        account: try OTPAccount(
          kind: .hotp, issuer: "VPN", name: "bob", secret: secret, algorithm: .sha512, digits: 8, counter: 41)),
      ExportedAccount(id: UUID(), account: try OTPAccount(kind: .steam, issuer: "Steam", name: "s", secret: secret)),
      ExportedAccount(
        id: UUID(), account: try OTPAccount(kind: .totp, issuer: "", name: "only name", secret: secret, digits: 7, period: 45)),
    ]
  }

  func same(_ exported: [ExportedAccount], _ imported: [ImportedAccount]) {
    #expect(imported.count == exported.count)
    for (a, b) in zip(exported, imported) { #expect(a.account.isIdentical(to: b.account), "\(a.account.name)") }
  }

  @Test("uri export round-trips through import with nothing lost, HOTP counters included")
  func uri() throws {
    let exported = try Self.sample()
    same(exported, accounts(try Importer.read(Exporter.uriList(exported), format: .uri)))
  }

  @Test("aegis and aegis-encrypted exports round-trip, and an independent reader opens the encrypted one")
  func aegis() throws {
    let exported = try Self.sample()
    let plain = Exporter.aegisPlain(exported)
    let back = accounts(try Importer.read(plain, format: .aegis))
    same(exported, back)
    #expect(back[0].note == "n" && back[0].favourite)
    let password = SecretBytes(Array("export pass".utf8))
    let encrypted = try Exporter.aegisEncrypted(exported, password: password)
    same(exported, accounts(try Importer.read(encrypted, format: .aegis, password: password)))
    let script = packageRoot.appendingPathComponent("Tests/Reference/aegis_reference.py").path
    let opened = try runProgram(
      "/usr/bin/python3", [script, "decrypt", "export pass"], input: String(decoding: encrypted, as: UTF8.self))
    #expect(opened.status == 0, "\(opened.error)")
    let database = try JSON.parse(Array(opened.output.utf8))
    #expect(database["entries"]?.arrayValue?.count == 4)
  }

  @Test("an Aegis export sealed with another key derivation opens with that one only (the fuzzer's fast stand-in)")
  func aegisKeyDerivation() throws {
    let exported = try Self.sample()
    let password = SecretBytes(Array("export pass".utf8))
    let standIn: KeyDerivation = { password, salt, _ in
      SecretBytes(try referenceHMAC(algorithm: .sha256, key: password, message: salt))
    }
    let encrypted = try Exporter.aegisEncrypted(exported, password: password, derive: standIn)
    same(exported, accounts(try AegisImporter.read(encrypted, password: password, derive: standIn)))
    #expect(throws: ImportError.wrongPassword) { try AegisImporter.read(encrypted, password: password) }
  }

  @Test("google export: batches that import back; accounts Google cannot hold are reported, not lost silently")
  func google() throws {
    let exported = try Self.sample()
    let (links, skipped) = GoogleMigration.links(for: exported.map(\.account), batchSize: 1)
    #expect(skipped.count == 2)  // Steam, and 45 s / 7 digits
    #expect(links.count == 2)
    let back = accounts(try Importer.read(Array(links.joined(separator: "\n").utf8), format: .google))
    #expect(back.count == 2)
    #expect(back[0].account.isIdentical(to: exported[0].account))
    #expect(back[1].account.isIdentical(to: exported[1].account))
  }
}
