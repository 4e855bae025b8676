import OTPCore
import Posix
import TUI

/// Where the viewer's copied codes go; the run loop calls it for `copy` and `clearClipboard`.
public protocol ClipboardService: AnyObject {
  /// Puts `code` on the clipboard; returns the routes used, for the status line.
  @discardableResult
  func copy(_ code: String, terminal: Terminal?) -> [String]
  /// Clears the clipboard if it still holds `code` (only routes that can read it back).
  func clear(ifStillHolding code: String)
}

/// Puts codes on the clipboard through every route that works, and clears them later.
///
/// OSC 52 first (it works over SSH and inside tmux, by asking the terminal itself), then the
/// desktop tools whose display is present: `wl-copy` under Wayland, `xclip` or `xsel` under X.
/// Only the desktop tools can read the clipboard back, so only they are cleared after 30 s,
/// and only if the clipboard still holds the code Otter put there.
public final class Clipboard: ClipboardService {
  let environment: [String: String]

  public init(environment: [String: String] = Environment.all) { self.environment = environment }

  @discardableResult
  public func copy(_ code: String, terminal: Terminal?) -> [String] {
    var routes: [String] = []
    if let terminal {
      let sequence = "\u{1b}]52;c;" + Base64.encode(Array(code.utf8)) + "\u{07}"
      terminal.sendToTerminal(Array(sequence.utf8))
      routes.append("OSC 52")
    }
    for tool in desktopTools where ChildProcess.run(tool.copy, input: Array(code.utf8))?.status == 0 {
      routes.append(tool.copy[0])
      break
    }
    return routes
  }

  public func clear(ifStillHolding code: String) {
    for tool in desktopTools {
      guard let read = ChildProcess.run(tool.paste, input: []), read.status == 0 else { continue }
      var current = String(decoding: read.output, as: UTF8.self)
      while current.last == "\n" || current.last == "\r\n" || current.last == "\r" { current.removeLast() }
      if current == code { ChildProcess.run(tool.copy, input: []) }
      return
    }
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
