import Posix

/// `otter import --clipboard` and `--screen`: a PNG from the desktop, for `otter-qr-scan`.
///
/// The clipboard's image comes from `wl-paste --type image/png` under Wayland, else
/// `xclip -selection clipboard -t image/png -o` under X11; the whole screen from `grim -`
/// under Wayland, else ImageMagick's `import -window root png:-` under X11. Each tool writes the
/// PNG to a pipe; nothing touches the disk.
public enum ScreenCapture {
  /// Where the image comes from.
  public enum Source: Sendable {
    case clipboard
    case screen

    var name: String { self == .clipboard ? "the clipboard" : "the screen" }
  }

  /// The largest image read: a 8K screen's PNG is well under it.
  public static let maximumBytes = 64 << 20

  /// The commands to try for `source` in `environment`, in order.
  static func commands(for source: Source, environment: [String: String]) -> [[String]] {
    func present(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
    var commands: [[String]] = []
    switch source {
    case .clipboard:
      if present("WAYLAND_DISPLAY") { commands.append(["wl-paste", "--no-newline", "--type", "image/png"]) }
      if present("DISPLAY") { commands.append(["xclip", "-selection", "clipboard", "-t", "image/png", "-o"]) }
    case .screen:
      if present("WAYLAND_DISPLAY") { commands.append(["grim", "-t", "png", "-"]) }
      if present("DISPLAY") { commands.append(["import", "-silent", "-window", "root", "png:-"]) }
    }
    return commands
  }

  /// The PNG `source` holds now.
  ///
  /// - Throws: `OtterFailure` 69 when there is no desktop session or no tool for it, 66 when
  ///   the clipboard holds no image or the screen cannot be read.
  public static func png(from source: Source, environment: [String: String] = Environment.all) throws(OtterFailure)
    -> [UInt8]
  {
    let commands = commands(for: source, environment: environment)
    guard !commands.isEmpty else {
      throw OtterFailure(
        .unavailable,
        "no desktop session (neither WAYLAND_DISPLAY nor DISPLAY is set): \(source == .clipboard ? "--clipboard" : "--screen") reads \(source.name) of one"
      )
    }
    let available = commands.filter { ChildProcess.exists($0[0]) }
    guard !available.isEmpty else {
      let tools = source == .clipboard ? "wl-clipboard (Wayland) or xclip (X11)" : "grim (Wayland) or ImageMagick's import (X11)"
      throw OtterFailure(.unavailable, "no tool reads \(source.name) here: install \(tools)")
    }
    var problems: [String] = []
    for command in available {
      guard let finished = ChildProcess.run(command, limit: maximumBytes) else {
        problems.append("\(command[0]) could not run")
        continue
      }
      if finished.status == 0, finished.output.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return finished.output }
      problems.append(
        finished.status == 0 ? "\(command[0]) gave no PNG image" : "\(command[0]) failed (exit status \(finished.status))")
    }
    throw OtterFailure(
      .noInput,
      source == .clipboard
        ? "the clipboard holds no image (copy the QR code as an image first): \(problems.joined(separator: "; "))"
        : "the screen could not be read: \(problems.joined(separator: "; "))")
  }
}
