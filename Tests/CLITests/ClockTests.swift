import Foundation
import TestSupport
import Testing

/// `otter clock`: the kernel's view read as the `adjtimex` tool reads it, and calibration
/// from another device's code, with this machine's clock moved by faketime.
@Suite("otter clock: check and calibrate")
struct ClockTests {
  @Test("check says what adjtimex --print says: synchronised or not, and the kernel's error bound")
  func checkMatchesAdjtimex() throws {
    let reference = try runProgram("/usr/sbin/adjtimex", ["--print"])
    #expect(reference.status == 0, "\(reference.error)")
    func value(_ name: String) -> String? {
      reference.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .first { $0.hasPrefix(name + ":") }.map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
    }
    let status = Int(value("status") ?? "") ?? -1
    let returnLine = reference.output.split(separator: "\n").first { $0.contains("return value") }
    let returnValue = Int(returnLine?.split(separator: "=").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? -1
    let unsynchronised = status & 0x40 != 0 || returnValue == 5  // STA_UNSYNC, TIME_ERROR
    let json = try otter(["clock", "check", "--json"])
    #expect(json.status == 0, "\(json.error)")
    #expect(json.output.contains(#""synchronised":\#(!unsynchronised)"#), "\(json.output) vs \(reference.output)")
    let maxError = (Double(value("maxerror") ?? "") ?? -1) / 1_000_000
    #expect(json.output.contains(#""maxErrorSeconds":\#(maxError)"#), "\(json.output)")
    let text = try otter(["clock", "check"])
    #expect(text.output.hasPrefix(unsynchronised ? "The clock is not synchronised" : "The clock is synchronised"))
  }

  /// A vault with one 30-second account, the state folder inside its test folder.
  func vault() throws -> TestVault {
    let vault = try TestVault()
    #expect(try vault.run(["add"], input: "otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank\n").status == 0)
    return vault
  }

  /// Runs otter with `arguments` under faketime's `@date` for this machine.
  func faked(_ vault: TestVault, _ date: String, _ arguments: String) -> (status: Int32, output: String) {
    shell(
      "cd '\(vault.folder.path)' && HOME='\(vault.folder.path)' TZ=UTC faketime -f '@\(date)' '\(otterPath)' \(arguments)"
        + " --vault '\(vault.path)' --password-file '\(vault.folder.file("pw"))' 2>'\(vault.folder.file("err"))'")
  }

  func oathtool(at time: Int64) throws -> String {
    try runProgram("/usr/bin/oathtool", ["--totp", "-b", "JBSWY3DPEHPK3PXP", "--now=@\(time)"]).output
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test(
    "a clock 95 s behind: calibrate finds +90 s from the phone's code, and code, list and the viewer then agree with the phone")
  func calibrateBehind() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    // This machine thinks it is 10:00:05 (1764928805); the phone (oathtool) is at 10:01:40.
    let machine = "2025-12-05 10:00:05"
    let phone: Int64 = 1_764_928_805 + 95
    let calibrated = faked(vault, machine, "clock calibrate bank --code \(try oathtool(at: phone))")
    let calibrateError = try String(contentsOfFile: vault.folder.file("err"), encoding: .utf8)
    #expect(calibrated.status == 0, "\(calibrateError)")
    #expect(calibrated.output.contains("90 s behind"), "\(calibrated.output)")
    let stored = try String(contentsOfFile: vault.folder.file(".local/state/otter/clock-offset"), encoding: .utf8)
    #expect(stored.hasPrefix("90 "))
    // Without the offset this machine's code would be the one of its own step.
    #expect(try oathtool(at: 1_764_928_805) != oathtool(at: phone))
    let code = faked(vault, "2025-12-05 10:00:07", "code bank")
    #expect(code.output == (try oathtool(at: phone)) + "\n")
    let said = try String(contentsOfFile: vault.folder.file("err"), encoding: .utf8)
    #expect(said.contains("clock offset +90 s from otter clock calibrate"), "\(said)")
    let list = faked(vault, "2025-12-05 10:00:07", "list --json")
    #expect(list.output.contains(try oathtool(at: phone)))
    // --clock-offset overrides it, and nothing is said.
    let overridden = faked(vault, "2025-12-05 10:00:07", "code bank --clock-offset 0")
    #expect(overridden.output == (try oathtool(at: 1_764_928_805)) + "\n")
    #expect(try String(contentsOfFile: vault.folder.file("err"), encoding: .utf8) == "")
    // The viewer applies it and shows it.
    let session = TmuxSession(
      command:
        "cd '\(vault.folder.path)' && HOME='\(vault.folder.path)' TZ=UTC TERM=tmux-256color faketime -f '@2025-12-05 10:00:06' "
        + "'\(otterPath)' --vault '\(vault.path)' --password-file '\(vault.folder.file("pw"))'; sleep 30")
    defer { session.kill() }
    let screen = session.wait(for: "clock offset +90s")
    let phoneCode = try oathtool(at: phone)
    #expect(screen.contains(phoneCode.prefix(3) + " " + phoneCode.suffix(3)), "\(screen)")
    // reset forgets it.
    #expect(shell("HOME='\(vault.folder.path)' '\(otterPath)' clock reset").status == 0)
    #expect(!FileManager.default.fileExists(atPath: vault.folder.file(".local/state/otter/clock-offset")))
  }

  @Test("a clock ahead gives a negative offset; a code no step within ±10 gives is refused (65) and nothing is kept")
  func calibrateAheadAndRefused() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let machine = "2025-12-05 10:00:05"
    let ahead = faked(vault, machine, "clock calibrate bank --code \(try oathtool(at: 1_764_928_805 - 125))")
    #expect(ahead.status == 0)
    #expect(ahead.output.contains("120 s ahead"), "\(ahead.output)")
    _ = shell("HOME='\(vault.folder.path)' '\(otterPath)' clock reset")
    let far = faked(vault, machine, "clock calibrate bank --code \(try oathtool(at: 1_764_928_805 + 11 * 30))")
    #expect(far.status == 65)
    #expect(try String(contentsOfFile: vault.folder.file("err"), encoding: .utf8).contains("no time step within ±10"))
    #expect(!FileManager.default.fileExists(atPath: vault.folder.file(".local/state/otter/clock-offset")))
  }

  @Test("without --code, calibrate asks for the code on the terminal")
  func calibrateAsks() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let session = TmuxSession(
      command: "cd '\(vault.folder.path)' && HOME='\(vault.folder.path)' TZ=UTC faketime -f '@2025-12-05 10:00:05' "
        + "'\(otterPath)' clock calibrate bank --vault '\(vault.path)' --password-file '\(vault.folder.file("pw"))'; sleep 30")
    defer { session.kill() }
    _ = session.wait(for: "another device shows now for Bank:alice")
    session.send(literal: try oathtool(at: 1_764_928_805 + 30))
    session.send("Enter")
    #expect(session.wait(for: "30 s behind").contains("offset of +30 s"))
  }
}
