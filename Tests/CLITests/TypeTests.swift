import Foundation
import TestSupport
import Testing

/// `otter type` against real desktops: Xvfb with xdotool typing into xev (an X client that
/// prints every key it receives), and sway's headless backend with wtype typing into wev (the
/// same for Wayland). The typed keys are read back from the clients and compared with oathtool.
@Suite("otter type: the code typed into the focused window", .serialized)
struct TypeTests {
  static let secret = "JBSWY3DPEHPK3PXP"

  func vault() throws -> TestVault {
    let vault = try TestVault()
    #expect(try vault.run(["add"], input: "otpauth://totp/Bank:alice?secret=\(Self.secret)&issuer=Bank\n").status == 0)
    return vault
  }

  func oathtool(at time: Int64) throws -> String {
    try runProgram("/usr/bin/oathtool", ["--totp", "-b", Self.secret, "--now=@\(time)"]).output
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test("X11: xdotool types the current code and Enter into the focused window (xev on Xvfb), read from the code's own stdin")
  func x11() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let xev = try XevWindow(in: vault.folder)
    let display = xev.display
    let before = Int64(Date().timeIntervalSince1970)
    let typed = try otter(
      ["type", "bank", "--enter"] + vault.common, environment: vault.environment.merging(["DISPLAY": display.name]) { $1 })
    let after = Int64(Date().timeIntervalSince1970)
    #expect(typed.status == 0, "\(typed.error)")
    usleep(300_000)
    let presses = xev.presses()
    let expected = Set([try oathtool(at: before), try oathtool(at: after), try oathtool(at: after + 3)])
    #expect(expected.contains(presses.typed), "typed \(presses.typed)")
    #expect(presses.returns == 1)
  }

  @Test("Wayland: wtype types the code and Enter into the focused window (wev on headless sway)")
  func wayland() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    guard let compositor = HeadlessWayland() else {
      Issue.record("no compositor: \(HeadlessWayland.unavailable)")
      return
    }
    let log = vault.folder.file("wev.out")
    let started = shell("\(compositor.assignments) stdbuf -oL wev >'\(log)' 2>&1 & echo $!")
    defer { _ = shell("kill \(started.output.trimmingCharacters(in: .whitespacesAndNewlines))") }
    // Until sway has given wev's window the focus.
    for _ in 0..<100 where !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("activated") {
      usleep(50_000)
    }
    let before = Int64(Date().timeIntervalSince1970)
    let environment = vault.environment.merging([
      "XDG_RUNTIME_DIR": compositor.runtimeFolder, "WAYLAND_DISPLAY": compositor.display,
    ]) { $1 }
    let typed = try otter(["type", "bank", "--enter"] + vault.common, environment: environment)
    let after = Int64(Date().timeIntervalSince1970)
    #expect(typed.status == 0, "\(typed.error)")
    usleep(300_000)
    let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    let digits = text.split(separator: "\n").compactMap { line -> Character? in
      guard let range = line.range(of: #"utf8: '[0-9]'"#, options: .regularExpression) else { return nil }
      return line[range].dropLast().last
    }
    let expected = Set([try oathtool(at: before), try oathtool(at: after), try oathtool(at: after + 3)])
    #expect(expected.contains(String(digits)), "typed \(String(digits))")
    #expect(text.components(separatedBy: "sym: Return").count - 1 == 2, "Return pressed and released once")
  }

  @Test("a code with under 3 s left is not typed: the next one is, and that is said (faketime)")
  func waitsForNextCode() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let xev = try XevWindow(in: vault.folder)
    let display = xev.display
    // 1700000009 is 1 s before a 30-s boundary.
    let run = shell(
      "DISPLAY=\(display.name) HOME='\(vault.folder.path)' TZ=UTC faketime -f '@2023-11-14 22:13:29' '\(otterPath)' type bank "
        + vault.common.map { "'\($0)'" }.joined(separator: " ") + " 2>&1")
    #expect(run.output.contains("has 1 s left; typing the next one"), "\(run.output)")
    usleep(300_000)
    let presses = xev.presses()
    #expect(presses.typed == (try oathtool(at: 1_700_000_010)))
  }

  @Test("with no tool for the session, exit 69 and what to install")
  func noTool() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let refused = try vault.run(["type", "bank"])
    #expect(refused.status == 69 && refused.error.contains("wtype") && refused.error.contains("xdotool"))
  }
}

/// xev (x11-utils), an X client that prints every key it receives, in a focused window on a
/// fresh Xvfb; stopped when released.
final class XevWindow {
  let display: VirtualDisplay
  let log: String
  private let pid: String

  init(in folder: TemporaryFolder) throws {
    display = try #require(VirtualDisplay(), "Xvfb did not start")
    log = folder.file("xev.out")
    pid = shell("DISPLAY=\(display.name) stdbuf -oL xev -geometry 400x300+0+0 >'\(log)' 2>&1 & echo $!").output
      .trimmingCharacters(in: .whitespacesAndNewlines)
    var window = ""
    for _ in 0..<50 where window.isEmpty {
      usleep(100_000)
      window = shell("DISPLAY=\(display.name) xdotool search --name 'Event Tester' | head -1").output
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
    #expect(shell("DISPLAY=\(display.name) xdotool windowfocus \(window)").status == 0)
  }

  deinit { _ = shell("kill \(pid)") }

  /// The keys pressed so far: their text, and how many were Return.
  func presses() -> (typed: String, returns: Int) {
    xevPresses((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
  }
}

/// The keys xev printed as pressed: their text, and how many were Return.
func xevPresses(_ text: String) -> (typed: String, returns: Int) {
  var typed = ""
  var returns = 0
  for block in text.components(separatedBy: "\n\n") where block.hasPrefix("KeyPress") {
    if block.contains("Return") { returns += 1 }
    if let range = block.range(of: #"XLookupString gives 1 bytes: \([0-9a-f]+\) "[0-9]""#, options: .regularExpression) {
      typed.append(block[range].dropLast().last ?? "?")
    }
  }
  return (typed, returns)
}
