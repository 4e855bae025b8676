import Foundation
import TestSupport
import Testing

/// `otter import --clipboard` and `--screen` against real desktops: Xvfb with xclip and
/// ImageMagick's import (the QR shown in a window by ImageMagick's display), and headless sway
/// with wl-copy/wl-paste and grim (the QR as sway's background, drawn by swaybg).
@Suite("Adding from the clipboard or the screen", .serialized)
struct ScreenImportTests {
  static let uri = "otpauth://totp/Screen%20Co:scan%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Screen%20Co"

  /// A PNG of the URI's QR code, drawn by qrencode (not by Otter).
  func qrPNG(_ vault: TestVault, scale: Int = 6) throws -> String {
    let path = vault.folder.file("qr.png")
    let made = shell("printf '%s' '\(Self.uri)' | qrencode -s \(scale) -m 4 -t PNG -o '\(path)' && chmod 644 '\(path)'")
    #expect(made.status == 0)
    return path
  }

  func imported(_ vault: TestVault) throws -> [String] {
    let listed = try vault.run(["list", "--json"])
    let rows = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]] ?? []
    return rows.map { "\($0["issuer"] as? String ?? "?"):\($0["name"] as? String ?? "?")" }
  }

  /// otter import with `flag` in `environment` (a display's), through a shell.
  func importing(_ vault: TestVault, _ flag: String, _ environment: String) -> (status: Int32, output: String) {
    shell(
      "\(environment) HOME='\(vault.folder.path)' '\(otterPath)' import \(flag) --vault '\(vault.path)' "
        + "--password-file '\(vault.folder.file("pw"))' 2>'\(vault.folder.file("err"))'")
  }

  func error(_ vault: TestVault) -> String { (try? String(contentsOfFile: vault.folder.file("err"), encoding: .utf8)) ?? "" }

  @Test("X11: an image put on the clipboard with xclip is scanned and imported; a clipboard with text only is said (66)")
  func x11Clipboard() throws {
    let display = try #require(VirtualDisplay())
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let png = try qrPNG(vault)
    #expect(shell("printf 'just words' | DISPLAY=\(display.name) xclip -selection clipboard -i").status == 0)
    #expect(display.clipboard() == "just words")
    let textOnly = importing(vault, "--clipboard", "DISPLAY=\(display.name)")
    #expect(textOnly.status == 66, "\(error(vault))")
    #expect(error(vault).contains("the clipboard holds no image"))
    #expect(shell("DISPLAY=\(display.name) xclip -selection clipboard -t image/png -i '\(png)'").status == 0)
    let result = importing(vault, "--clipboard", "DISPLAY=\(display.name)")
    #expect(result.status == 0, "\(error(vault))")
    #expect(result.output.contains("added"), "\(result.output)")
    #expect(try imported(vault) == ["Screen Co:scan@example.com"])
  }

  @Test("X11: a QR code shown in a window (ImageMagick's display) is found on the screen by import -window root")
  func x11Screen() throws {
    let display = try #require(VirtualDisplay())
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let png = try qrPNG(vault)
    // An empty screen first: no account, said, nothing changed.
    let empty = importing(vault, "--screen", "DISPLAY=\(display.name)")
    #expect(empty.status == 65, "\(error(vault))")
    let shown = shell("DISPLAY=\(display.name) display -geometry +120+80 '\(png)' >/dev/null 2>&1 & echo $!")
    defer { _ = shell("kill \(shown.output.trimmingCharacters(in: .whitespacesAndNewlines)) 2>/dev/null") }
    // Wait until the window is mapped.
    _ = shell(
      "for i in $(seq 50); do DISPLAY=\(display.name) xwininfo -root -tree 2>/dev/null | grep -q 'qr.png' && break; sleep 0.1; done; sleep 0.5"
    )
    let result = importing(vault, "--screen", "DISPLAY=\(display.name)")
    #expect(result.status == 0, "\(error(vault))")
    #expect(try imported(vault) == ["Screen Co:scan@example.com"])
  }

  @Test("Wayland: wl-copy's image on the clipboard, and grim's capture of the screen (the QR as sway's background)")
  func wayland() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let png = try qrPNG(vault, scale: 8)
    // Where sway's user (nobody, when the tests run as root) can read it.
    let background = FileManager.default.temporaryDirectory.appendingPathComponent("otter-bg-\(UUID().uuidString).png").path
    try FileManager.default.copyItem(atPath: png, toPath: background)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: background)
    defer { try? FileManager.default.removeItem(atPath: background) }
    let compositor = try #require(
      HeadlessWayland(configuration: "output * bg \(background) center #ffffff\n"), "\(HeadlessWayland.unavailable)")
    let environment = compositor.assignments
    _ = shell("\(environment) timeout 5 wl-copy --type image/png < '\(png)'")
    let clipboard = importing(vault, "--clipboard", environment)
    #expect(clipboard.status == 0, "\(error(vault))")
    #expect(try imported(vault) == ["Screen Co:scan@example.com"])
    #expect(try vault.run(["rm", "screen", "--yes"]).status == 0)
    // grim needs the background drawn: wait for swaybg.
    _ = shell("for i in $(seq 50); do pgrep -x swaybg >/dev/null && break; sleep 0.1; done; sleep 1")
    let screen = importing(vault, "--screen", environment)
    #expect(screen.status == 0, "\(error(vault))")
    #expect(try imported(vault) == ["Screen Co:scan@example.com"])
  }

  @Test("without a desktop session, or without the tools, it says what is missing (69)")
  func unavailable() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let noSession = importing(vault, "--clipboard", "env -u DISPLAY -u WAYLAND_DISPLAY")
    #expect(noSession.status == 69)
    #expect(error(vault).contains("no desktop session"))
    let noTools = importing(vault, "--screen", "PATH=/nonexistent DISPLAY=:99")
    #expect(noTools.status == 69)
    #expect(error(vault).contains("install grim (Wayland) or ImageMagick's import (X11)"))
    #expect(try vault.run(["import", "--clipboard", "some-file"]).status == 64)
  }
}
