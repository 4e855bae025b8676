import Foundation
import TestSupport
import Testing

/// A clipboard on a real display server, with only `tool` (and its paste side) on Otter's PATH.
struct RealClipboard: @unchecked Sendable {
  let tool: String
  let x: VirtualDisplay?
  let wayland: HeadlessWayland?
  let path: String

  /// Starts the display server `tool` needs; cancels the test, saying why, where none runs here.
  init(_ tool: String, in folder: TemporaryFolder) throws {
    self.tool = tool
    if tool == "wl-copy" {
      x = nil
      guard let wayland = HeadlessWayland() else {
        try Test.cancel("skipped: \(HeadlessWayland.unavailable); wl-copy is not tested here")
      }
      self.wayland = wayland
      // wl-copy runs `cat` itself; with no DISPLAY, the X tools on /usr/bin are not tried.
      path = try toolFolder(["wl-copy", "wl-paste"], in: folder) + ":/usr/bin:/bin"
    } else {
      wayland = nil
      guard let display = VirtualDisplay() else { try Test.cancel("skipped: Xvfb does not start here") }
      x = display
      path = try toolFolder([tool], in: folder)
    }
  }

  /// The variables Otter runs with: the display and a PATH with only this tool.
  var assignments: String {
    if let wayland { return "PATH='\(path)' \(wayland.assignments)" }
    return "PATH='\(path)' DISPLAY=\(x?.name ?? "")"
  }

  var environment: [String: String] {
    if let wayland {
      return ["PATH": path, "XDG_RUNTIME_DIR": wayland.runtimeFolder, "WAYLAND_DISPLAY": wayland.display]
    }
    return ["PATH": path, "DISPLAY": x?.name ?? ""]
  }

  /// What a second process reads from the clipboard now.
  func contents() -> String? { wayland?.clipboard() ?? x?.clipboard() }

  /// Another program takes the clipboard with `text`.
  func takeOver(with text: String) {
    if let wayland {
      _ = shell("printf %s '\(text)' | \(wayland.assignments) wl-copy")
    } else if let x {
      _ = shell("printf %s '\(text)' | DISPLAY=\(x.name) xclip -selection clipboard")
    }
  }
}

/// Whether `text` is the RFC key's code now or one step ago (a copy may straddle a step).
func isCurrentRFCCode(_ text: String?) throws -> Bool {
  guard let text else { return false }
  let now = Int64(Date().timeIntervalSince1970)
  let codes = try [now, now - 30, now - 60].map {
    try runProgram("/usr/bin/oathtool", ["--totp", "--now=@\($0)", "-b", rfcSecret]).output
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }
  return codes.contains(text)
}

/// The seconds the status line gives until the clipboard is cleared ("clears in 24 s").
func secondsToClear(_ screen: String) -> Int? {
  guard let range = screen.range(of: #"clears in [0-9]+ s"#, options: .regularExpression) else { return nil }
  return Int(screen[range].dropFirst("clears in ".count).dropLast(2))
}

/// Polls `condition` every 100 ms for up to `seconds`; returns whether it came true.
func eventually(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  repeat {
    if try condition() { return true }
    usleep(100_000)
  } while Date() < deadline
  return try condition()
}

/// The real clipboard tools, each on its real display server. Not serialized: each test has a
/// server of its own, and the 30 s waits for the clears overlap.
@Suite("Real clipboard tools: xclip and xsel under Xvfb, wl-copy under headless sway")
struct RealClipboardTests {
  @Test(
    "otter code -c returns at once with the code on the clipboard, read back by a second process, and it is gone after 30 s",
    arguments: ["xclip", "xsel", "wl-copy"])
  func codeCopy(tool: String) throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Bank:alice?secret=\(rfcSecret)&issuer=Bank\n").status == 0)
    let clipboard = try RealClipboard(tool, in: vault.folder)
    var environment = vault.environment
    environment.merge(clipboard.environment) { $1 }
    let started = Date()
    let copied = try otter(["code", "bank", "-c"] + vault.common, environment: environment)
    let took = Date().timeIntervalSince(started)
    #expect(copied.status == 0, "\(copied.error)")
    #expect(copied.error == "otter: copied with \(tool) · clears in 30 s\n")
    // The KDF of the password file is most of it; a tool that is waited on never returns.
    #expect(took < 5, "otter code -c took \(took) s with \(tool)")
    #expect(try isCurrentRFCCode(clipboard.contents()))
    #expect(eventually(within: 35) { clipboard.contents() == nil || clipboard.contents() == "" })
  }

  @Test(
    "the viewer's Enter copies without freezing; the code survives quitting, is still there 5 s later and gone at 30 s",
    arguments: ["xclip", "xsel", "wl-copy"])
  func copyQuitPaste(tool: String) throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Test:alice?secret=\(rfcSecret)\n").status == 0)
    let clipboard = try RealClipboard(tool, in: vault.folder)
    let session = TmuxSession(command: viewerCommand(vault, environment: clipboard.assignments))
    defer { session.kill() }
    session.wait(for: "alice")
    session.send("Enter")
    let copiedAt = Date()
    let first = secondsToClear(session.wait(for: "copied Test with \(tool) · clears in"))
    #expect(first != nil)
    #expect(try isCurrentRFCCode(clipboard.contents()))
    // Still ticking: the countdown of the clear moves, and q is answered.
    let later = session.wait(seconds: 5) { (secondsToClear($0) ?? 99) <= (first ?? 0) - 2 }
    #expect((secondsToClear(later) ?? 99) <= (first ?? 0) - 2, "\(later)")
    session.send("q")
    let screen = session.wait(for: "VIEWER-EXITED", seconds: 3)
    #expect(screen.contains("VIEWER-EXITED"))
    #expect(screen.contains("the copied code stays on the clipboard and clears in"))
    Thread.sleep(forTimeInterval: 5)
    #expect(try isCurrentRFCCode(clipboard.contents()), "the code was cleared when the viewer quit")
    Thread.sleep(forTimeInterval: max(0, 31.5 - Date().timeIntervalSince(copiedAt)))
    #expect(eventually(within: 3) { clipboard.contents() == nil || clipboard.contents() == "" })
  }

  @Test("L clears the clipboard at once, and a stop signal too", arguments: ["xclip", "xsel"])
  func lockClears(tool: String) throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Test:alice?secret=\(rfcSecret)\n").status == 0)
    let clipboard = try RealClipboard(tool, in: vault.folder)
    let session = TmuxSession(command: viewerCommand(vault, environment: clipboard.assignments))
    defer { session.kill() }
    session.wait(for: "alice")
    session.send("Enter")
    session.wait(for: "clears in")
    #expect(try isCurrentRFCCode(clipboard.contents()))
    session.send("L")
    session.wait(for: "Password:")
    #expect(eventually(within: 3) { clipboard.contents() == nil || clipboard.contents() == "" })

    let again = TmuxSession(command: viewerCommand(vault, environment: clipboard.assignments))
    defer { again.kill() }
    again.wait(for: "alice")
    again.send("Enter")
    again.wait(for: "clears in 30 s")
    #expect(try isCurrentRFCCode(clipboard.contents()))
    if let pid = again.programPID() { _ = shell("kill -TERM \(pid)") }
    again.wait(for: "VIEWER-EXITED")
    #expect(eventually(within: 3) { clipboard.contents() == nil || clipboard.contents() == "" })
  }

  @Test("a clipboard that holds something else by the 30 s mark is left alone after quitting")
  func ownership() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Test:alice?secret=\(rfcSecret)\n").status == 0)
    let clipboard = try RealClipboard("xclip", in: vault.folder)
    let session = TmuxSession(command: viewerCommand(vault, environment: clipboard.assignments))
    defer { session.kill() }
    session.wait(for: "alice")
    session.send("Enter")
    let copiedAt = Date()
    session.wait(for: "clears in")
    session.send("q")
    session.wait(for: "VIEWER-EXITED")
    clipboard.takeOver(with: "copied since")
    Thread.sleep(forTimeInterval: max(0, 32 - Date().timeIntervalSince(copiedAt)))
    #expect(clipboard.contents() == "copied since")
  }

  @Test("inside tmux with no desktop tool, the code reaches tmux's buffer (show-buffer) and is cleared from it at 30 s")
  func tmuxBuffer() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Test:alice?secret=\(rfcSecret)\n").status == 0)
    // tmux's default set-clipboard (external) ignores OSC 52 from programs; Otter uses tmux itself.
    let session = TmuxSession(command: viewerCommand(vault, environment: "TMUX=\"$TMUX\""))
    defer { session.kill() }
    session.wait(for: "alice")
    session.send("Enter")
    let copiedAt = Date()
    #expect(session.wait(for: "clears in").contains("copied Test with tmux · clears in 30 s"))
    #expect(try isCurrentRFCCode(session.buffer()))
    Thread.sleep(forTimeInterval: max(0, 31.5 - Date().timeIntervalSince(copiedAt)))
    #expect(try eventually(within: 3) { try !isCurrentRFCCode(session.buffer()) })
  }

  @Test("with no tool, OSC 52 says what it does in plain words; the code outlives quitting and is overwritten at 30 s")
  func terminalClipboard() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Test:alice?secret=\(rfcSecret)\n").status == 0)
    let session = TmuxSession(command: viewerCommand(vault), columns: 200, setup: ["set -g set-clipboard on"])
    defer { session.kill() }
    session.wait(for: "alice")
    session.send("Enter")
    let copiedAt = Date()
    let screen = session.wait(for: "OSC 52")
    #expect(screen.contains("sent Test to your terminal's clipboard (OSC 52) · overwritten in"))
    #expect(screen.contains("if nothing pastes, your terminal does not allow it: install wl-clipboard (Wayland) or xclip (X11)"))
    let code = session.buffer() ?? ""
    #expect(try isCurrentRFCCode(code))
    session.send("q")
    session.wait(for: "VIEWER-EXITED")
    #expect(session.buffer() == code)
    Thread.sleep(forTimeInterval: max(0, 31.5 - Date().timeIntervalSince(copiedAt)))
    #expect(eventually(within: 3) { !(session.buffer() ?? "").contains(code) })
  }
}
