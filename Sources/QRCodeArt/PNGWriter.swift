/// A minimal, correct PNG encoder for QR codes: 8-bit greyscale, zlib with stored (uncompressed)
/// deflate blocks, CRC-32 and Adler-32 as the PNG and zlib specifications define them.
public enum PNGWriter {
  /// A PNG of `matrix` with its quiet zone, `scale` pixels per module, dark modules black.
  public static func png(_ matrix: QRMatrix, scale: Int = 8) -> [UInt8] {
    let modules = matrix.size + 2 * QRRenderer.quietZone
    let side = modules * scale
    var raw: [UInt8] = []
    raw.reserveCapacity((side + 1) * side)
    for y in 0..<side {
      raw.append(0)  // filter type: none
      let row = y / scale - QRRenderer.quietZone
      for x in 0..<side {
        raw.append(matrix.isDark(row: row, column: x / scale - QRRenderer.quietZone) ? 0 : 255)
      }
    }
    return png(width: side, height: side, greyscale: raw)
  }

  /// A PNG from rows of greyscale pixels, each row already prefixed by its filter byte.
  public static func png(width: Int, height: Int, greyscale raw: [UInt8]) -> [UInt8] {
    var output: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    var header: [UInt8] = []
    header += bigEndian(UInt32(width))
    header += bigEndian(UInt32(height))
    header += [8, 0, 0, 0, 0]  // bit depth 8, greyscale, deflate, adaptive filter, no interlace
    chunk("IHDR", header, into: &output)
    chunk("IDAT", zlibStored(raw), into: &output)
    chunk("IEND", [], into: &output)
    return output
  }

  static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
  }

  static func chunk(_ type: String, _ data: [UInt8], into output: inout [UInt8]) {
    let typeBytes = Array(type.utf8)
    output += bigEndian(UInt32(data.count))
    output += typeBytes
    output += data
    output += bigEndian(crc32(typeBytes + data))
  }

  /// zlib (RFC 1950) around deflate stored blocks (RFC 1951 §3.2.4), at most 65,535 bytes each.
  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var output: [UInt8] = [0x78, 0x01]
    var offset = 0
    repeat {
      let length = min(65_535, data.count - offset)
      let final: UInt8 = offset + length == data.count ? 1 : 0
      output.append(final)
      output += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
      output += data[offset..<(offset + length)]
      offset += length
    } while offset < data.count
    output += bigEndian(adler32(data))
    return output
  }

  static let crcTable: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    return value
  }

  static func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
  }

  static func adler32(_ data: [UInt8]) -> UInt32 {
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in data {
      a = (a + UInt32(byte)) % 65_521
      b = (b + a) % 65_521
    }
    return b << 16 | a
  }
}

/// The PNG writer's checksums, exposed for tests against published check values.
public enum PNGWriterProbe {
  public static func crc(_ text: String) -> UInt32 { PNGWriter.crc32(Array(text.utf8)) }
  public static func adler(_ text: String) -> UInt32 { PNGWriter.adler32(Array(text.utf8)) }
}
