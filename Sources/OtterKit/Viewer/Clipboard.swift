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

/// Puts codes on the clipboard through the first route that works, and clears them.
///
/// A desktop tool when its display is present — `wl-copy` under Wayland, `xclip` or `xsel`
/// under X — since those can read the clipboard back, so that Otter clears it after 30 s only
/// if it still holds the code it put there. Otherwise OSC 52, which asks the terminal itself
/// (it works over SSH and inside tmux) but cannot be read back: Otter overwrites it when the
/// viewer locks or quits, and says so.
public final class Clipboard: ClipboardService {
  let environment: [String: String]

  public init(environment: [String: String] = Environment.all) { self.environment = environment }

  @discardableResult
  public func copy(_ code: String, terminal: TerminalOutput?) -> CopyRoute {
    for tool in desktopTools where ChildProcess.run(tool.copy, input: Array(code.utf8))?.status == 0 {
      return .tool(tool.copy[0])
    }
    guard let terminal else {
      return .unavailable("no clipboard tool works here (install wl-clipboard, xclip or xsel) and there is no terminal")
    }
    send(Array(code.utf8), to: terminal)
    return .terminal
  }

  public func clear(ifStillHolding code: String) {
    for tool in desktopTools {
      guard let read = ChildProcess.run(tool.paste, input: []), read.status == 0 else { continue }
      var current = read.output
      while current.last == UInt8(ascii: "\n") || current.last == UInt8(ascii: "\r") { current.removeLast() }
      if current == Array(code.utf8) { ChildProcess.run(tool.copy, input: []) }
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

  /// Sends OSC 52 for `text`, built and wiped as bytes (the code never becomes a string here).
  private func send(_ text: [UInt8], to terminal: TerminalOutput) {
    var sequence = Array("\u{1b}]52;c;".utf8) + Array(Base64.encode(text).utf8) + [0x07]
    terminal.sendToTerminal(sequence)
    wipe(&sequence)
  }

  private var desktopTools: [(copy: [String], paste: [String])] {
    var tools: [(copy: [String], paste: [String])] = []
    if environment["WAYLAND_DISPLAY"].map({ !$0.isEmpty }) == true, ChildProcess.exists("wl-copy") {
      tools.append((["wl-copy"], ["wl-paste", "--no-newline"]))
    }
    if environment["DISPLAY"].map({ !$0.isEmpty }) == true {
      if ChildProcess.exists("xclip") {
        tools.append((["xclip", "-selection", "clipboard"], ["xclip", "-selection", "clipboard", "-o"]))
      }
      if ChildProcess.exists("xsel") { tools.append((["xsel", "--clipboard", "--input"], ["xsel", "--clipboard", "--output"])) }
    }
    return tools
  }
}
