import Foundation

/// A real X server for tests: one `Xvfb` on a display number it picks itself (`-displayfd`),
/// ended when this is released. Clipboard tools (xclip, xsel) and xdotool talk to it as they
/// would to a desktop.
public final class VirtualDisplay: @unchecked Sendable {
  /// The display name, such as `:7`.
  public let name: String
  private let pid: String

  /// Starts Xvfb; nil (with the reason in `unavailable`) when it is not installed or does not start.
  public init?() {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/Xvfb") else { return nil }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otter-x-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let started = shell(
      "Xvfb -displayfd 3 -screen 0 800x600x24 -nolisten tcp 3>'\(folder)/display' >/dev/null 2>&1 & echo $!; "
        + "for i in $(seq 100); do [ -s '\(folder)/display' ] && break; sleep 0.05; done")
    pid = started.output.trimmingCharacters(in: .whitespacesAndNewlines)
    let number = ((try? String(contentsOfFile: folder + "/display", encoding: .utf8)) ?? "")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    guard !number.isEmpty, !pid.isEmpty else {
      if !pid.isEmpty { _ = shell("kill \(pid)") }
      return nil
    }
    name = ":" + number
  }

  deinit { _ = shell("kill \(pid) 2>/dev/null") }

  /// What the clipboard selection holds, read by a second process (`xclip -o`), or nil when
  /// it holds nothing.
  public func clipboard() -> String? {
    let read = shell("DISPLAY=\(name) timeout 5 xclip -o -selection clipboard")
    return read.status == 0 ? read.output : nil
  }
}

/// A real Wayland compositor for tests: sway with its headless backend (no GPU, no input
/// devices), which offers the data-control protocol wl-copy and wl-paste use, and the virtual
/// keyboard protocol wtype uses. sway refuses to run as root, so as root it runs as `nobody`
/// with a runtime folder of that user's; root's clients can still reach its socket.
public final class HeadlessWayland: @unchecked Sendable {
  /// `XDG_RUNTIME_DIR` and `WAYLAND_DISPLAY` for clients.
  public let runtimeFolder: String
  public let display: String
  private let pid: String

  /// Why no compositor could be started here, when `init` returns nil.
  public nonisolated(unsafe) static var unavailable = ""

  /// Starts sway; with `configuration`, sway reads it (written to its runtime folder, readable
  /// by sway's user) instead of no configuration at all.
  public init?(configuration: String? = nil) {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sway") else {
      Self.unavailable = "sway is not installed (apt-get install sway): no headless Wayland compositor"
      return nil
    }
    runtimeFolder = FileManager.default.temporaryDirectory.appendingPathComponent("otter-wl-\(UUID().uuidString)").path
    let asNobody = getuid() == 0
    let owner = asNobody ? "chown 65534:65534 '\(runtimeFolder)' && " : ""
    let user = asNobody ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : ""
    let folder = runtimeFolder
    var prepare = ""
    if let configuration {
      let config = folder + ".config"
      try? configuration.write(toFile: config, atomically: true, encoding: .utf8)
      prepare = "cp '\(config)' '\(folder)/config' && rm -f '\(config)' && "
      prepare += asNobody ? "chown -R 65534:65534 '\(folder)' && " : ""
    }
    let configPath = configuration == nil ? "/dev/null" : folder + "/config"
    let started = shell(
      "mkdir -m 700 '\(runtimeFolder)' && \(owner)\(prepare)"
        + "\(user)env -i PATH=/usr/bin:/bin HOME='\(runtimeFolder)' XDG_RUNTIME_DIR='\(runtimeFolder)' "
        + "WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman sway -c '\(configPath)' >/dev/null 2>&1 & echo $!; "
        + "for i in $(seq 100); do ls '\(runtimeFolder)' | grep -q '^wayland-[0-9]*$' && break; sleep 0.05; done")
    pid = started.output.trimmingCharacters(in: .whitespacesAndNewlines)
    let socket = ((try? FileManager.default.contentsOfDirectory(atPath: runtimeFolder)) ?? []).first {
      $0.hasPrefix("wayland-") && !$0.hasSuffix(".lock")
    }
    guard let socket, !pid.isEmpty else {
      Self.unavailable = "sway did not start headless here"
      _ = shell("kill \(pid) 2>/dev/null; rm -rf '\(runtimeFolder)'")
      return nil
    }
    display = socket
  }

  deinit { _ = shell("kill \(pid) 2>/dev/null; sleep 0.1; rm -rf '\(runtimeFolder)'") }

  /// The environment assignments a client needs, for a shell command line.
  public var assignments: String { "XDG_RUNTIME_DIR='\(runtimeFolder)' WAYLAND_DISPLAY=\(display)" }

  /// What the clipboard holds, read by a second process (`wl-paste`), or nil when empty.
  public func clipboard() -> String? {
    let read = shell("\(assignments) timeout 5 wl-paste --no-newline")
    return read.status == 0 ? read.output : nil
  }
}

/// A folder holding links to exactly `tools` (from /usr/bin), for a `PATH` on which Otter
/// finds those clipboard tools and no others.
public func toolFolder(_ tools: [String], in folder: TemporaryFolder) throws -> String {
  let bin = folder.file("tools")
  try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
  for tool in tools {
    try FileManager.default.createSymbolicLink(atPath: bin + "/" + tool, withDestinationPath: "/usr/bin/" + tool)
  }
  return bin
}
