import CryptoPrimitives
import Foundation
import OTPCore
import TestSupport
import Testing

@Suite("otter code --uri")
struct CodeCommandTests {
  static let rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  // "12345678901234567890"
  static let uri = "otpauth://totp/ACME:alice?secret=\(rfcSecret)&issuer=ACME"

  @Test("prints the RFC 6238 code for --at, digits only and a newline")
  func singleCode() throws {
    let result = try otter(["code", "--uri", "-", "--at", "59"], input: Self.uri + "\n")
    #expect(result.status == 0)
    #expect(result.output == "287082\n")
    #expect(result.error == "")
  }

  @Test("reads the URI from a file as well as from standard input")
  func fromFile() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("otter-uri-\(UUID().uuidString)")
    try Data((Self.uri + "\n").utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let result = try otter(["code", "--uri", file.path, "--at", "59"])
    #expect(result.output == "287082\n")
  }

  @Test("--count matches oathtool --totp -w byte for byte")
  func countMatchesOathtool() throws {
    for (algorithm, digits) in [("SHA1", 6), ("SHA256", 7), ("SHA512", 8)] {
      let uri = "otpauth://totp/a?secret=\(Self.rfcSecret)&algorithm=\(algorithm)&digits=\(digits)&period=45"
      let mine = try otter(["code", "--uri", "-", "--at", "1700000000", "--count", "5000"], input: uri)
      let reference = try runProgram(
        "/usr/bin/oathtool",
        [
          "--totp=\(algorithm.lowercased())", "--digits=\(digits)", "--time-step-size=45s", "--now=@1700000000", "-w", "4999",
          "-b", Self.rfcSecret,
        ])
      #expect(mine.status == 0)
      #expect(reference.status == 0)
      #expect(mine.output == reference.output, "\(algorithm)")
      #expect(mine.output.split(separator: "\n").count == 5000)
    }
  }

  @Test("--count on an HOTP URI walks the counters from the stored one")
  func hotpCount() throws {
    let result = try otter(["code", "--uri", "-", "--count", "3"], input: "otpauth://hotp/a?secret=\(Self.rfcSecret)&counter=1")
    #expect(result.output == "287082\n359152\n969429\n")
  }

  @Test("--json prints the documented keys in order, nulls where not applicable, never the secret")
  func json() throws {
    let totp = try otter(["code", "--uri", "-", "--at", "59", "--json"], input: Self.uri)
    #expect(
      totp.output
        == #"{"issuer":"ACME","name":"alice","type":"totp","algorithm":"SHA1","digits":6,"period":30,"counter":null,"code":"287082","remaining":1}"#
        + "\n")
    let hotp = try otter(["code", "--uri", "-", "--json"], input: "otpauth://hotp/X:b?secret=\(Self.rfcSecret)&counter=0")
    #expect(
      hotp.output
        == #"{"issuer":"X","name":"b","type":"hotp","algorithm":"SHA1","digits":6,"period":null,"counter":0,"code":"755224","remaining":null}"#
        + "\n")
    #expect(!totp.output.contains(Self.rfcSecret))
  }

  @Test("JSON escapes hostile labels instead of passing escape sequences through")
  func jsonEscapes() throws {
    let result = try otter(
      ["code", "--uri", "-", "--at", "59", "--json"], input: "otpauth://totp/ev%1B%5B2Jil%E2%80%AE?secret=\(Self.rfcSecret)")
    #expect(result.status == 0)
    #expect(!result.output.contains("\u{1b}"))
    #expect(!result.output.contains("\u{202e}"))
    #expect(result.output.contains(#""name":"ev\u001b[2Jil\u202e""#))
  }

  @Test("a Steam URI prints five Steam characters")
  func steam() throws {
    let result = try otter(["code", "--uri", "-", "--at", "59"], input: "otpauth://steam/Steam:me?secret=\(Self.rfcSecret)")
    #expect(result.status == 0)
    #expect(result.output.count == 6)
    #expect(result.output.dropLast().allSatisfy { "23456789BCDFGHJKMNPQRTVWXY".contains($0) })
  }

  @Test(
    "bad input exits 65 with one clear line on stderr and no secret",
    arguments: [
      ("otpauth://totp/a?secret=\(rfcSecret)&digits=4", "digits is 4 but must be between 6 and 10"),
      ("otpauth://totp/a?secret=JBSWY3DP1", "character '1' at position 9"),
      ("https://example.com/?secret=\(rfcSecret)", "must start with otpauth://"),
      ("", "holds no otpauth URI"),
      ("otpauth://hotp/a?secret=\(rfcSecret)", "needs a counter"),
    ])
  func badInput(input: String, message: String) throws {
    let result = try otter(["code", "--uri", "-"], input: input)
    #expect(result.status == 65)
    #expect(result.output == "")
    #expect(result.error.hasPrefix("otter: "))
    #expect(result.error.contains(message))
    #expect(result.error.split(separator: "\n").count == 1)
    #expect(!result.error.contains(Self.rfcSecret))
  }

  @Test("a time before 1970 exits 65")
  func beforeEpoch() throws {
    let result = try otter(["code", "--uri", "-", "--at=-30"], input: Self.uri)
    #expect(result.status == 65)
    #expect(result.error.contains("before 1970"))
  }

  @Test(
    "usage mistakes exit 64",
    arguments: [
      ["code"], ["code", "--uri", "-", "--count", "0"], ["code", "--uri", "-", "--count", "2", "--json"],
      ["code", "github", "--uri", "-"], ["code", "--uri", "-", "--at", "soon"], ["code", "--bogus"],
    ])
  func usage(arguments: [String]) throws {
    let result = try otter(arguments, input: Self.uri)
    #expect(result.status == 64)
  }

  @Test("--at with an HOTP URI is a usage error")
  func hotpAt() throws {
    let result = try otter(["code", "--uri", "-", "--at", "59"], input: "otpauth://hotp/a?secret=\(Self.rfcSecret)&counter=0")
    #expect(result.status == 64)
  }

  @Test("a missing URI file exits 66")
  func missingFile() throws {
    let result = try otter(["code", "--uri", "/nonexistent/otter.uri"])
    #expect(result.status == 66)
  }

  @Test("an issuer mismatch is a warning on stderr, and the code still prints")
  func warning() throws {
    let result = try otter(
      ["code", "--uri", "-", "--at", "59"], input: "otpauth://totp/Old:a?secret=\(Self.rfcSecret)&issuer=New")
    #expect(result.status == 0)
    #expect(result.output == "287082\n")
    #expect(result.error.contains("warning"))
  }
}

@Suite("otter demo")
struct DemoCommandTests {
  @Test("shows every account of seeds/demo.uris with the codes those URIs give")
  func demoMatchesSeeds() throws {
    let text = try String(contentsOf: packageRoot.appendingPathComponent("seeds/demo.uris"), encoding: .utf8)
    let accounts = try text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
      .map { try OTPAuthURI.parse(String($0)).account }
    #expect(accounts.count >= 5)
    #expect(accounts.contains { $0.algorithm == .sha256 })
    #expect(accounts.contains { $0.digits == 8 })
    #expect(accounts.contains { $0.period == 60 })
    #expect(accounts.contains { $0.kind == .hotp })
    let result = try otter(["demo", "--at", "1700000000"])
    #expect(result.status == 0)
    let rows = result.output.split(separator: "\n").dropFirst()
    #expect(rows.count == accounts.count)
    for (account, row) in zip(accounts, rows) {
      let generator = try OTPGenerator(account: account)
      let code = account.isTimeBased ? try generator.code(at: 1_700_000_000) : generator.code(counter: account.counter)
      let shown = row.replacingOccurrences(of: " ", with: "")
      #expect(shown.contains(code), "\(row) should show \(code)")
      #expect(row.contains(account.issuer))
    }
  }
}

@Suite("Process hygiene")
struct HygieneTests {
  @Test("otter --version names the linked OpenSSL, libqrencode and ncurses")
  func version() throws {
    let result = try otter(["--version"])
    #expect(result.status == 0)
    #expect(result.output.contains("OpenSSL 3"))
    #expect(result.output.contains("libqrencode 4."))
    #expect(result.output.contains("ncurses 6."))
  }
}

@Suite("Core dumps")
struct CoreDumpTests {
  @Test("otter turns core dumps off before it reads a secret")
  func coreDumpsOff() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: otterPath)
    process.arguments = ["code", "--uri", "-"]
    let input = Pipe()
    process.standardInput = input
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer {
      try? input.fileHandleForWriting.close()
      process.waitUntilExit()
    }
    // otter is now blocked reading standard input; its limits are already set.
    var limits = ""
    for _ in 0..<200 {
      limits = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)) ?? ""
      if limits.contains("Max core file size") { break }
      usleep(10_000)
    }
    let line = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") } ?? ""
    let fields = line.split(separator: " ", omittingEmptySubsequences: true)
    #expect(fields.count >= 6)
    // "Max core file size  0  0  bytes": soft and hard limits are both zero. Give otter a moment
    // first: the limit is set at the start of main, before any input is read.
    usleep(100_000)
    let again = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/limits", encoding: .utf8)) ?? ""
    let final = again.split(separator: "\n").first { $0.hasPrefix("Max core file size") } ?? ""
    let values = final.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2)
    #expect(Array(values) == ["0", "0"], "\(final)")
  }
}

@Suite("Fuzzing regressions")
struct FuzzRegressionTests {
  @Test("every kept fuzzer input replays through its harness without a crash")
  func replay() throws {
    let fuzzer = URL(fileURLWithPath: otterPath).deletingLastPathComponent().appendingPathComponent("otter-fuzz").path
    let root = packageRoot.appendingPathComponent("fuzz/regressions").path
    let harnesses = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") }
    #expect(harnesses.contains("uri"))
    for harness in harnesses {
      let result = try runProgram(fuzzer, [root + "/" + harness], environment: ["OTTER_FUZZ_TARGET": harness])
      #expect(result.status == 0, "\(harness): \(result.error)")
    }
    // The replay build itself works on a seed.
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("seed", "otpauth://totp/A:b?secret=\(rfcSecret)")
    let seed = try runProgram(fuzzer, [folder.file("seed")], environment: ["OTTER_FUZZ_TARGET": "uri"])
    #expect(seed.output == "replayed 1 inputs through uri\n")
  }
}
