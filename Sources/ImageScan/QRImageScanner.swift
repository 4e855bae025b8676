internal import CImageCodecs
internal import CZbar

/// Why an image could not be scanned.
public enum ImageScanError: Error, Equatable, Sendable, CustomStringConvertible {
  case notAnImage
  case undecodable(String)
  /// The header claims more pixels than Otter decodes.
  case tooLarge(format: String, width: Int, height: Int)
  case noQRCode
  /// The QR scanner itself failed.
  case scannerFailed(String)

  public var description: String {
    switch self {
    case .notAnImage: "not a PNG, JPEG or WebP image"
    case .undecodable(let format): "the \(format) image is damaged or unsupported"
    case .tooLarge(let format, let width, let height):
      "the \(format) image claims \(width)×\(height) pixels, over Otter's limit of \(QRImageScanner.maximumPixels / 1_000_000) megapixels; crop the screenshot to the QR code"
    case .noQRCode: "no QR code found in the image (try a sharper, larger screenshot)"
    case .scannerFailed(let step): "the QR scanner failed (\(step))"
    }
  }
}

/// Finds QR codes in PNG, JPEG and WebP images: libpng/libjpeg/libwebp decode to greyscale,
/// libzbar scans.
/// The only file that calls those libraries.
public enum QRImageScanner {
  /// The most pixels decoded (40 megapixels: a 4K screenshot is 8).
  public static let maximumPixels = 40_000_000
  /// The most working memory libjpeg may take (a progressive image keeps every coefficient).
  static let maximumDecoderMemory = 192 << 20

  /// Whether `bytes` start like a PNG, JPEG or WebP file.
  public static func isImage(_ bytes: [UInt8]) -> Bool {
    bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) || bytes.starts(with: [0xFF, 0xD8, 0xFF]) || isWebP(bytes)
  }

  /// `RIFF`, a size, `WEBP`.
  static func isWebP(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 12 && bytes.starts(with: Array("RIFF".utf8)) && Array(bytes[8..<12]) == Array("WEBP".utf8)
  }

  /// The text of every QR code in the image, in the order zbar finds them.
  ///
  /// - Throws: `ImageScanError` when the image cannot be decoded, is too large, or holds no QR code.
  /// The corresponding C functions are `zbar_image_scanner_create`, `zbar_scan_image` and
  /// `zbar_symbol_get_data`.
  public static func scan(_ bytes: [UInt8]) throws(ImageScanError) -> [String] {
    let (pixels, width, height) = try greyscale(bytes)
    guard let scanner = unsafe zbar_image_scanner_create() else { throw .scannerFailed("create") }
    defer { unsafe zbar_image_scanner_destroy(scanner) }
    guard unsafe zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0) == 0,
      unsafe zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1) == 0
    else { throw .scannerFailed("configure") }
    guard let image = unsafe zbar_image_create() else { throw .scannerFailed("image") }
    defer { unsafe zbar_image_destroy(image) }
    unsafe zbar_image_set_format(image, otter_zbar_format_y800())
    unsafe zbar_image_set_size(image, UInt32(width), UInt32(height))
    var texts: [String] = []
    let found = unsafe pixels.withUnsafeBufferPointer { buffer in
      unsafe zbar_image_set_data(image, buffer.baseAddress, UInt(buffer.count), nil)
      defer { unsafe zbar_image_set_data(image, nil, 0, nil) }
      let found = unsafe zbar_scan_image(scanner, image)
      var symbol = unsafe zbar_image_first_symbol(image)
      while let current = unsafe symbol {
        if unsafe zbar_symbol_get_type(current) == ZBAR_QRCODE, let data = unsafe zbar_symbol_get_data(current) {
          let length = Int(unsafe zbar_symbol_get_data_length(current))
          let raw = unsafe UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self)
          texts.append(unsafe String(decoding: UnsafeBufferPointer(start: raw, count: length), as: UTF8.self))
        }
        unsafe symbol = unsafe zbar_symbol_next(current)
      }
      return found
    }
    guard found >= 0 else { throw .scannerFailed("scan") }
    guard !texts.isEmpty else { throw .noQRCode }
    return texts
  }

  /// The image as 8-bit greyscale pixels.
  static func greyscale(_ bytes: [UInt8]) throws(ImageScanError) -> ([UInt8], Int, Int) {
    if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return try png(bytes) }
    if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return try jpeg(bytes) }
    if isWebP(bytes) { return try webp(bytes) }
    throw .notAnImage
  }

  /// The corresponding C functions are `png_image_begin_read_from_memory` and
  /// `png_image_finish_read`.
  private static func png(_ bytes: [UInt8]) throws(ImageScanError) -> ([UInt8], Int, Int) {
    var image = unsafe png_image()
    unsafe otter_png_image_init(&image)
    let began = unsafe bytes.withUnsafeBytes { unsafe png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
    guard began != 0 else { throw .undecodable("PNG") }
    defer { unsafe png_image_free(&image) }
    // The header has been read, nothing decompressed yet: refuse a claimed size here.
    let width = Int(unsafe image.width)
    let height = Int(unsafe image.height)
    guard width > 0, height > 0 else { throw .undecodable("PNG") }
    guard width * height <= maximumPixels else { throw .tooLarge(format: "PNG", width: width, height: height) }
    unsafe image.format = otter_png_format_gray()
    var pixels = [UInt8](repeating: 0, count: width * height)
    let finished = unsafe pixels.withUnsafeMutableBytes { unsafe png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
    guard finished != 0 else { throw .undecodable("PNG") }
    return (pixels, width, height)
  }

  /// The corresponding C function is the shim's `otter_jpeg_decode_gray` (libjpeg in setjmp).
  private static func jpeg(_ bytes: [UInt8]) throws(ImageScanError) -> ([UInt8], Int, Int) {
    var width: Int32 = 0
    var height: Int32 = 0
    var status: Int32 = 0
    let decoded = unsafe bytes.withUnsafeBufferPointer {
      unsafe otter_jpeg_decode_gray(
        $0.baseAddress, UInt($0.count), UInt(maximumPixels), maximumDecoderMemory, &width, &height, &status)
    }
    guard let decoded = unsafe decoded else {
      if status == Int32(OTTER_JPEG_TOO_LARGE.rawValue) {
        throw .tooLarge(format: "JPEG", width: Int(width), height: Int(height))
      }
      throw .undecodable("JPEG")
    }
    defer { unsafe free(decoded) }
    let pixels = unsafe Array(UnsafeBufferPointer(start: decoded, count: Int(width) * Int(height)))
    return (pixels, Int(width), Int(height))
  }

  /// The luma plane of the WebP image, which is its greyscale. The size in the header is
  /// checked before anything is decoded. Animated WebP is not decoded (libwebp's simple API
  /// refuses it): take a screenshot of one frame.
  ///
  /// The corresponding C functions are `WebPGetInfo`, `WebPDecodeYUV` and `WebPFree`.
  private static func webp(_ bytes: [UInt8]) throws(ImageScanError) -> ([UInt8], Int, Int) {
    var width: Int32 = 0
    var height: Int32 = 0
    let known = unsafe bytes.withUnsafeBufferPointer { unsafe WebPGetInfo($0.baseAddress, $0.count, &width, &height) }
    guard known != 0, width > 0, height > 0 else { throw .undecodable("WebP") }
    guard Int(width) * Int(height) <= maximumPixels else {
      throw .tooLarge(format: "WebP", width: Int(width), height: Int(height))
    }
    var u: UnsafeMutablePointer<UInt8>?
    var v: UnsafeMutablePointer<UInt8>?
    var stride: Int32 = 0
    var uvStride: Int32 = 0
    let luma = unsafe bytes.withUnsafeBufferPointer {
      unsafe WebPDecodeYUV($0.baseAddress, $0.count, &width, &height, &u, &v, &stride, &uvStride)
    }
    guard let luma = unsafe luma else { throw .undecodable("WebP") }
    defer { unsafe WebPFree(luma) }
    let columns = Int(width)
    let rows = Int(height)
    guard Int(stride) >= columns else { throw .undecodable("WebP") }
    var pixels = [UInt8](repeating: 0, count: columns * rows)
    unsafe pixels.withUnsafeMutableBufferPointer { target in
      for row in 0..<rows {
        let source = unsafe UnsafeBufferPointer(start: luma + row * Int(stride), count: columns)
        for column in 0..<columns { unsafe target[row * columns + column] = unsafe source[column] }
      }
    }
    return (pixels, columns, rows)
  }
}
