import Foundation
import TestSupport
import Testing

/// `otter watch` through the real binary, its clock set by faketime (and sped up), its codes
/// checked against oathtool, its JSON parsed.
@Suite("otter watch: a line per change, for status bars")
struct WatchTests {
  static let bank = "JBSWY3DPEHPK3PXP"

  /// A vault with a 30-second and a 60-second account.
  func vault() throws -> TestVault {
    let vault = try TestVault()
    let uris =
      "otpauth://totp/Bank:alice?secret=\(Self.bank)&issuer=Bank\n"
      + "otpauth://totp/Git:bob?secret=\(rfcSecret)&issuer=Git&period=60\n"
      + "otpauth://hotp/VPN:carol?secret=\(Self.bank)&issuer=VPN&counter=3\n"
    #expect(try vault.run(["add"], input: uris).status == 0)
    return vault
  }

  /// Runs `otter watch ARGUMENTS` under faketime from `start` at `speed`, for `seconds` of
  /// real time, and returns its lines.
  func watch(_ vault: TestVault, _ arguments: String, start: Int64, speed: Int = 1, seconds: Double) -> [String] {
    let date = shell("TZ=UTC date -u -d @\(start) '+%Y-%m-%d %H:%M:%S'").output.trimmingCharacters(in: .whitespacesAndNewlines)
    let faked = speed == 1 ? "@\(date)" : "@\(date) x\(speed)"
    let command =
      "cd '\(vault.folder.path)' && HOME='\(vault.folder.path)' TZ=UTC timeout \(seconds) faketime -f '\(faked)' "
      + "'\(otterPath)' watch \(arguments) --vault '\(vault.path)' --password-file '\(vault.folder.file("pw"))'"
    return shell(command).output.split(separator: "\n").map(String.init)
  }

  func oathtool(_ secret: String, at time: Int64, period: Int = 30) throws -> String {
    try runProgram("/usr/bin/oathtool", ["--totp", "--time-step-size=\(period)", "-b", secret, "--now=@\(time)"]).output
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test("a line when a code changes and at no other time: 45 fake seconds give three lines, with oathtool's codes")
  func linesOnChange() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    // Start 8 s before a boundary of both steps (1699999980) and run about 55 fake seconds (x10
    // for 5.5 s): the codes change at +8 (both) and +38 (the 30-s one), and next at +68.
    let start: Int64 = 1_699_999_972
    let lines = watch(vault, "bank git --format '{issuer} {code}'", start: start, speed: 10, seconds: 5.5)
    let expected = try [start, 1_699_999_980, 1_700_000_010].map { time in
      "Bank \(try oathtool(Self.bank, at: time))  Git \(try oathtool(rfcSecret, at: time, period: 60))"
    }
    #expect(lines == expected)
  }

  @Test("with {remaining}, a line each second, counting down")
  func everySecond() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let lines = watch(vault, "bank --format '{remaining}'", start: 1_700_000_000, speed: 5, seconds: 2.2)
    let numbers = lines.compactMap { Int($0) }
    #expect(numbers.count == lines.count && numbers.count >= 5 && numbers.count <= 12, "\(lines)")
    for (a, b) in zip(numbers, numbers.dropFirst()) { #expect(a - b == 1 || (a == 1 && b == 30), "\(numbers)") }
  }

  @Test("--waybar: waybar's JSON (text, tooltip, class, percentage); expiring in the last 5 seconds")
  func waybar() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    // 1700000007 is 3 s before a 30-s boundary.
    // (The fake clock starts with the process, so a slow start-up may cost a second.)
    let lines = watch(vault, "bank --waybar", start: 1_700_000_007, seconds: 2)
    let first = try #require(lines.first)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
    let code = try oathtool(Self.bank, at: 1_700_000_007)
    #expect(object["text"] as? String == "Bank \(code)")
    let left = try #require([3, 2, 1].first { object["tooltip"] as? String == "Bank: alice — \(code) (\($0) s left)" })
    #expect(object["class"] as? String == "expiring")
    #expect(object["percentage"] as? Int == left * 100 / 30)
    let json = watch(vault, "git --json", start: 1_700_000_000, seconds: 2)
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data((json.first ?? "").utf8)) as? [String: Any])
    #expect(parsed["locked"] as? Bool == false)
    let account = try #require((parsed["accounts"] as? [[String: Any]])?.first)
    #expect(account["code"] as? String == (try oathtool(rfcSecret, at: 1_700_000_000, period: 60)))
    #expect((38...40).contains(account["remaining"] as? Int ?? 0) && account["period"] as? Int == 60)
  }

  @Test("an HOTP account is refused (showing it would spend the code); a label cannot inject a placeholder")
  func refusals() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let refused = try vault.run(["watch", "vpn"])
    #expect(refused.status == 64 && refused.error.contains("HOTP"))
    #expect(try vault.run(["add"], input: "otpauth://totp/%7Bcode%7D:x?secret=\(Self.bank)&issuer=%7Bcode%7D\n").status == 0)
    let lines = watch(vault, "'{code}' --format '{issuer}={code}'", start: 1_700_000_000, seconds: 2)
    #expect(lines == ["{code}=\(try oathtool(Self.bank, at: 1_700_000_000))"])
  }
}

@Suite("otter watch with the agent: locked and unlocked", .serialized)
struct WatchAgentTests {
  @Test("started locked it says so and waits; otter unlock shows the code; otter lock says locked again")
  func lockedAndUnlocked() throws {
    let agent = try AgentVault()
    defer {
      agent.stopAgent()
      agent.vault.folder.remove()
    }
    let output = agent.vault.folder.file("watch.out")
    let environment = agent.environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
    let started = shell(
      "env -i \(environment) setsid '\(otterPath)' watch acme --format '{issuer} {code}' --vault '\(agent.vault.path)' "
        + ">'\(output)' 2>&1 </dev/null & echo $!")
    let pid = Int32(started.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    defer { if pid > 0 { kill(pid, SIGTERM) } }
    func lines() -> [String] {
      ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
    func wait(until done: ([String]) -> Bool) -> [String] {
      for _ in 0..<50 where !done(lines()) { usleep(100_000) }
      return lines()
    }
    #expect(wait { $0 == ["locked (otter unlock)"] } == ["locked (otter unlock)"])
    #expect(try agent.run(["unlock"]).status == 0)
    let unlocked = wait { $0.count >= 2 }
    #expect(unlocked.count == 2 && unlocked[1].hasPrefix("ACME ") && unlocked[1].count == 11, "\(unlocked)")
    #expect(try agent.run(["lock"]).status == 0)
    let locked = wait { $0.count >= 3 }
    #expect(locked.last == "locked (otter unlock)", "\(locked)")
  }
}
