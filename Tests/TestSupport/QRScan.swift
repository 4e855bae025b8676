import Foundation

/// Turns rendered lines back into pixels (light 255, dark 0), `scale` pixels per module.
public func pixels(from lines: [String], halfBlocks: Bool, invert: Bool, scale: Int = 4) -> (
  width: Int, height: Int, raw: [UInt8]
) {
  var rows: [[Bool]] = []  // true = drawn
  for line in lines {
    let characters = Array(line)
    switch halfBlocks {
    case true:
      var top: [Bool] = []
      var bottom: [Bool] = []
      for character in characters {
        top.append(character == "█" || character == "▀")
        bottom.append(character == "█" || character == "▄")
      }
      rows += [top, bottom]
    case false:
      rows.append(stride(from: 0, to: characters.count, by: 2).map { characters[$0] == "#" })
    }
  }
  let width = (rows.first?.count ?? 0) * scale
  var raw: [UInt8] = []
  for row in rows {
    for _ in 0..<scale {
      raw.append(0)
      for drawn in row {
        let light = invert ? !drawn : drawn
        raw += Array(repeating: light ? 255 : 0, count: scale)
      }
    }
  }
  return (width, rows.count * scale, raw)
}

/// What zbarimg reads from `png`, or nil.
public func scan(_ png: [UInt8]) throws -> String? {
  let folder = try TemporaryFolder()
  defer { folder.remove() }
  let path = folder.file("code.png")
  try Data(png).write(to: URL(fileURLWithPath: path))
  let result = try runProgram("/usr/bin/zbarimg", ["--raw", "-q", path])
  guard result.status == 0 else { return nil }
  return result.output.hasSuffix("\n") ? String(result.output.dropLast()) : result.output
}

/// A PNG of greyscale rows (each prefixed with filter byte 0), written without QRCodeArt so the
/// test path to zbarimg does not depend on the code under test. Uses stored deflate blocks.
public func greyscalePNG(width: Int, height: Int, raw: [UInt8]) -> [UInt8] {
  func be(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
  }
  func crc(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }
    return ~crc
  }
  var zlib: [UInt8] = [0x78, 0x01]
  var offset = 0
  repeat {
    let length = min(65_535, raw.count - offset)
    zlib += [
      offset + length == raw.count ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF),
      UInt8((~length >> 8) & 0xFF),
    ]
    zlib += raw[offset..<(offset + length)]
    offset += length
  } while offset < raw.count
  var a: UInt32 = 1
  var b: UInt32 = 0
  for byte in raw {
    a = (a + UInt32(byte)) % 65_521
    b = (b + a) % 65_521
  }
  zlib += be(b << 16 | a)
  var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
  for (type, data) in [("IHDR", be(UInt32(width)) + be(UInt32(height)) + [8, 0, 0, 0, 0]), ("IDAT", zlib), ("IEND", [])] {
    png += be(UInt32(data.count)) + Array(type.utf8) + data + be(crc(Array(type.utf8) + data))
  }
  return png
}
