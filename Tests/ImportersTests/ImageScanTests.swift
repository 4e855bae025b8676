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
}
