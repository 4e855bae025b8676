import CryptoPrimitives
import OTPCore
import Posix
import TUI

#if canImport(Glibc)
  import Glibc
#endif

/// Where copied codes go; the viewer's run loop and `otter code --copy` use it.
public protocol ClipboardService: AnyObject {
  /// Puts `code` on the clipboard; says which route took it.
  @discardableResult
  func copy(_ code: String, terminal: TerminalOutput?) -> CopyRoute
  /// Clears the desktop clipboard if it still holds `code` (tools that can read it back).
  func clear(ifStillHolding code: String)
  /// Overwrites what OSC 52 put in the terminal's clipboard (it cannot be read back).
  func clearTerminal(_ terminal: TerminalOutput?)
  /// Leaves the clear of `code` from `route` to a helper that outlives this process, `seconds`
  /// from now (the viewer quits before the 30 s are up); returns whether the helper started.
  func clearLater(_ code: String, route: CopyRoute, after seconds: Int64) -> Bool
}

/// The controlling terminal of a one-shot command, for OSC 52 (`/dev/tty`, whatever standard
/// output is).
public final class ControllingTerminal: TerminalOutput {
  private let fd: Int32

  /// nil when the process has no controlling terminal.
  public init?() {
    guard let fd = try? Posix.open("/dev/tty", O_WRONLY) else { return nil }
    self.fd = fd
  }

  deinit { Posix.close(fd) }

  public func sendToTerminal(_ bytes: [UInt8]) { try? Posix.writeAll(fd, bytes) }
}

/// One program that holds a clipboard: how to put text on it, read it back and empty it.
struct ClipboardTool {
  var copy: [String]
  var paste: [String]
  var clear: [String]

  var name: String { copy[0] }
}

/// Puts codes on the clipboard through the first route that works, and clears them.
///
/// A desktop tool when its display is present — `wl-copy` under Wayland, `xclip` or `xsel`
/// under X — since those can read the clipboard back, so that Otter clears it after 30 s only
/// if it still holds the code it put there. Inside tmux with no desktop tool, tmux's own
/// buffer (`tmux load-buffer -w`, which also passes it on to the outer terminal's clipboard as
/// tmux's `set-clipboard` allows). Otherwise OSC 52, which asks the terminal itself (it works
/// over SSH) but cannot be read back: Otter overwrites it after 30 s, and says so.
///
/// Every tool is started with `ChildProcess.handOver`: the clipboard tools fork a process that
/// serves the selection until another program takes it, so nothing here waits for them.
public final class Clipboard: ClipboardService {
  let environment: [String: String]

  public init(environment: [String: String] = Environment.all) { self.environment = environment }

  @discardableResult
  public func copy(_ code: String, terminal: TerminalOutput?) -> CopyRoute {
    ChildProcess.reapFinished()
    for tool in tools {
      switch ChildProcess.handOver(tool.copy, input: Array(code.utf8)) {
      case .exited(0), .serving: return .tool(tool.name)
      default: continue
      }
    }
    guard let terminal else {
      return .unavailable("no clipboard tool works here (install wl-clipboard, xclip or xsel) and there is no terminal")
    }
    send(Array(code.utf8), to: terminal)
    return .terminal
  }

  public func clear(ifStillHolding code: String) {
    ChildProcess.reapFinished()
    for tool in tools {
      guard let read = ChildProcess.run(tool.paste, input: []), read.status == 0 else { continue }
      var current = read.output
      defer { wipe(&current) }
      while current.last == UInt8(ascii: "\n") || current.last == UInt8(ascii: "\r") { current.removeLast() }
      if current == Array(code.utf8) { _ = ChildProcess.handOver(tool.clear, input: []) }
      return
    }
  }

  public func clearTerminal(_ terminal: TerminalOutput?) {
    guard let terminal else { return }
    // An empty selection clears it where the terminal allows that; tmux ignores an empty one, so
    // a blank goes first.
    send(Array(" ".utf8), to: terminal)
    send([], to: terminal)
  }

  public func clearLater(_ code: String, route: CopyRoute, after seconds: Int64) -> Bool {
    ClipboardClearing.schedule(code, route: route, after: seconds)
  }

  /// Sends OSC 52 for `text`, built and wiped as bytes (the code never becomes a string here).
  private func send(_ text: [UInt8], to terminal: TerminalOutput) {
    var sequence = Array("\u{1b}]52;c;".utf8) + Array(Base64.encode(text).utf8) + [0x07]
    terminal.sendToTerminal(sequence)
    wipe(&sequence)
  }

  /// The tools that can hold the clipboard here, in the order they are tried.
  var tools: [ClipboardTool] {
    var tools: [ClipboardTool] = []
    func present(_ name: String) -> Bool { environment[name].map { !$0.isEmpty } == true }
    if present("WAYLAND_DISPLAY"), ChildProcess.exists("wl-copy") {
      tools.append(ClipboardTool(copy: ["wl-copy"], paste: ["wl-paste", "--no-newline"], clear: ["wl-copy", "--clear"]))
    }
    if present("DISPLAY") {
      if ChildProcess.exists("xclip") {
        tools.append(
          ClipboardTool(
            copy: ["xclip", "-selection", "clipboard"], paste: ["xclip", "-selection", "clipboard", "-o"],
            clear: ["xclip", "-selection", "clipboard"]))  // empty input: xclip has no clear
      }
      if ChildProcess.exists("xsel") {
        tools.append(
          ClipboardTool(
            copy: ["xsel", "--clipboard", "--input"], paste: ["xsel", "--clipboard", "--output"],
            clear: ["xsel", "--clipboard", "--clear"]))
      }
    }
    if present("TMUX"), ChildProcess.exists("tmux") {
      tools.append(
        ClipboardTool(
          copy: ["tmux", "load-buffer", "-w", "-"], paste: ["tmux", "show-buffer"], clear: ["tmux", "delete-buffer"]))
    }
    return tools
  }
}
