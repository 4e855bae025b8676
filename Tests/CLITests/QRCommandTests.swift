import Foundation
import TestSupport
import Testing

@Suite("otter qr")
struct QRCommandTests {
  static let uri = "otpauth://totp/Z%C3%BCrich:alice?secret=\(rfcSecret)&issuer=Z%C3%BCrich"

  func run(_ arguments: [String], language: String?, columns: String? = nil) throws -> (
    status: Int32, output: String, error: String
  ) {
    var environment = ["PATH": "/usr/bin:/bin"]
    if let language { environment["LANG"] = language }
    if let columns { environment["COLUMNS"] = columns }
    return try otter(arguments, input: Self.uri + "\n", environment: environment)
  }

  @Test("draws half blocks on a UTF-8 terminal that scan back to the URI, and warns on stderr")
  func blocks() throws {
    let result = try run(["qr", "--uri", "-"], language: "C.UTF-8")
    #expect(result.status == 0)
    #expect(result.output.contains("▀") || result.output.contains("▄"))
    #expect(result.error.contains("reveals the secret"))
    let lines = result.output.split(separator: "\n").map(String.init)
    let image = pixels(from: lines, halfBlocks: true, invert: false)
    #expect(try scan(greyscalePNG(width: image.width, height: image.height, raw: image.raw)) == Self.uri)
    let inverted = try run(["qr", "--uri", "-", "--invert", "--level", "H"], language: "en_US.UTF-8")
    let invertedImage = pixels(from: inverted.output.split(separator: "\n").map(String.init), halfBlocks: true, invert: true)
    #expect(try scan(greyscalePNG(width: invertedImage.width, height: invertedImage.height, raw: invertedImage.raw)) == Self.uri)
  }

  @Test("falls back to ASCII when the locale is not UTF-8")
  func asciiFallback() throws {
    let result = try run(["qr", "--uri", "-"], language: nil)
    #expect(result.status == 0)
    #expect(result.output.contains("##"))
    #expect(!result.output.contains("█"))
    let image = pixels(from: result.output.split(separator: "\n").map(String.init), halfBlocks: false, invert: false)
    #expect(try scan(greyscalePNG(width: image.width, height: image.height, raw: image.raw)) == Self.uri)
  }

  @Test("says so when the code is wider than the terminal and suggests --png")
  func tooWide() throws {
    let result = try run(["qr", "--uri", "-"], language: "C.UTF-8", columns: "30")
    #expect(result.status == 65)
    #expect(result.error.contains("--png"))
    #expect(result.output.isEmpty)
  }

  @Test("--png writes a 0600 image that scans, and refuses to overwrite without --force")
  func png() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("code.png")
    #expect(try run(["qr", "--uri", "-", "--png", path], language: nil).status == 0)
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    let scanned = try scan([UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
    #expect(scanned == Self.uri, "scanned \(String(describing: scanned))")
    #expect(try run(["qr", "--uri", "-", "--png", path], language: nil).status == 73)
    #expect(try run(["qr", "--uri", "-", "--png", path, "--force"], language: nil).status == 0)
  }

  @Test("qr QUERY renders the stored account's URI")
  func fromVault() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    _ = try vault.run(["add"], input: "otpauth://totp/Bank:bob?secret=\(rfcSecret)")
    let path = vault.folder.file("bank.png")
    #expect(try vault.run(["qr", "bank", "--png", path]).status == 0)
    let decoded = try scan([UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
    #expect(decoded == "otpauth://totp/Bank:bob?secret=\(rfcSecret)&issuer=Bank&algorithm=SHA1&digits=6&period=30")
  }
}
