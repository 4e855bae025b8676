#if canImport(Glibc)
  import Glibc
#endif

/// Bytes of key material that are wiped when the last reference goes away.
///
/// Keys, OTP secrets and passwords live here instead of in `Array` or `String`: an `Array` is
/// copy-on-write, so zeroing one copy would leave earlier copies behind. `SecretBytes` owns one
/// heap buffer, hands out read access through closures, and cleanses it with `OPENSSL_cleanse`
/// in `deinit`. Its `description` never shows the bytes.
///
/// Mutation through the subscript is meant for filling a fresh buffer (a decoder writing its
/// output); once shared, treat an instance as immutable.
@safe public final class SecretBytes: @unchecked Sendable, CustomStringConvertible {
  @usableFromInline let storage: UnsafeMutableRawBufferPointer

  /// Creates `count` zero bytes, to be filled through the subscript.
  public init(count: Int) {
    precondition(count >= 0, "negative SecretBytes count")
    unsafe storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
    unsafe storage.initializeMemory(as: UInt8.self, repeating: 0)
    self.count = count
  }

  /// Creates `count` zero bytes on memory pages of their own, to be filled through the
  /// subscript: for bytes kept with `lockInMemory`, since `munlock` unlocks whole pages and
  /// must never unlock a neighbour that shares one.
  public init(pagesFor count: Int) {
    precondition(count >= 0, "negative SecretBytes count")
    let page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)
    let size = (max(count, 1) + page - 1) / page * page
    unsafe storage = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: page)
    unsafe storage.initializeMemory(as: UInt8.self, repeating: 0)
    self.count = count
  }

  /// Copies `bytes`. The caller remains responsible for the source it copied from.
  public convenience init(_ bytes: some Collection<UInt8>) {
    self.init(count: bytes.count)
    for (index, byte) in bytes.enumerated() { self[index] = byte }
  }

  /// Copies `bytes` with one memory copy (the generic initializer goes byte by byte).
  public convenience init(_ bytes: ArraySlice<UInt8>) {
    self.init(count: bytes.count)
    guard !bytes.isEmpty else { return }
    unsafe bytes.withUnsafeBytes { source in
      unsafe storage.baseAddress.unsafelyUnwrapped.copyMemory(from: source.baseAddress.unsafelyUnwrapped, byteCount: source.count)
    }
  }

  /// Copies `bytes` with one memory copy.
  public convenience init(_ bytes: [UInt8]) {
    self.init(bytes[...])
  }

  deinit {
    unsafe cleanse(UnsafeMutableRawBufferPointer(rebasing: storage[0..<storage.count]))
    if isLocked { _ = unsafe munlock(storage.baseAddress, storage.count) }
    unsafe storage.deallocate()
  }

  /// Whether `lockInMemory` kept the bytes out of swap.
  public private(set) var isLocked = false

  /// Keeps the bytes in RAM (never written to swap) until released: for a key held a long time,
  /// as the agent holds master keys.
  ///
  /// - Returns: whether the kernel agreed (RLIMIT_MEMLOCK can refuse).
  /// The corresponding C function is `mlock`.
  @discardableResult
  public func lockInMemory() -> Bool {
    if !isLocked { isLocked = unsafe mlock(storage.baseAddress, storage.count) == 0 }
    return isLocked
  }

  /// The number of secret bytes.
  public let count: Int

  /// Whether there are no bytes.
  public var isEmpty: Bool { count == 0 }

  /// One byte of the secret.
  @inlinable
  public subscript(index: Int) -> UInt8 {
    get {
      precondition(index >= 0 && index < count, "SecretBytes index out of range")
      return unsafe storage[index]
    }
    set {
      precondition(index >= 0 && index < count, "SecretBytes index out of range")
      unsafe storage[index] = newValue
    }
  }

  /// Calls `body` with read access to the bytes; the pointer must not escape the closure.
  public func withUnsafeBytes<Result>(
    _ body: (UnsafeRawBufferPointer) throws -> Result
  ) rethrows -> Result {
    try unsafe body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
  }

  /// The bytes as an array, for decoders that need one. The caller owns the copy and should
  /// `wipe` it when done.
  public func copiedBytes() -> [UInt8] {
    unsafe withUnsafeBytes { unsafe Array($0) }
  }

  /// A copy holding bytes `range` of this secret.
  public func slice(_ range: Range<Int>) -> SecretBytes {
    precondition(range.lowerBound >= 0 && range.upperBound <= count, "SecretBytes slice out of range")
    let copy = SecretBytes(count: range.count)
    for (offset, index) in range.enumerated() { copy[offset] = self[index] }
    return copy
  }

  /// Compares with another secret in time independent of where they differ.
  ///
  /// The corresponding C function is `CRYPTO_memcmp`.
  public func constantTimeEquals(_ other: SecretBytes) -> Bool {
    guard count == other.count else { return false }
    return unsafe withUnsafeBytes { mine in unsafe other.withUnsafeBytes { theirs in unsafe constantTimeEqual(mine, theirs) } }
  }

  public var description: String { "SecretBytes(\(count) bytes, redacted)" }
}

/// Overwrites `bytes` with zeros, for arrays that briefly held a secret on its way into
/// `SecretBytes` (a file's contents, a typed password).
///
/// Best effort: an `Array` is copy-on-write, so copies Swift made earlier are out of reach.
public func wipe(_ bytes: inout [UInt8]) {
  for index in bytes.indices { bytes[index] = 0 }
}
