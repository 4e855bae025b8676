internal import CQRencode

#if canImport(Glibc)
  import Glibc
#endif

/// QR encoding through libqrencode; the only file that calls it.
public enum QREncoder {
  /// Encodes `text` (UTF-8, 8-bit mode, smallest version that fits).
  ///
  /// - Throws: `QRError.tooLong` when the text does not fit at `level`, `.containsNUL`.
  /// The corresponding C functions are `QRcode_encodeString` and `QRcode_free`.
  public static func encode(_ text: String, level: QRErrorCorrection = .medium) throws(QRError) -> QRMatrix {
    guard !text.utf8.contains(0) else { throw .containsNUL }
    let cLevel: QRecLevel =
      switch level {
      case .low: QR_ECLEVEL_L
      case .medium: QR_ECLEVEL_M
      case .quartile: QR_ECLEVEL_Q
      case .high: QR_ECLEVEL_H
      }
    guard let code = unsafe QRcode_encodeString(text, 0, cLevel, QR_MODE_8, 1) else {
      let error = errno
      throw error == ERANGE ? .tooLong(bytes: text.utf8.count, level: level) : .encoderFailed(code: error)
    }
    defer { unsafe QRcode_free(code) }
    let width = Int(unsafe code.pointee.width)
    var modules = [Bool](repeating: false, count: width * width)
    for index in 0..<(width * width) {
      // Bit 0 of each byte is the module's colour (1 = dark); the other bits are metadata.
      modules[index] = unsafe code.pointee.data[index] & 1 == 1
    }
    return QRMatrix(size: width, modules: modules)
  }
}
