import Foundation
import TestSupport
import Testing

/// Whether `text` holds any row of a drawn QR code.
func holdsQRArt(_ text: String) -> Bool { text.contains("█") || text.contains("▀") || text.contains("▄") }

@Suite("Nothing left behind: screens, crashes, clipboard", .serialized)
struct ScreenHygieneTests {
  @Test("otter qr on a terminal uses the alternate screen: after a key, the whole history holds no QR row")
  func qrAlternateScreen() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Bank:alice?secret=\(rfcSecret)&issuer=Bank\n").status == 0)
    let command =
      "echo BEFORE; env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=tmux-256color '\(otterPath)' qr bank --vault '\(vault.path)' "
      + "--password-file '\(vault.folder.file("pw"))'; echo QR-DONE; sleep 600"
    let session = TmuxSession(command: command, columns: 120, rows: 60)
    defer { session.kill() }
    let screen = session.wait(for: "reveals the secret")
    #expect(holdsQRArt(screen))
    let art = screen.split(separator: "\n").map(String.init).filter(holdsQRArt)
    let width = art.map(\.count).max() ?? 0
    let image = pixels(from: art.map { $0 + String(repeating: " ", count: width - $0.count) }, halfBlocks: true, invert: false)
    #expect(try scan(greyscalePNG(width: image.width, height: image.height, raw: image.raw))?.contains(rfcSecret) == true)
    session.send("x")
    let after = session.wait(for: "QR-DONE")
    #expect(after.contains("BEFORE"))
    let history = session.history()
    #expect(!holdsQRArt(history))
    #expect(!history.contains("reveals the secret"))
  }

  @Test("otter qr --print keeps today's behaviour: the code stays on the screen")
  func qrPrint() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Bank:alice?secret=\(rfcSecret)&issuer=Bank\n").status == 0)
    let command =
      "env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=tmux-256color '\(otterPath)' qr bank --print --vault '\(vault.path)' "
      + "--password-file '\(vault.folder.file("pw"))'; echo QR-DONE; sleep 600"
    let session = TmuxSession(command: command, columns: 120, rows: 60)
    defer { session.kill() }
    #expect(holdsQRArt(session.wait(for: "QR-DONE")))
  }

  @Test(
    "a crash (SIGSEGV, SIGBUS, SIGABRT) during --count prints one line and no hexadecimal dump",
    arguments: ["SEGV", "BUS", "ABRT"])
  func crashOutput(signal: String) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("uri", "otpauth://totp/x?secret=\(rfcSecret)\n")
    let run = shell(
      "'\(otterPath)' code --uri '\(folder.file("uri"))' --count 100000000 >/dev/null 2>'\(folder.file("err"))' & "
        + "pid=$!; sleep 0.4; kill -\(signal) $pid; wait $pid; echo $?")
    #expect(Int(run.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 128)
    let error = try String(contentsOfFile: folder.file("err"), encoding: .utf8)
    let lines = error.split(separator: "\n")
    #expect(lines.count <= 1, "\(error)")
    #expect(lines.first?.hasPrefix("otter: crashed (signal ") == true)
    #expect(!error.contains("0x"))
  }
}

@Suite("Hostile input: image bombs, control bytes, invisible and endless labels", .serialized)
struct HostileInputTests {
  /// A PNG whose header claims `width` × `height`, with a tiny (wrong) image body.
  func bombPNG(width: Int, height: Int, in folder: TemporaryFolder) throws -> String {
    let script = """
      import struct, sys, zlib
      def chunk(kind, data):
          return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
      header = struct.pack(">IIBBBBB", \(width), \(height), 8, 0, 0, 0, 0)
      sys.stdout.buffer.write(b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\\0" * 64)) + chunk(b"IEND", b""))
      """
    try folder.write("png.py", script)
    let made = shell("python3 '\(folder.file("png.py"))' > '\(folder.file("bomb.png"))'")
    #expect(made.status == 0)
    return folder.file("bomb.png")
  }

  /// A small progressive JPEG whose frame header is changed to claim `size` × `size`.
  func bombJPEG(size: Int, in folder: TemporaryFolder) throws -> String {
    try folder.write("tiny.pgm", "P2\n4 4\n255\n" + String(repeating: "128 ", count: 16) + "\n")
    let made = shell("cjpeg -progressive -grayscale '\(folder.file("tiny.pgm"))' > '\(folder.file("tiny.jpg"))'")
    #expect(made.status == 0)
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder.file("tiny.jpg"))))
    // SOF2 (progressive): FF C2, length (2), precision (1), height (2), width (2).
    let sof = try #require((0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC2 })
    bytes[sof + 5] = UInt8(size >> 8)
    bytes[sof + 6] = UInt8(size & 0xFF)
    bytes[sof + 7] = UInt8(size >> 8)
    bytes[sof + 8] = UInt8(size & 0xFF)
    try Data(bytes).write(to: URL(fileURLWithPath: folder.file("bomb.jpg")))
    return folder.file("bomb.jpg")
  }

  @Test("a JPEG and a PNG claiming 65500×65500 are refused in under a second, under 100 MB", arguments: ["jpg", "png"])
  func imageBombs(kind: String) throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let file =
      kind == "jpg" ? try bombJPEG(size: 65500, in: vault.folder) : try bombPNG(width: 65500, height: 65500, in: vault.folder)
    let run = try otterMeasured(["import", file, "--format", "image"] + vault.common, environment: vault.environment)
    #expect(run.status == 65)
    #expect(run.error.contains("claims 65500×65500 pixels"), "\(run.error)")
    #expect(run.seconds < 1, "\(run.seconds) s")
    #expect(run.peakMemory < 100 << 20, "\(run.peakMemory >> 20) MiB")
  }

  @Test("a raw control byte anywhere in a URI is a parse error, at its position")
  func rawControlBytes() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    for (uri, position) in [
      ("otpauth://totp/a\u{0}b?secret=\(rfcSecret)", 17), ("otpauth://totp/a?secret=\(rfcSecret)\u{1b}[2J", 57),
    ] {
      let result = try vault.run(["add"], input: uri + "\n")
      #expect(result.status == 65)
      #expect(result.error.contains("raw control character at byte \(position)"), "\(result.error)")
      #expect(!result.error.contains(rfcSecret))
    }
  }

  @Test("invisible characters are shown visibly in otter list, add's report and import's report")
  func invisibleCharacters() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let added = try vault.run(
      ["add"], input: "otpauth://totp/Go%E2%80%8Bogle:a%C2%ADb?secret=\(rfcSecret)&issuer=Go%E2%80%8Bogle\n")
    #expect(added.output.contains("added Go\u{FFFD}ogle: a\u{FFFD}b"))
    let listed = try vault.run(["list"])
    #expect(listed.output.contains("Go\u{FFFD}ogle"))
    #expect(!listed.output.contains("\u{200B}"))
    try vault.folder.write("tags.uris", "otpauth://totp/Bank%F3%A0%80%81:c?secret=\(rfcSecret)\n")
    let imported = try vault.run(["import", vault.folder.file("tags.uris")])
    #expect(imported.output.contains("Bank\u{FFFD}: c"))
  }

  @Test("a 3,000-character label is refused with its reason; the rest of an import goes in")
  func endlessLabel() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let long = String(repeating: "x", count: 3000)
    let added = try vault.run(["add"], input: "otpauth://totp/\(long):a?secret=\(rfcSecret)\n")
    #expect(added.status == 65)
    #expect(added.error.contains("the issuer is 3000 characters long; at most 256 are kept"))
    try vault.folder.write(
      "mixed.uris", "otpauth://totp/\(long):a?secret=\(rfcSecret)\notpauth://totp/Short:b?secret=\(rfcSecret)&issuer=Short\n")
    let imported = try vault.run(["import", vault.folder.file("mixed.uris")])
    #expect(imported.status == 65)
    #expect(imported.output.contains("failed  line 1: "))
    #expect(imported.output.contains("the issuer is 3000 characters long; at most 256 are kept"))
    #expect(imported.output.contains("added   line 2: Short: b"))
  }
}
