import Foundation
import QRCodeArt
import TestSupport
import Testing

/// `otter import` on the encrypted exports of other apps, written by the independent
/// Tests/Reference/export_reference.py: detection, the source password, a wrong one, the budget.
@Suite("Importing encrypted exports from the command line")
struct MoreFormatsCommandTests {
  static var accounts: [[String: Any]] {
    [
      [
        "kind": "totp", "issuer": "Deno", "name": "mason@example.com", "secret": "4SJHB4GSD43FZBAI7C2HLRJGPQ",
        "algorithm": "SHA1",
        "digits": 6, "period": 30, "counter": 0,
      ],
      [
        "kind": "hotp", "issuer": "Air Canada", "name": "benjamin", "secret": "KUVJJOM753IHTNDSZVCNKL7GII", "algorithm": "SHA256",
        "digits": 7, "period": 30, "counter": 50,
      ],
    ]
  }

  /// Writes the reference export of `format` into `folder` and returns its path.
  func export(_ format: String, _ options: [String] = [], in folder: TemporaryFolder, name: String) throws -> String {
    let script = packageRoot.appendingPathComponent("Tests/Reference/export_reference.py").path
    let input = String(decoding: try JSONSerialization.data(withJSONObject: Self.accounts), as: UTF8.self)
    let path = folder.file(name)
    let result = try runProgram(
      "/bin/sh", ["-c", "/usr/bin/python3 '\(script)' \(format) 'correct horse' \(options.joined(separator: " ")) > '\(path)'"],
      input: input)
    #expect(result.status == 0, "\(result.error)")
    return path
  }

  @Test(
    "each encrypted format is detected and said, opens with --source-password-file, and its codes are the reference's",
    arguments: [
      ("2fas", [String](), "backup.2fas", "2fas"), ("andotp", [], "otp_accounts.json.aes", "andotp"),
      ("andotp", ["old"], "otp_accounts.json.aes", "andotp"), ("authpro", [], "backup.authpro", "authpro"),
      ("authpro", ["legacy"], "backup.authpro", "authpro"), ("ente", [], "ente-export.txt", "ente"),
    ])
  func encrypted(format: String, options: [String], name: String, detected: String) throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let path = try export(format, options, in: vault.folder, name: name)
    try vault.folder.write("source", "correct horse\n")
    let result = try vault.run(["import", path, "--source-password-file", vault.folder.file("source")])
    #expect(result.status == 0, "\(format) \(options): \(result.error)")
    #expect(result.error.contains("reading \(detected) (encrypted) from"), "\(result.error)")
    #expect(result.output.contains("2 added, 0 skipped as duplicates, 0 failed"), "\(result.output)")
    // The codes Otter now shows are pyotp's for the same secrets (Tests/Reference/otp_reference.py).
    let reference = try runProgram(
      "/usr/bin/python3", [packageRoot.appendingPathComponent("Tests/Reference/otp_reference.py").path],
      input: "totp SHA1 6 30 4SJHB4GSD43FZBAI7C2HLRJGPQ 1700000000\nhotp SHA256 7 30 KUVJJOM753IHTNDSZVCNKL7GII 50\n")
    let codes = reference.output.split(separator: "\n").map(String.init)
    #expect(codes.count == 2)
    let totp = try vault.run(["code", "Deno", "--at", "1700000000"]).output
    #expect(totp.trimmingCharacters(in: .whitespacesAndNewlines) == codes.first)
    let hotp = try vault.run(["code", "Air Canada"]).output
    #expect(hotp.trimmingCharacters(in: .whitespacesAndNewlines) == codes.last)
  }

  @Test("a wrong source password exits 77 and leaves the vault byte for byte; no password and no terminal says how to give one")
  func wrongPassword() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try vault.folder.write("wrong", "not it\n")
    let before = try vault.bytes()
    for (format, name) in [("2fas", "b.2fas"), ("andotp", "b.json.aes"), ("authpro", "b.authpro"), ("ente", "b.txt")] {
      let path = try export(format, in: vault.folder, name: name)
      let result = try vault.run(["import", path, "--source-password-file", vault.folder.file("wrong")])
      #expect(result.status == 77, "\(format): \(result.error)")
      #expect(result.error.contains("wrong password for the encrypted export"), "\(format): \(result.error)")
      #expect(try vault.bytes() == before)
      let unasked = try vault.run(["import", path])
      #expect(unasked.status != 0)
      #expect(unasked.error.contains("--source-password-file"), "\(unasked.error)")
      #expect(try vault.bytes() == before)
    }
  }

  @Test("FreeOTP 2's externalBackup.xml (written by Java): detected and said, the password asked, a wrong one exits 77")
  func freeOTPBackup() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try vault.folder.write("source", "correct horse\n")
    try vault.folder.write("wrong", "not it\n")
    let path = vault.folder.file("externalBackup.xml")
    let input = String(
      decoding: try JSONSerialization.data(withJSONObject: ["password": "correct horse", "accounts": Self.accounts]),
      as: UTF8.self)
    let written = try runProgram(
      freeOTPBackupWriter[0], Array(freeOTPBackupWriter.dropFirst()) + [path], input: input)
    #expect(written.status == 0, "\(written.error)")
    let before = try vault.bytes()
    let wrong = try vault.run(["import", path, "--source-password-file", vault.folder.file("wrong")])
    #expect(wrong.status == 77, "\(wrong.error)")
    #expect(try vault.bytes() == before)
    let right = try vault.run(["import", path, "--source-password-file", vault.folder.file("source")])
    #expect(right.status == 0, "\(right.error)")
    #expect(right.error.contains("reading freeotp (encrypted) from"), "\(right.error)")
    #expect(right.output.contains("2 added, 0 skipped as duplicates, 0 failed"), "\(right.output)")
    let reference = try runProgram(
      "/usr/bin/python3", [packageRoot.appendingPathComponent("Tests/Reference/otp_reference.py").path],
      input: "totp SHA1 6 30 4SJHB4GSD43FZBAI7C2HLRJGPQ 1700000000\n")
    #expect(
      try vault.run(["code", "Deno", "--at", "1700000000"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        == reference.output.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  @Test(
    "a KeePassXC database (written by KeePassXC itself) imports with its password, a wrong one exits 77; keepassxc-cli's own CSV export gives the same TOTP codes"
  )
  func keePassXC() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try vault.folder.write("source", "correct horse\n")
    try vault.folder.write("wrong", "not it\n")
    let database = vault.folder.file("Passwords.kdbx")
    let input = String(
      decoding: try JSONSerialization.data(withJSONObject: ["password": "correct horse", "accounts": Self.accounts]),
      as: UTF8.self)
    let written = try runProgram(
      "/usr/bin/python3", [packageRoot.appendingPathComponent("Tests/Reference/kdbx_reference.py").path, database, "resave"],
      input: input)
    #expect(written.status == 0, "\(written.error)")
    let before = try vault.bytes()
    let wrong = try vault.run(["import", database, "--source-password-file", vault.folder.file("wrong")])
    #expect(wrong.status == 77, "\(wrong.error)")
    #expect(try vault.bytes() == before)
    let right = try vault.run(["import", database, "--source-password-file", vault.folder.file("source")])
    #expect(right.status == 0, "\(right.error)")
    #expect(right.error.contains("reading kdbx (encrypted) from"), "\(right.error)")
    #expect(right.output.contains("2 added, 0 skipped as duplicates, 0 failed"), "\(right.output)")

    // KeePassXC's CSV of the same database, into a second vault: the same codes.
    let exported = try runProgram(
      "/bin/sh", ["-c", "keepassxc-cli export -q --format csv '\(database)' > '\(vault.folder.file("export.csv"))'"],
      input: "correct horse\n",
      environment: ProcessInfo.processInfo.environment.merging(["QT_QPA_PLATFORM": "offscreen"]) { $1 })
    #expect(exported.status == 0, "\(exported.error)")
    let other = try TestVault()
    defer { other.folder.remove() }
    let csv = try other.run(["import", vault.folder.file("export.csv")])
    #expect(csv.status == 0, "\(csv.error)")
    #expect(csv.error.contains("reading keepassxc from"), "\(csv.error)")
    #expect(csv.output.contains("2 added"), "\(csv.output)")
    let arguments = ["code", "Deno", "--at", "1700000000"]
    let mine = try vault.run(arguments)
    #expect(mine.status == 0 && !mine.output.isEmpty, "\(mine.error)")
    #expect(try other.run(arguments).output == mine.output)
    // KeePassXC has no HOTP: its CSV writes the HOTP entry's URI as TOTP (and pads secrets
    // with `=`, percent-encoded), so only the database keeps that account as it is.
    let text = try String(contentsOfFile: vault.folder.file("export.csv"), encoding: .utf8)
    #expect(text.contains("otpauth://totp/Air%20Canada") && text.contains("%3D%3D"), "\(text)")
    #expect(try vault.run(["list"]).output.contains("hotp"))
  }

  @Test("a file naming an absurd KDF cost is refused at once (65), before any derivation")
  func budget() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try vault.folder.write("source", "correct horse\n")
    let before = try vault.bytes()
    for (format, options) in [("andotp", ["cost=2000000000", "unsealed"]), ("ente", ["memory=68719476736", "unsealed"])] {
      let path = try export(format, options, in: vault.folder, name: "absurd-\(format)")
      let started = Date()
      let result = try vault.run(["import", path, "--format", format, "--source-password-file", vault.folder.file("source")])
      #expect(result.status == 65, "\(format): \(result.error)")
      #expect(
        result.error.contains("work limit") || result.error.contains("over Otter's 1 GiB limit"), "\(format): \(result.error)")
      #expect(result.error.contains("nothing was derived"))
      #expect(Date().timeIntervalSince(started) < 5)
      #expect(try vault.bytes() == before)
    }
  }

  @Test("a WebP screenshot of an enrollment code imports (otter-qr-scan decodes it with libwebp)")
  func webp() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let uri = "otpauth://totp/Shot:me@example.com?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Shot"
    try Data(PNGWriter.png(try QREncoder.encode(uri), scale: 4)).write(to: URL(fileURLWithPath: vault.folder.file("shot.png")))
    let made = try runProgram(
      "/usr/bin/cwebp", ["-quiet", "-q", "80", vault.folder.file("shot.png"), "-o", vault.folder.file("shot.webp")])
    #expect(made.status == 0, "\(made.error)")
    let result = try vault.run(["import", vault.folder.file("shot.webp")])
    #expect(result.status == 0, "\(result.error)")
    #expect(result.error.contains("reading image from"), "\(result.error)")
    #expect(result.output.contains("1 added"), "\(result.output)")
    #expect(try vault.run(["list"]).output.contains("me@example.com"))
  }

  @Test("Authy (sealed tokens) and TOTP Authenticator backups: detected, the password asked, a wrong one exits 77")
  func authyAndTOTPAuthenticator() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    try vault.folder.write("source", "correct horse\n")
    try vault.folder.write("wrong", "not it\n")
    for (format, options, name) in [
      ("authy", ["sealed"], "com.authy.storage.tokens.authenticator.xml"), ("totp-authenticator", [], "backup.bin"),
    ] {
      let path = try export(format, options, in: vault.folder, name: name)
      let before = try vault.bytes()
      let wrong = try vault.run(["import", path, "--source-password-file", vault.folder.file("wrong")])
      #expect(wrong.status == 77, "\(format): \(wrong.error)")
      #expect(try vault.bytes() == before)
      let right = try vault.run(["import", path, "--source-password-file", vault.folder.file("source")])
      #expect(right.status == 0, "\(format): \(right.error)")
      #expect(right.error.contains("reading \(format) (encrypted) from"), "\(right.error)")
      #expect(right.output.contains("0 failed"), "\(right.output)")
    }
    // Deno is TOTP SHA-1 in both files: its code is pyotp's.
    let reference = try runProgram(
      "/usr/bin/python3", [packageRoot.appendingPathComponent("Tests/Reference/otp_reference.py").path],
      input: "totp SHA1 6 30 4SJHB4GSD43FZBAI7C2HLRJGPQ 1700000000\n")
    #expect(try vault.run(["code", "Deno", "--at", "1700000000"]).output == reference.output)
  }
}
