internal import CImageCodecs
internal import CZbar

/// Why an image could not be scanned.
public enum ImageScanError: Error, Equatable, Sendable, CustomStringConvertible {
  case notAnImage
  case undecodable(String)
  case noQRCode

  public var description: String {
    switch self {
    case .notAnImage: "not a PNG or JPEG image"
    case .undecodable(let format): "the \(format) image is damaged or unsupported"
    case .noQRCode: "no QR code found in the image (try a sharper, larger screenshot)"
    }
  }
}

/// Finds QR codes in PNG and JPEG images: libpng/libjpeg decode to greyscale, libzbar scans.
/// The only file that calls those libraries.
public enum QRImageScanner {
  /// Whether `bytes` start like a PNG or JPEG file.
  public static func isImage(_ bytes: [UInt8]) -> Bool {
    bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) || bytes.starts(with: [0xFF, 0xD8, 0xFF])
  }

  /// The text of every QR code in the image.
  ///
  /// - Throws: `ImageScanError` when the image cannot be decoded or holds no QR code.
  public static func scan(_ bytes: [UInt8]) throws(ImageScanError) -> [String] {
    let (pixels, width, height) = try greyscale(bytes)
    var texts: [String] = []
    guard let scanner = zbar_image_scanner_create() else { throw .undecodable("image") }
    defer { zbar_image_scanner_destroy(scanner) }
    _ = zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
    _ = zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
    guard let image = zbar_image_create() else { throw .undecodable("image") }
    defer { zbar_image_destroy(image) }
    zbar_image_set_format(image, otter_zbar_format_y800())
    zbar_image_set_size(image, UInt32(width), UInt32(height))
    pixels.withUnsafeBufferPointer { buffer in
      zbar_image_set_data(image, buffer.baseAddress, UInt(buffer.count), nil)
      _ = zbar_scan_image(scanner, image)
      var symbol = zbar_image_first_symbol(image)
      while let current = symbol {
        if zbar_symbol_get_type(current) == ZBAR_QRCODE, let data = zbar_symbol_get_data(current) {
          let length = Int(zbar_symbol_get_data_length(current))
          let raw = UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self)
          texts.append(String(decoding: UnsafeBufferPointer(start: raw, count: length), as: UTF8.self))
        }
        symbol = zbar_symbol_next(current)
      }
      zbar_image_set_data(image, nil, 0, nil)
    }
    guard !texts.isEmpty else { throw .noQRCode }
    return texts
  }

  /// The image as 8-bit greyscale pixels.
  static func greyscale(_ bytes: [UInt8]) throws(ImageScanError) -> ([UInt8], Int, Int) {
    if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
      var image = png_image()
      otter_png_image_init(&image)
      let began = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
      guard began != 0 else { throw .undecodable("PNG") }
      defer { png_image_free(&image) }
      guard image.width > 0, image.height > 0, image.width <= 16384, image.height <= 16384 else { throw .undecodable("PNG") }
      image.format = otter_png_format_gray()
      var pixels = [UInt8](repeating: 0, count: Int(image.width) * Int(image.height))
      let finished = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
      guard finished != 0 else { throw .undecodable("PNG") }
      return (pixels, Int(image.width), Int(image.height))
    }
    if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
      var width: Int32 = 0
      var height: Int32 = 0
      guard
        let decoded = bytes.withUnsafeBufferPointer({ otter_jpeg_decode_gray($0.baseAddress, UInt($0.count), &width, &height) })
      else { throw .undecodable("JPEG") }
      defer { free(decoded) }
      let pixels = Array(UnsafeBufferPointer(start: decoded, count: Int(width) * Int(height)))
      return (pixels, Int(width), Int(height))
    }
    throw .notAnImage
  }
}
