import Foundation
import QRCodeArt
import TestSupport
import Testing

@Suite("QR codes")
struct QRTests {
  static let uris = [
    "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP",
    "otpauth://totp/ACME%20Co:john.doe%40email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60",
    "otpauth://totp/Z%C3%BCrich%20%E4%B8%AD%E6%96%87:%F0%9F%98%80?secret=JBSWY3DPEHPK3PXP&issuer=Z%C3%BCrich%20%E4%B8%AD%E6%96%87",
    "otpauth://hotp/Long:" + String(repeating: "x", count: 300) + "?secret=" + String(repeating: "A", count: 103)
      + "&counter=12345",
  ]

  @Test("half-block art equals qrencode -t UTF8 byte for byte, at every level", arguments: QRErrorCorrection.allCases)
  func matchesQrencode(level: QRErrorCorrection) throws {
    for uri in Self.uris {
      let mine = QRRenderer.lines(try QREncoder.encode(uri, level: level)).joined(separator: "\n") + "\n"
      let reference = try runProgram("/usr/bin/qrencode", ["-t", "UTF8", "-m", "4", "-l", level.rawValue, uri])
      #expect(reference.status == 0)
      #expect(mine == reference.output, "\(uri.prefix(40)) at \(level)")
    }
  }

  @Test(
    "block art, ASCII art and PNG all scan back to the exact input with zbarimg",
    arguments: QRErrorCorrection.allCases)
  func scans(level: QRErrorCorrection) throws {
    for uri in Self.uris {
      let matrix = try QREncoder.encode(uri, level: level)
      #expect(try scan(PNGWriter.png(matrix, scale: 4)) == uri, "PNG \(uri.prefix(40))")
      for (style, invert) in [(QRRenderer.Style.halfBlocks, false), (.halfBlocks, true), (.ascii, false)] {
        let image = pixels(
          from: QRRenderer.lines(matrix, style: style, invert: invert), halfBlocks: style == .halfBlocks, invert: invert)
        let png = greyscalePNG(width: image.width, height: image.height, raw: image.raw)
        #expect(try scan(png) == uri, "\(style) invert \(invert): \(uri.prefix(40))")
      }
    }
  }

  @Test("a text too long for any QR code is refused with a clear error")
  func tooLong() {
    #expect(throws: QRError.tooLong(bytes: 3000, level: .high)) {
      try QREncoder.encode(String(repeating: "x", count: 3000), level: .high)
    }
  }

  @Test("the PNG writer's checksums match the specifications' check values")
  func checksums() {
    // CRC-32 of "123456789" is CBF43926 (PNG, ISO 3309); Adler-32 of "Wikipedia" is 11E60398.
    #expect(PNGWriterProbe.crc("123456789") == 0xCBF4_3926)
    #expect(PNGWriterProbe.adler("Wikipedia") == 0x11E6_0398)
  }
}
