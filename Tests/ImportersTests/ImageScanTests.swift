import Foundation
import ImageScan
import Importers
import QRCodeArt
import TestSupport
import Testing

/// A PGM (P5) of `text`'s QR code, 6 pixels per module, written by hand for cjpeg.
func pgm(_ text: String) throws -> [UInt8] {
  let matrix = try QREncoder.encode(text)
  let modules = matrix.size + 8
  let side = modules * 6
  var bytes = Array("P5\n\(side) \(side)\n255\n".utf8)
  for y in 0..<side {
    for x in 0..<side { bytes.append(matrix.isDark(row: y / 6 - 4, column: x / 6 - 4) ? 0 : 255) }
  }
  return bytes
}

@Suite("QR codes in images")
struct ImageScanTests {
  @Test("a PNG screenshot of an enrollment code imports as its account")
  func png() throws {
    let uri = "otpauth://totp/Shot:me?secret=\(rfcBase32)&issuer=Shot"
    let image = PNGWriter.png(try QREncoder.encode(uri), scale: 5)
    #expect(FormatDetector.detect(image) == .image)
    #expect(try QRImageScanner.scan(image) == [uri])
  }

  @Test("a JPEG (written by libjpeg-turbo's cjpeg) of Google's transfer screen imports every account")
  func jpeg() throws {
    let link = ImporterTests.handWrittenLink()
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Data(try pgm(link)).write(to: URL(fileURLWithPath: folder.file("code.pgm")))
    let made = try runProgram("/usr/bin/cjpeg", ["-quality", "90", "-outfile", folder.file("code.jpg"), folder.file("code.pgm")])
    #expect(made.status == 0, "\(made.error)")
    let jpeg = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder.file("code.jpg"))))
    #expect(FormatDetector.detect(jpeg) == .image)
    let texts = try QRImageScanner.scan(jpeg)
    #expect(texts == [link])
    let found = accounts(try Importer.read(Array(texts.joined(separator: "\n").utf8), format: .uri))
    #expect(found.count == 2)
  }

  @Test("damaged images and images without a code fail with a clear error, never crash")
  func failures() throws {
    let image = PNGWriter.png(try QREncoder.encode("otpauth://totp/A:b?secret=\(rfcBase32)"), scale: 3)
    for cut in [8, 20, 40, image.count / 2] {
      #expect(throws: ImageScanError.self) { try QRImageScanner.scan(Array(image.prefix(cut))) }
    }
    #expect(throws: ImageScanError.self) { try QRImageScanner.scan([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A]) }
    let blank = PNGWriter.png(
      width: 40, height: 40, greyscale: (0..<40).flatMap { _ in [0] + [UInt8](repeating: 255, count: 40) })
    #expect(throws: ImageScanError.noQRCode) { try QRImageScanner.scan(blank) }
    #expect(throws: ImageScanError.notAnImage) { try QRImageScanner.scan(Array("hello".utf8)) }
  }

  /// A PNG with the QR codes of `texts` side by side, 4 pixels per module.
  static func sideBySide(_ texts: [String]) throws -> [UInt8] {
    let matrices = try texts.map { try QREncoder.encode($0) }
    let scale = 4
    let cell = (matrices.map(\.size).max() ?? 0) + 8
    let width = cell * scale * matrices.count
    let height = cell * scale
    var raw: [UInt8] = []
    for y in 0..<height {
      raw.append(0)
      for x in 0..<width {
        let matrix = matrices[x / (cell * scale)]
        let column = (x % (cell * scale)) / scale - 4
        raw.append(matrix.isDark(row: y / scale - 4, column: column) ? 0 : 255)
      }
    }
    return PNGWriter.png(width: width, height: height, greyscale: raw)
  }

  /// `png` converted by libwebp's own cwebp (lossy or lossless).
  static func webp(_ png: [UInt8], lossless: Bool, in folder: TemporaryFolder) throws -> [UInt8] {
    try Data(png).write(to: URL(fileURLWithPath: folder.file("in.png")))
    let made = try runProgram(
      "/usr/bin/cwebp",
      ["-quiet"] + (lossless ? ["-lossless"] : ["-q", "75"]) + [folder.file("in.png"), "-o", folder.file("out.webp")])
    #expect(made.status == 0, "\(made.error)")
    return [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder.file("out.webp"))))
  }

  @Test("a WebP (lossy and lossless, written by cwebp) with two QR codes in one image gives both")
  func webpWithSeveralCodes() throws {
    let first = "otpauth://totp/Left:me?secret=\(rfcBase32)&issuer=Left"
    let second = "otpauth://hotp/Right:you?secret=JBSWY3DPEHPK3PXP&issuer=Right&counter=3"
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let png = try Self.sideBySide([first, second])
    for lossless in [true, false] {
      let image = try Self.webp(png, lossless: lossless, in: folder)
      #expect(FormatDetector.detect(image) == .image)
      #expect(Set(try QRImageScanner.scan(image)) == [first, second], "lossless \(lossless)")
    }
  }

  @Test("a WebP claiming 16384×16384 is refused from its header; a cut one is damaged")
  func webpBomb() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var image = try Self.webp(
      PNGWriter.png(try QREncoder.encode("otpauth://totp/A:b?secret=\(rfcBase32)"), scale: 2), lossless: true, in: folder)
    // VP8L: "RIFF" size "WEBP" "VP8L" size, the signature 0x2F, then 14 bits width - 1 and
    // 14 bits height - 1, little-endian.
    try #require(Array(image[12..<16]) == Array("VP8L".utf8) && image[20] == 0x2F)
    let original = image
    let rest = UInt32(image[24]) & 0xF0
    image[21] = 0xFF
    image[22] = 0xFF
    image[23] = 0xFF
    image[24] = UInt8(rest) | 0x0F
    #expect(throws: ImageScanError.tooLarge(format: "WebP", width: 16384, height: 16384)) { try QRImageScanner.scan(image) }
    #expect(throws: ImageScanError.undecodable("WebP")) { try QRImageScanner.scan(Array(original.prefix(original.count / 2))) }
  }
}
