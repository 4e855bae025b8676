internal import CQRencode
import Posix

#if canImport(Glibc)
  import Glibc
#endif

/// QR encoding through libqrencode; the only file that calls it.
public enum QREncoder {
  /// Encodes `text` (UTF-8, 8-bit mode, smallest version that fits).
  ///
  /// - Throws: `QRError.tooLong` when the text does not fit at `level`, `.containsNUL`.
  public static func encode(_ text: String, level: QRErrorCorrection = .medium) throws(QRError) -> QRMatrix {
    var bytes = Array(text.utf8)
    defer { wipe(&bytes) }
    return try encode(utf8: bytes, level: level)
  }

  /// Encodes the UTF-8 bytes `text` (which may hold a secret): libqrencode reads them from a
  /// buffer that is wiped afterwards, runs with freed memory scrubbed (it copies the text into
  /// buffers of its own and frees them unwiped), and its module data is wiped before it is
  /// freed.
  ///
  /// - Throws: `QRError.tooLong` when the text does not fit at `level`, `.containsNUL`.
  /// The corresponding C functions are `QRcode_encodeString` and `QRcode_free`.
  public static func encode(utf8 text: [UInt8], level: QRErrorCorrection = .medium) throws(QRError) -> QRMatrix {
    guard !text.contains(0) else { throw .containsNUL }
    let cLevel: QRecLevel =
      switch level {
      case .low: QR_ECLEVEL_L
      case .medium: QR_ECLEVEL_M
      case .quartile: QR_ECLEVEL_Q
      case .high: QR_ECLEVEL_H
      }
    var cString: [CChar] = []
    cString.reserveCapacity(text.count + 1)
    for byte in text { cString.append(CChar(bitPattern: byte)) }
    cString.append(0)
    defer { for index in cString.indices { cString[index] = 0 } }
    return try FreedMemory.scrubbed { () throws(QRError) -> QRMatrix in
      guard
        let code = unsafe cString.withUnsafeBufferPointer({ unsafe QRcode_encodeString($0.baseAddress, 0, cLevel, QR_MODE_8, 1) })
      else {
        let error = errno
        throw error == ERANGE ? .tooLong(bytes: text.count, level: level) : .encoderFailed(code: error)
      }
      let width = Int(unsafe code.pointee.width)
      defer {
        unsafe memset(code.pointee.data, 0, width * width)
        unsafe QRcode_free(code)
      }
      var modules = [Bool](repeating: false, count: width * width)
      for index in 0..<(width * width) {
        // Bit 0 of each byte is the module's colour (1 = dark); the other bits are metadata.
        modules[index] = unsafe code.pointee.data[index] & 1 == 1
      }
      return QRMatrix(size: width, modules: modules)
    }
  }

  private static func wipe(_ bytes: inout [UInt8]) {
    for index in bytes.indices { bytes[index] = 0 }
  }
}
