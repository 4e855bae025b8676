import CursesTerminal
import Foundation

/// Puts codes on the clipboard through every route that works, and clears them later.
///
/// OSC 52 first (it works over SSH and inside tmux, by asking the terminal itself), then the
/// desktop tools whose display is present: `wl-copy` under Wayland, `xclip` or `xsel` under X.
/// Only the desktop tools can read the clipboard back, so only they are cleared after 30 s,
/// and only if the clipboard still holds the code Otter put there.
struct Clipboard {
  let environment: [String: String]

  /// The routes used, for the status line.
  @discardableResult
  func copy(_ code: String, screen: CursesScreen?) -> [String] {
    var routes: [String] = []
    if let screen {
      let sequence = "\u{1b}]52;c;" + Data(code.utf8).base64EncodedString() + "\u{07}"
      screen.sendToTerminal(Array(sequence.utf8))
      routes.append("OSC 52")
    }
    for tool in desktopTools where Spawn.run(tool.copy, input: Array(code.utf8))?.status == 0 {
      routes.append(tool.copy[0])
      break
    }
    return routes
  }

  /// Clears the desktop clipboard if it still holds `code`.
  func clear(ifStillHolding code: String) {
    for tool in desktopTools {
      guard let read = Spawn.run(tool.paste), read.status == 0 else { continue }
      let current = String(decoding: read.output, as: UTF8.self).trimmingCharacters(in: .newlines)
      if current == code { Spawn.run(tool.copy, input: []) }
      return
    }
  }

  private var desktopTools: [(copy: [String], paste: [String])] {
    var tools: [(copy: [String], paste: [String])] = []
    if environment["WAYLAND_DISPLAY"].map({ !$0.isEmpty }) == true, Spawn.exists("wl-copy") {
      tools.append((["wl-copy"], ["wl-paste", "--no-newline"]))
    }
    if environment["DISPLAY"].map({ !$0.isEmpty }) == true {
      if Spawn.exists("xclip") {
        tools.append((["xclip", "-selection", "clipboard"], ["xclip", "-selection", "clipboard", "-o"]))
      }
      if Spawn.exists("xsel") { tools.append((["xsel", "--clipboard", "--input"], ["xsel", "--clipboard", "--output"])) }
    }
    return tools
  }
}
