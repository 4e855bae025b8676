import Foundation
import TestSupport
import Testing

/// The service's side of the flow (`otter new-secret`, `otter verify`) against the references:
/// pyotp parses the URIs and checks codes with `verify(valid_window=)`, oathtool with `--window`.
@Suite("The service side: new-secret and verify, against pyotp and oathtool")
struct ServiceSideTests {
  /// Runs Debian's python3 (pyotp is a Debian package) on `script`.
  func python(_ script: String, input: String = "") throws -> String {
    let result = try runProgram("/usr/bin/python3", ["-c", script], input: input)
    #expect(result.status == 0, "\(result.error)")
    return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test("new-secret prints a URI pyotp reads back with every setting, a fresh 160-bit secret each time")
  func newSecretDefaults() throws {
    let first = try otter(["new-secret", "--issuer", "Example Co", "--name", "alice@example.com"])
    let second = try otter(["new-secret", "--issuer", "Example Co", "--name", "alice@example.com"])
    #expect(first.status == 0 && first.error == "", "\(first.error)")
    let read = try python(
      """
      import sys, pyotp, base64
      for line in sys.stdin:
          t = pyotp.parse_uri(line.strip())
          print(type(t).__name__, t.issuer, t.name, t.digits, t.interval, t.digest().name, len(base64.b32decode(t.secret)) * 8)
      """, input: first.output + second.output)
    let lines = read.split(separator: "\n")
    #expect(lines.count == 2)
    for line in lines { #expect(line == "TOTP Example Co alice@example.com 6 30 sha1 160") }
    #expect(first.output != second.output)
  }

  @Test("--hotp, --bits, --digits and --algorithm reach the URI; a short secret is warned about; odd sizes are refused")
  func newSecretOptions() throws {
    let hotp = try otter(
      ["new-secret", "--issuer", "VPN", "--name", "bob", "--hotp", "--bits", "256", "--digits", "8", "--algorithm", "sha512"])
    #expect(hotp.status == 0)
    let read = try python(
      """
      import sys, pyotp, base64
      t = pyotp.parse_uri(sys.stdin.read().strip())
      print(type(t).__name__, t.digits, t.digest().name, len(base64.b32decode(t.secret + '=' * (-len(t.secret) % 8))) * 8, t.initial_count)
      """, input: hotp.output)
    #expect(read == "HOTP 8 sha512 256 0")
    let short = try otter(["new-secret", "--issuer", "Old", "--name", "c", "--bits", "80"])
    #expect(short.status == 0 && short.error.contains("128 bits"))
    #expect(try otter(["new-secret", "--issuer", "X", "--name", "c", "--bits", "81"]).status == 64)
    #expect(try otter(["new-secret", "--issuer", "X", "--name", "c", "--bits", "64"]).status == 64)
    #expect(try otter(["new-secret", "--issuer", "X", "--name", "c", "--hotp", "--period", "60"]).status == 64)
  }

  @Test("--qr prints the URI's QR code, which zbarimg decodes to the URI printed above it")
  func newSecretQR() throws {
    let result = try otter(["new-secret", "--issuer", "Example", "--name", "qr@example.com", "--qr"])
    #expect(result.status == 0)
    let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let uri = lines[0]
    let art = lines.dropFirst().filter { $0.contains("█") || $0.contains("▀") || $0.contains("▄") }
    let image = pixels(from: Array(art), halfBlocks: true, invert: false)
    #expect(try scan(greyscalePNG(width: image.width, height: image.height, raw: image.raw)) == uri)
  }

  @Test("on a terminal, a warning says the URI stays in the scrollback; redirected, none")
  func newSecretTerminalWarning() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let session = TmuxSession(command: "'\(otterPath)' new-secret --issuer T --name t; sleep 30")
    defer { session.kill() }
    #expect(session.wait(for: "scrollback").contains("otpauth://totp/T:t?secret="))
    let redirected = shell("'\(otterPath)' new-secret --issuer T --name t 2>&1 >'\(folder.file("uri"))'")
    #expect(redirected.output == "")
  }

  /// A URI file for `secret` with `parameters`.
  func uriFile(_ folder: TemporaryFolder, _ uri: String) throws -> String {
    try folder.write("account.uri", uri + "\n")
    return folder.file("account.uri")
  }

  @Test("verify agrees with pyotp's verify(valid_window=) and oathtool --window on 400 codes, times and windows")
  func verifyAgrees() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var random = SplitMix64(state: 24)
    for (algorithm, digits, period) in [("SHA1", 6, 30), ("SHA256", 8, 60), ("SHA512", 7, 30)] {
      let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
      let path = try uriFile(
        folder, "otpauth://totp/S:u?secret=\(secret)&algorithm=\(algorithm)&digits=\(digits)&period=\(period)")
      var cases: [(time: Int64, code: String, window: Int)] = []
      for _ in 0..<133 {
        let time = 1_700_000_000 + Int64(random.next() % 10_000_000)
        let distance = Int64(random.next() % 7) - 3
        let window = Int(random.next() % 3)
        let code = try runProgram(
          "/usr/bin/oathtool",
          [
            "--totp=\(algorithm.lowercased())", "--digits=\(digits)", "--time-step-size=\(period)s",
            "--now=@\(time + distance * Int64(period))", "-b", secret,
          ]
        ).output.trimmingCharacters(in: .whitespacesAndNewlines)
        cases.append((time, random.next() % 5 == 0 ? String(repeating: "1", count: digits) : code, window))
      }
      let script = """
        import sys, pyotp, hashlib
        t = pyotp.TOTP('\(secret)', digits=\(digits), interval=\(period), digest=hashlib.\(algorithm.lowercased()))
        for line in sys.stdin:
            time, code, window = line.split()
            print(1 if t.verify(code, for_time=int(time), valid_window=int(window)) else 0)
        """
      let pyotp = try python(script, input: cases.map { "\($0.time) \($0.code) \($0.window)\n" }.joined())
        .split(separator: "\n").map { $0 == "1" }
      #expect(pyotp.count == cases.count)
      var accepted = 0
      for (index, check) in cases.enumerated() {
        let mine = try otter(["verify", "--uri", path, check.code, "--window", "\(check.window)", "--at", "\(check.time)"])
        let oath = try runProgram(
          "/usr/bin/oathtool",
          [
            "--totp=\(algorithm.lowercased())", "--digits=\(digits)", "--time-step-size=\(period)s", "--now=@\(check.time)",
            "--window=\(check.window)", "-b", secret, check.code,
          ])
        #expect(mine.status == 0 || mine.status == 1, "\(mine.error)")
        #expect((mine.status == 0) == pyotp[index], "pyotp, case \(check)")
        #expect((mine.status == 0) == (oath.status == 0), "oathtool, case \(check)")
        if mine.status == 0 { accepted += 1 }
      }
      // Both outcomes are exercised.
      #expect(accepted > 20 && accepted < cases.count - 20, "\(accepted)")
    }
  }

  @Test("HOTP: the counter and --window counters ahead, as oathtool --hotp --window accepts them")
  func verifyHOTPAgreesWithOathtool() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    let path = try uriFile(folder, "otpauth://hotp/V:u?secret=\(secret)&counter=10")
    for used in [8, 9, 10, 11, 13, 14, 20] {
      let code = try runProgram("/usr/bin/oathtool", ["--hotp", "-c", "\(used)", "-b", secret]).output
        .trimmingCharacters(in: .whitespacesAndNewlines)
      for window in [0, 1, 3] {
        let mine = try otter(["verify", "--uri", path, code, "--window", "\(window)"])
        let oath = try runProgram("/usr/bin/oathtool", ["--hotp", "-c", "10", "--window=\(window)", "-b", secret, code])
        #expect((mine.status == 0) == (oath.status == 0), "counter \(used), window \(window)")
        #expect((mine.status == 0) == (used >= 10 && used <= 10 + window), "counter \(used), window \(window)")
      }
    }
  }

  @Test("--state: a code is good once, an earlier step is refused after a later one, the file is 0600 JSON")
  func verifyStateReplay() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try uriFile(folder, "otpauth://totp/S:u?secret=JBSWY3DPEHPK3PXP&issuer=S")
    let state = folder.file("state")
    let now: Int64 = 1_700_000_015
    func code(_ time: Int64) throws -> String {
      try runProgram("/usr/bin/oathtool", ["--totp", "--now=@\(time)", "-b", "JBSWY3DPEHPK3PXP"]).output
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let check = { (code: String) throws -> Int32 in
      try otter(["verify", "--uri", path, code, "--state", state, "--at", "\(now)"]).status
    }
    #expect(try check(code(now)) == 0)
    #expect(try check(code(now)) == 1, "the same code twice")
    #expect(try check(code(now - 30)) == 1, "an earlier step after a later one")
    #expect(try check(code(now + 30)) == 0, "the next step is still good")
    let attributes = try FileManager.default.attributesOfItem(atPath: state)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    let saved = try String(contentsOfFile: state, encoding: .utf8)
    #expect(saved == #"{"version":1,"account":"S:u","type":"totp","lastAccepted":56666668,"counter":null}"# + "\n")
    #expect(!saved.contains("JBSWY3DPEHPK3PXP"))
    // The code can come on standard input, out of sight of ps.
    #expect(try otter(["verify", "--uri", path, "-", "--at", "\(now + 60)"], input: try code(now + 60) + "\n").status == 0)
    #expect(try otter(["verify", "--uri", path, "-", "--at", "\(now + 60)"], input: "000000\n").status == 1)
    #expect(try otter(["verify", "--uri", "-", "-"], input: "x\n").status == 64)
    // Without --state, replays are the caller's business.
    #expect(try otter(["verify", "--uri", path, code(now), "--at", "\(now)"]).status == 0)
  }

  @Test("--state with HOTP: a token that ran ahead is resynchronised within the window, and its old codes refused")
  func verifyHOTPResync() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    let path = try uriFile(folder, "otpauth://hotp/V:u?secret=\(secret)&counter=0")
    let state = folder.file("state")
    func code(_ counter: Int) throws -> String {
      try runProgram("/usr/bin/oathtool", ["--hotp", "-c", "\(counter)", "-b", secret]).output
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let check = { (code: String, window: Int) throws -> Int32 in
      try otter(["verify", "--uri", path, code, "--state", state, "--window", "\(window)"]).status
    }
    #expect(try check(code(0), 1) == 0)
    #expect(try check(code(0), 1) == 1, "used")
    // The user pressed the button five times without logging in: counter 6 is beyond a window of 1...
    #expect(try check(code(6), 1) == 1)
    // ...and within a window of 10, which moves the counter past it.
    #expect(try check(code(6), 10) == 0)
    #expect(try String(contentsOfFile: state, encoding: .utf8).contains(#""lastAccepted":6,"counter":7"#))
    #expect(try check(code(3), 10) == 1, "a code from before the resynchronisation")
    #expect(try check(code(7), 0) == 0, "the next counter, with no look-ahead")
  }

  @Test("eight checks of one code at once: exactly one is accepted")
  func verifyConcurrent() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try uriFile(folder, "otpauth://totp/S:u?secret=JBSWY3DPEHPK3PXP")
    let code = try runProgram("/usr/bin/oathtool", ["--totp", "--now=@1700000000", "-b", "JBSWY3DPEHPK3PXP"]).output
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let command =
      (0..<8).map { index in
        "('\(otterPath)' verify --uri '\(path)' \(code) --state '\(folder.file("state"))' --at 1700000000; echo $? > '\(folder.file("rc\(index)"))') &"
      }.joined(separator: " ") + " wait"
    _ = shell(command)
    let statuses = try (0..<8).map { try String(contentsOfFile: folder.file("rc\($0)"), encoding: .utf8) }
    #expect(statuses.filter { $0 == "0\n" }.count == 1, "\(statuses)")
    #expect(statuses.filter { $0 == "1\n" }.count == 7, "\(statuses)")
  }

  @Test("a state file of another account, or a damaged one, is refused (65) and left as it was")
  func verifyStateRefused() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try uriFile(folder, "otpauth://totp/S:u?secret=JBSWY3DPEHPK3PXP&issuer=S")
    let other = #"{"version":1,"account":"T:v","type":"totp","lastAccepted":1,"counter":null}"# + "\n"
    try folder.write("state", other)
    let code = try runProgram("/usr/bin/oathtool", ["--totp", "--now=@1700000000", "-b", "JBSWY3DPEHPK3PXP"]).output
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let refused = try otter(["verify", "--uri", path, code, "--state", folder.file("state"), "--at", "1700000000"])
    #expect(refused.status == 65 && refused.error.contains("belongs to T:v"), "\(refused.error)")
    #expect(try String(contentsOfFile: folder.file("state"), encoding: .utf8) == other)
    try folder.write("state", "{\"version\":1,")
    let damaged = try otter(["verify", "--uri", path, code, "--state", folder.file("state"), "--at", "1700000000"])
    #expect(damaged.status == 65 && damaged.error.contains("not an otter verify state file"), "\(damaged.error)")
    #expect(try String(contentsOfFile: folder.file("state"), encoding: .utf8) == "{\"version\":1,")
  }

  @Test("a code as people type it: with a space or a hyphen, and Steam's letters in lower case")
  func typedCodes() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let totp = try uriFile(folder, "otpauth://totp/S:u?secret=JBSWY3DPEHPK3PXP")
    let code = try runProgram("/usr/bin/oathtool", ["--totp", "--now=@1700000000", "-b", "JBSWY3DPEHPK3PXP"]).output
      .trimmingCharacters(in: .whitespacesAndNewlines)
    for typed in ["\(code.prefix(3)) \(code.suffix(3))", "\(code.prefix(3))-\(code.suffix(3))"] {
      #expect(try otter(["verify", "--uri", totp, typed, "--at", "1700000000"]).status == 0, "\(typed)")
    }
    try folder.write("steam.uri", "otpauth://steam/Steam:gabe?secret=ONSWG4TFOQYTEMZUGU3DOOBZGAYTEMZU\n")
    let steam = try otter(["code", "--uri", folder.file("steam.uri"), "--at", "1700000000"]).output
      .trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(steam.count == 5 && steam != steam.lowercased(), "the code has letters: \(steam)")
    #expect(try otter(["verify", "--uri", folder.file("steam.uri"), steam.lowercased(), "--at", "1700000000"]).status == 0)
    #expect(try otter(["verify", "--uri", folder.file("steam.uri"), "22222", "--at", "1700000000"]).status == 1)
  }
}
