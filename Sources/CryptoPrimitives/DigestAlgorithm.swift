/// The hash functions Otter uses for HMAC.
public enum DigestAlgorithm: String, CaseIterable, Sendable, Hashable {
  case sha1 = "SHA1"
  case sha256 = "SHA256"
  case sha512 = "SHA512"

  /// The length of one digest in bytes.
  public var digestSize: Int {
    switch self {
    case .sha1: 20
    case .sha256: 32
    case .sha512: 64
    }
  }

  /// The length of one compression-function block in bytes (the HMAC pad length).
  public var blockSize: Int {
    switch self {
    case .sha1, .sha256: 64
    case .sha512: 128
    }
  }
}

/// One message authentication code, held inline (no heap allocation per code).
public struct MAC: Sendable, Equatable {
  /// The raw bytes; only the first `count` are meaningful.
  @usableFromInline var storage: InlineArray<64, UInt8>

  /// The number of bytes in the code (the digest size of its algorithm).
  public let count: Int

  /// An all-zero code of `count` bytes, to be filled by `HMACKey.authenticate(counter:into:)`.
  public init(count: Int) {
    storage = InlineArray(repeating: 0)
    self.count = count
  }

  /// Byte `index` of the code.
  @inlinable
  public subscript(index: Int) -> UInt8 {
    precondition(index >= 0 && index < count, "MAC index out of range")
    return storage[index]
  }

  /// The bytes as an array (for tests and display; the hot path reads the subscript).
  public var bytes: [UInt8] { (0..<count).map { storage[$0] } }

  public static func == (left: MAC, right: MAC) -> Bool {
    left.count == right.count && (0..<left.count).allSatisfy { left.storage[$0] == right.storage[$0] }
  }
}
