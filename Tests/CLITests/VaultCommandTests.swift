import CryptoPrimitives
import Foundation
import OTPCore
import TestSupport
import Testing

/// A vault in a private folder with a password file, driven through the real binary.
struct TestVault: Sendable {
  let folder: TemporaryFolder
  var path: String { folder.file("data/vault.otter") }
  var common: [String] { ["--vault", path, "--password-file", folder.file("pw")] }
  /// A minimal, explicit environment: no OTTER_* variables leak in from the machine.
  var environment: [String: String] { ["PATH": "/usr/bin:/bin", "HOME": folder.path] }

  init(password: String = "correct horse") throws {
    folder = try TemporaryFolder()
    try folder.write("pw", password + "\n")
    let created = try otter(["init", "--kdf-log-n", "14"] + common, environment: environment)
    #expect(created.status == 0, "\(created.error)")
  }

  func run(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String, error: String) {
    try otter(Array(arguments.prefix(1)) + common + Array(arguments.dropFirst()), input: input, environment: environment)
  }

  func bytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

  func mode(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
  }
}

let rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func randomURI(_ index: Int, random: inout SystemRandomNumberGenerator) -> String {
  let secret = Base32.encode(SecretBytes((0..<20).map { _ in UInt8.random(in: 0...255, using: &random) }))
  switch index % 4 {
  case 0: return "otpauth://totp/Issuer%20\(index):user\(index)%40example.com?secret=\(secret)&issuer=Issuer%20\(index)"
  case 1: return "otpauth://totp/Cloud\(index):u\(index)?secret=\(secret)&algorithm=SHA256&digits=8&period=60"
  case 2: return "otpauth://hotp/Vpn\(index):u\(index)?secret=\(secret)&counter=\(index * 1000)"
  default: return "otpauth://steam/Steam\(index):u\(index)?secret=\(secret)"
  }
}

@Suite("Vault commands", .serialized)
struct VaultCommandTests {
  @Test("init creates the folder 0700 and the file 0600, and refuses to overwrite")
  func initPermissions() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.mode(vault.path) == 0o600)
    #expect(try vault.mode(vault.folder.file("data")) == 0o700)
    let before = try vault.bytes()
    let again = try otter(["init", "--kdf-log-n", "14"] + vault.common, environment: vault.environment)
    #expect(again.status == 73)
    #expect(again.error.contains("already exists"))
    #expect(try vault.bytes() == before)
  }

  @Test("the list table: columns padded to the widest cell, codes grouped, HOTP's counter, labels sanitized")
  func listTable() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let uris = [
      "otpauth://hotp/VPN:bob?secret=JBSWY3DPEHPK3PXP&issuer=VPN&counter=7",
      "otpauth://totp/%E2%80%AEEvil:n%C3%A9?secret=JBSWY3DPEHPK3PXP&issuer=%E2%80%AEEvil",
      "otpauth://totp/Cloud:carol%40example.org?secret=\(rfcSecret)&issuer=Cloud&digits=8&period=60&algorithm=SHA256",
      "otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank",
    ]
    #expect(try vault.run(["add"], input: uris.joined(separator: "\n") + "\n").status == 0)
    func oathtool(_ arguments: [String]) throws -> String {
      let result = try runProgram("/usr/bin/oathtool", arguments + ["--now=@1700000000"])
      return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let bank = try oathtool(["--totp", "-b", "JBSWY3DPEHPK3PXP"])
    let cloud = try oathtool(["--totp=sha256", "--digits=8", "--time-step-size=60", "-b", rfcSecret])
    func grouped(_ code: String) -> String { String(code.prefix(code.count / 2)) + " " + String(code.suffix(code.count / 2)) }
    let expected =
      [
        "ISSUER  NAME               TYPE  CODE       LEFT",
        "Bank    alice              totp  \(grouped(bank))    10s",
        "Cloud   carol@example.org  totp  \(grouped(cloud))  40s",
        "VPN     bob                hotp  -          counter 7",
        "\u{FFFD}Evil   né                 totp  \(grouped(bank))    10s",
      ].joined(separator: "\n") + "\n"
    let listed = try vault.run(["list", "--at", "1700000000"])
    #expect(listed.status == 0, "\(listed.error)")
    #expect(listed.output == expected)
  }

  @Test("100 accounts added, listed with the codes their URIs give, every listed field right")
  func roundTrip() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    var random = SystemRandomNumberGenerator()
    let uris = (0..<100).map { randomURI($0, random: &random) }
    let added = try vault.run(["add"], input: uris.joined(separator: "\n") + "\n")
    #expect(added.status == 0, "\(added.error)")
    #expect(added.output.split(separator: "\n").filter { $0.hasPrefix("added ") }.count == 100)
    let listed = try vault.run(["list", "--json", "--at", "1700000000"])
    #expect(listed.status == 0, "\(listed.error)")
    let objects = try #require(try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]])
    #expect(objects.count == 100)
    for uri in uris {
      let account = try OTPAuthURI.parse(uri).account
      let object = try #require(
        objects.first { $0["issuer"] as? String == account.issuer && $0["name"] as? String == account.name })
      #expect(object["type"] as? String == account.kind.rawValue)
      #expect(object["algorithm"] as? String == account.algorithm.rawValue)
      #expect((object["digits"] as? NSNumber)?.intValue == account.digits)
      #expect(!listed.output.contains(Base32.encode(account.secret)))
      if account.isTimeBased {
        #expect(object["code"] as? String == (try OTPGenerator(account: account).code(at: 1_700_000_000)))
        #expect((object["period"] as? NSNumber)?.intValue == account.period)
      } else {
        #expect(object["code"] is NSNull)
        #expect((object["counter"] as? NSNumber)?.uint64Value == account.counter)
      }
    }
  }

  @Test("a wrong password exits 77 and leaves the file byte-identical")
  func wrongPassword() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    _ = try vault.run(["add"], input: "otpauth://totp/A:b?secret=\(rfcSecret)")
    let before = try vault.bytes()
    try vault.folder.write("wrong", "not it\n")
    for arguments in [["list"], ["add"], ["rm", "A:b", "--yes"], ["code", "A:b"]] {
      let result = try otter(
        Array(arguments.prefix(1)) + ["--vault", vault.path, "--password-file", vault.folder.file("wrong")]
          + arguments.dropFirst(), input: "otpauth://totp/C:d?secret=\(rfcSecret)", environment: vault.environment)
      #expect(result.status == 77, "\(arguments)")
      #expect(result.error.contains("wrong password (or the vault is damaged)"))
    }
    #expect(try vault.bytes() == before)
  }

  @Test("a damaged vault exits 65, names the backup, and is never overwritten")
  func damaged() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    _ = try vault.run(["add"], input: "otpauth://totp/A:b?secret=\(rfcSecret)")
    var bytes = [UInt8](try vault.bytes())
    bytes[bytes.count - 20] ^= 0x40
    try Data(bytes).write(to: URL(fileURLWithPath: vault.path))
    for arguments in [["list"], ["add"]] {
      let result = try vault.run(arguments, input: "otpauth://totp/C:d?secret=\(rfcSecret)")
      #expect(result.status == 65)
      #expect(result.error.contains("damaged"))
      #expect(result.error.contains("vault.otter.bak"))
      #expect(try [UInt8](vault.bytes()) == bytes)
    }
    let truncated = Array(bytes.prefix(40))
    try Data(truncated).write(to: URL(fileURLWithPath: vault.path))
    #expect(try vault.run(["list"]).status == 65)
  }

  @Test("a vault or folder others can write is refused")
  func unsafePermissions() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    chmod(vault.path, 0o666)
    let file = try vault.run(["list"])
    #expect(file.status == 65)
    #expect(file.error.contains("other users"))
    chmod(vault.path, 0o600)
    chmod(vault.folder.file("data"), 0o777)
    #expect(try vault.run(["list"]).status == 65)
    chmod(vault.folder.file("data"), 0o700)
    #expect(try vault.run(["list"]).status == 0)
  }

  @Test("add skips exact duplicates; with a bad line it adds the good ones, names the bad one, and exits 65")
  func addDuplicatesAndErrors() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let uri = "otpauth://totp/A:b?secret=\(rfcSecret)"
    #expect(try vault.run(["add", "--quiet"], input: uri).output == "added A: b\n")
    let again = try vault.run(["add"], input: "# comment\n\n" + uri + "\n")
    #expect(again.output.contains("skipped A: b"))
    let bad = try vault.run(["add"], input: "otpauth://totp/C:d?secret=\(rfcSecret)\notpauth://totp/E:f?secret=JBSW1\n")
    #expect(bad.status == 65)
    #expect(bad.error.contains("line 2: secret is not valid base32 (character '1' at position 5"))
    #expect(bad.output.contains("added C: d"))
    #expect(bad.error.contains("1 line could not be added"))
    let listed = try vault.run(["list", "--json"])
    #expect(listed.output.contains("\"C\""))
    #expect(!listed.output.contains("\"E\""))
  }

  @Test("code QUERY: exact match wins, a unique part works, several or none exit 1")
  func codeQuery() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    _ = try vault.run(
      ["add"],
      input: [
        "otpauth://totp/Git:ada?secret=\(rfcSecret)", "otpauth://totp/GitHub:ada?secret=\(rfcSecret)&digits=8",
        "otpauth://totp/Bank:bob?secret=\(rfcSecret)",
      ].joined(separator: "\n"))
    #expect(try vault.run(["code", "git:ADA", "--at", "59"]).output == "287082\n")
    #expect(try vault.run(["code", "bank", "--at", "59"]).output == "287082\n")
    #expect(try vault.run(["code", "hub", "--at", "59"]).output == "94287082\n")
    let several = try vault.run(["code", "ada"])
    #expect(several.status == 1)
    #expect(several.error.contains("Git:ada") && several.error.contains("GitHub:ada"))
    #expect(try vault.run(["code", "nothing"]).status == 1)
    let json = try vault.run(["code", "bank", "--at", "59", "--json"])
    #expect(json.output.contains(#""issuer":"Bank","name":"bob","type":"totp""#))
    #expect(json.output.contains(#""code":"287082","remaining":1}"#))
  }

  @Test("code on an HOTP account prints the code and saves the advanced counter")
  func hotpAdvances() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    _ = try vault.run(["add"], input: "otpauth://hotp/Vpn:me?secret=\(rfcSecret)&counter=0")
    #expect(try vault.run(["code", "vpn"]).output == "755224\n")
    #expect(try vault.run(["code", "vpn"]).output == "287082\n")
    #expect(try vault.run(["list"]).output.contains("counter 2"))
    let listed = try vault.run(["list"])
    #expect(!listed.output.contains("359152"))
  }

  @Test("rm removes with --yes, refuses without a terminal, and rename changes issuer and name")
  func removeAndRename() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    _ = try vault.run(["add"], input: "otpauth://totp/A:b?secret=\(rfcSecret)\notpauth://totp/C:d?secret=\(rfcSecret)")
    #expect(try vault.run(["rm", "A:b"]).status == 64)
    #expect(try vault.run(["rm", "A:b", "--yes"]).output == "removed A:b\n")
    #expect(try vault.run(["rename", "C:d", "--issuer", "New", "--name", "name"]).status == 0)
    let listed = try vault.run(["list", "--json"])
    #expect(!listed.output.contains(#""issuer":"A""#))
    #expect(listed.output.contains(#""issuer":"New","name":"name""#))
    #expect(try vault.run(["rename", "New"]).status == 64)
  }

  @Test("passwd: the new password opens the vault, the old one no longer does, the accounts are re-encrypted")
  func changePassword() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    _ = try vault.run(["add"], input: "otpauth://totp/A:b?secret=\(rfcSecret)")
    try vault.folder.write("new", "battery staple\n")
    let before = [UInt8](try vault.bytes())
    let changed = try vault.run(["passwd", "--new-password-file", vault.folder.file("new")])
    #expect(changed.status == 0, "\(changed.error)")
    // A new master key: the encrypted accounts (everything after the key slots) change too.
    let after = [UInt8](try vault.bytes())
    func afterSlots(_ bytes: [UInt8]) -> [UInt8] {
      let length = Int(bytes[10]) << 24 | Int(bytes[11]) << 16 | Int(bytes[12]) << 8 | Int(bytes[13])
      return Array(bytes[(14 + length)...])
    }
    #expect(afterSlots(after).suffix(100) != afterSlots(before).suffix(100))
    #expect(try vault.run(["list"]).status == 77)
    let opened = try otter(
      ["code", "A:b", "--at", "59", "--vault", vault.path, "--password-file", vault.folder.file("new")],
      environment: vault.environment)
    #expect(opened.output == "287082\n")
  }

  @Test("passwords come from the flag, else OTTER_PASSWORD_FILE, else OTTER_PASSWORD_COMMAND")
  func passwordPrecedence() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try vault.folder.write("wrong", "wrong\n")
    var environment = vault.environment
    environment["OTTER_PASSWORD_COMMAND"] = "printf 'correct horse\\nsecond line\\n'"
    #expect(try otter(["list", "--vault", vault.path], environment: environment).status == 0)
    environment["OTTER_PASSWORD_FILE"] = vault.folder.file("wrong")
    #expect(try otter(["list", "--vault", vault.path], environment: environment).status == 77)
    #expect(
      try otter(["list", "--vault", vault.path, "--password-file", vault.folder.file("pw")], environment: environment).status == 0
    )
    #expect(
      try otter(
        ["list", "--vault", vault.path, "--password-file", "-"], input: "correct horse\n", environment: vault.environment
      ).status == 0)
  }

  @Test("the default location follows OTTER_VAULT, then XDG_DATA_HOME, then ~/.local/share")
  func defaultLocation() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("pw", "pw\n")
    let base = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "OTTER_PASSWORD_FILE": folder.file("pw")]
    #expect(try otter(["init", "--kdf-log-n", "14"], environment: base).status == 0)
    #expect(FileManager.default.fileExists(atPath: folder.file(".local/share/otter/vault.otter")))
    var xdg = base
    xdg["XDG_DATA_HOME"] = folder.file("xdg")
    #expect(try otter(["init", "--kdf-log-n", "14"], environment: xdg).status == 0)
    #expect(FileManager.default.fileExists(atPath: folder.file("xdg/otter/vault.otter")))
    var explicit = xdg
    explicit["OTTER_VAULT"] = folder.file("explicit/v.otter")
    #expect(try otter(["init", "--kdf-log-n", "14"], environment: explicit).status == 0)
    #expect(FileManager.default.fileExists(atPath: folder.file("explicit/v.otter")))
  }

  @Test("a missing vault exits 66 and says how to create one")
  func missingVault() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("pw", "pw\n")
    let result = try otter(["list", "--vault", folder.file("none.otter"), "--password-file", folder.file("pw")])
    #expect(result.status == 66)
    #expect(result.error.contains("otter init"))
  }

  @Test("an empty password is refused")
  func emptyPassword() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("pw", "\n")
    let result = try otter(["init", "--kdf-log-n", "14", "--vault", folder.file("v.otter"), "--password-file", folder.file("pw")])
    #expect(result.status == 65)
    #expect(result.error.contains("empty"))
    #expect(!FileManager.default.fileExists(atPath: folder.file("v.otter")))
  }

  @Test("init refuses a KDF cost below N = 2^14")
  func lowCost() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("pw", "pw\n")
    let result = try otter(["init", "--kdf-log-n", "13", "--vault", folder.file("v.otter"), "--password-file", folder.file("pw")])
    #expect(result.status == 64)
  }

  @Test("otter-bench runs on a small vault and reports each figure; zero runs is a usage error")
  func bench() throws {
    let ran = try runProgram(otterBenchPath, ["--accounts", "40", "--repeats", "3"])
    #expect(ran.status == 0, "\(ran.error)")
    for figure in [
      "open without KDF", "otter list's table", "open + list beyond the KDF", "the same, JSON tree decoder",
      "save (encode + atomic write)", "passwd beyond the KDFs",
    ] {
      #expect(ran.output.contains(figure), "\(figure)")
    }
    #expect(ran.output.contains("accounts: 40,"))
    let refused = try runProgram(otterBenchPath, ["--repeats", "0"])
    #expect(refused.status == 64)
    #expect(refused.error.contains("--repeats must be at least 1"))
    let viewer = try runProgram(otterBenchPath, ["--viewer", "--accounts", "200"])
    #expect(viewer.status == 0, "\(viewer.error)")
    #expect(viewer.output.contains("filter key"))
  }

  @Test("bench is not a user command: otter bench is unknown and --help does not list it")
  func benchHidden() throws {
    #expect(try otter(["bench"]).status == 64)
    #expect(!(try otter(["--help"]).output.contains("bench")))
  }
}
