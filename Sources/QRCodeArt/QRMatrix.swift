/// A QR code as a square of modules, without quiet zone.
public struct QRMatrix: Sendable, Equatable {
  /// Modules per side.
  public let size: Int
  /// Row-major; true is a dark module.
  public let modules: [Bool]

  public init(size: Int, modules: [Bool]) {
    precondition(modules.count == size * size, "QRMatrix needs size × size modules")
    self.size = size
    self.modules = modules
  }

  /// Whether module (`row`, `column`) is dark; anything outside the symbol (the quiet zone) is light.
  public func isDark(row: Int, column: Int) -> Bool {
    guard row >= 0, column >= 0, row < size, column < size else { return false }
    return modules[row * size + column]
  }
}

/// QR error-correction levels: the share of the code that can be damaged and still read.
public enum QRErrorCorrection: String, CaseIterable, Sendable {
  case low = "L"  // about 7 %
  case medium = "M"  // about 15 %
  case quartile = "Q"  // about 25 %
  case high = "H"  // about 30 %
}

/// Why a text could not become a QR code.
public enum QRError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The text does not fit in the largest QR code (version 40) at this level.
  case tooLong(bytes: Int, level: QRErrorCorrection)
  case containsNUL
  case encoderFailed(code: Int32)

  public var description: String {
    switch self {
    case .tooLong(let bytes, let level):
      "\(bytes) bytes do not fit in a QR code at error-correction level \(level.rawValue); try a lower level"
    case .containsNUL: "the text contains a NUL character, which a QR code string cannot hold"
    case .encoderFailed(let code): "libqrencode failed (errno \(code))"
    }
  }
}
