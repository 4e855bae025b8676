internal import COpenSSL

/// HMAC with the key's inner and outer hash states computed once.
///
/// For each message the saved states are copied into scratch contexts, the message (then the
/// inner digest) is absorbed, and the scratch contexts are wiped. This is the precomputed-pad
/// construction of RFC 2104 §4 on OpenSSL's low-level SHA functions, which are deprecated in
/// 3.0 but remain the only API that lets a hash state be copied without a heap allocation.
@safe final class PrecomputedHMAC {
  private let algorithm: DigestAlgorithm
  /// Saved inner state, saved outer state, then one scratch context; all of the algorithm's
  /// context type. Owned here and cleansed in `deinit`.
  private let contexts: UnsafeMutableRawBufferPointer
  private let contextSize: Int
  /// The padded inner block (128 bytes) then the padded outer block (128 bytes) of the
  /// single-block fast path.
  private let blocks: UnsafeMutableRawBufferPointer
  /// The message length the inner block's padding is laid out for, or -1.
  private var preparedLength = -1

  init(algorithm: DigestAlgorithm, key: SecretBytes) throws(CryptoError) {
    self.algorithm = algorithm
    contextSize =
      switch algorithm {
      case .sha1: MemoryLayout<SHA_CTX>.stride
      case .sha256: MemoryLayout<SHA256_CTX>.stride
      case .sha512: MemoryLayout<SHA512_CTX>.stride
      }
    unsafe contexts = UnsafeMutableRawBufferPointer.allocate(byteCount: 3 * contextSize, alignment: 16)
    unsafe contexts.initializeMemory(as: UInt8.self, repeating: 0)
    unsafe blocks = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 16)
    unsafe blocks.initializeMemory(as: UInt8.self, repeating: 0)
    // The outer block's padding never changes: the digest, 0x80, zeros, the bit length.
    let outerBlock = unsafe blocks.baseAddress.unsafelyUnwrapped + 128
    unsafe outerBlock.storeBytes(of: 0x80, toByteOffset: algorithm.digestSize, as: UInt8.self)
    unsafe outerBlock.storeBytes(
      of: UInt64((algorithm.blockSize + algorithm.digestSize) * 8).bigEndian,
      toByteOffset: algorithm.blockSize - 8, as: UInt64.self)

    let blockSize = algorithm.blockSize
    let pad = SecretBytes(count: blockSize)
    if key.count > blockSize {
      let hashed = try Self.digest(algorithm, key)
      for index in 0..<hashed.count { pad[index] = hashed[index] }
    } else {
      for index in 0..<key.count { pad[index] = key[index] }
    }
    for index in 0..<blockSize { pad[index] ^= 0x36 }
    let innerReady = unsafe pad.withUnsafeBytes { unsafe start(slot: 0, absorbing: $0) }
    for index in 0..<blockSize { pad[index] ^= 0x36 ^ 0x5c }
    let outerReady = unsafe pad.withUnsafeBytes { unsafe start(slot: 1, absorbing: $0) }
    guard innerReady, outerReady else { throw CryptoError.failed("SHA_Init/SHA_Update") }
  }

  deinit {
    unsafe cleanse(contexts)
    unsafe contexts.deallocate()
    unsafe cleanse(blocks)
    unsafe blocks.deallocate()
  }

  private func slot(_ index: Int) -> UnsafeMutableRawPointer {
    unsafe contexts.baseAddress.unsafelyUnwrapped + index * contextSize
  }

  /// Initializes saved state `slot` and absorbs one pad block into it.
  private func start(slot index: Int, absorbing pad: UnsafeRawBufferPointer) -> Bool {
    let context = unsafe slot(index)
    let ok: Bool
    switch algorithm {
    case .sha1:
      let c = unsafe context.assumingMemoryBound(to: SHA_CTX.self)
      ok = unsafe SHA1_Init(c) == 1 && SHA1_Update(c, pad.baseAddress, pad.count) == 1
    case .sha256:
      let c = unsafe context.assumingMemoryBound(to: SHA256_CTX.self)
      ok = unsafe SHA256_Init(c) == 1 && SHA256_Update(c, pad.baseAddress, pad.count) == 1
    case .sha512:
      let c = unsafe context.assumingMemoryBound(to: SHA512_CTX.self)
      ok = unsafe SHA512_Init(c) == 1 && SHA512_Update(c, pad.baseAddress, pad.count) == 1
    }
    return ok
  }

  /// A plain digest of `data`, for keys longer than one block.
  private static func digest(_ algorithm: DigestAlgorithm, _ data: SecretBytes) throws(CryptoError) -> SecretBytes {
    let out = SecretBytes(count: algorithm.digestSize)
    let ok = unsafe data.withUnsafeBytes { input in
      unsafe out.withUnsafeBytes { output in
        let target = unsafe UnsafeMutablePointer(mutating: output.bindMemory(to: UInt8.self).baseAddress)
        let source = unsafe input.bindMemory(to: UInt8.self).baseAddress
        return switch algorithm {
        case .sha1: unsafe SHA1(source, input.count, target) != nil
        case .sha256: unsafe SHA256(source, input.count, target) != nil
        case .sha512: unsafe SHA512(source, input.count, target) != nil
        }
      }
    }
    guard ok else { throw CryptoError.failed("SHA digest") }
    return out
  }

  /// HMAC of `message` with the precomputed states.
  func authenticate(_ message: UnsafeRawBufferPointer, into mac: inout MAC) {
    // SHA-512 ends its padding with a 16-byte length, SHA-1 and SHA-256 with an 8-byte one.
    let lengthField = algorithm == .sha512 ? 16 : 8
    if message.count <= algorithm.blockSize - 1 - lengthField {
      unsafe authenticateShort(message, into: &mac)
    } else {
      unsafe authenticateLong(message, into: &mac)
    }
  }

  /// The fast path for a message that fits in one block with its padding (an HOTP counter).
  ///
  /// The padded inner and outer blocks live in this object: the padding and length fields are
  /// written once (again only when the message length changes), so each code copies the
  /// message in, compresses, copies the inner digest in and compresses again — two calls to
  /// the compression function on copies of the saved states and no hash bookkeeping.
  private func authenticateShort(_ message: UnsafeRawBufferPointer, into mac: inout MAC) {
    let blockSize = algorithm.blockSize
    let digestSize = algorithm.digestSize
    let scratch = unsafe slot(2)
    let innerBlock = unsafe blocks.baseAddress.unsafelyUnwrapped
    let outerBlock = unsafe innerBlock + 128
    if preparedLength != message.count {
      unsafe innerBlock.initializeMemory(as: UInt8.self, repeating: 0, count: blockSize)
      unsafe innerBlock.storeBytes(of: 0x80, toByteOffset: message.count, as: UInt8.self)
      unsafe innerBlock.storeBytes(
        of: UInt64((blockSize + message.count) * 8).bigEndian, toByteOffset: blockSize - 8, as: UInt64.self)
      preparedLength = message.count
    }
    if message.count > 0 {
      unsafe innerBlock.copyMemory(from: message.baseAddress.unsafelyUnwrapped, byteCount: message.count)
    }
    unsafe compress(from: 0, block: innerBlock, into: scratch)
    if algorithm == .sha512 {
      for word in 0..<8 {
        let value = unsafe scratch.load(fromByteOffset: word * 8, as: UInt64.self)
        unsafe outerBlock.storeBytes(of: value.bigEndian, toByteOffset: word * 8, as: UInt64.self)
      }
      unsafe compress(from: 1, block: outerBlock, into: scratch)
      for word in 0..<8 {
        let value = unsafe scratch.load(fromByteOffset: word * 8, as: UInt64.self)
        for byte in 0..<8 { mac.storage[word * 8 + byte] = UInt8(truncatingIfNeeded: value >> (56 - 8 * byte)) }
      }
    } else {
      for word in 0..<(digestSize / 4) {
        let value = unsafe scratch.load(fromByteOffset: word * 4, as: UInt32.self)
        unsafe outerBlock.storeBytes(of: value.bigEndian, toByteOffset: word * 4, as: UInt32.self)
      }
      unsafe compress(from: 1, block: outerBlock, into: scratch)
      for word in 0..<(digestSize / 4) {
        let value = unsafe scratch.load(fromByteOffset: word * 4, as: UInt32.self)
        for byte in 0..<4 { mac.storage[word * 4 + byte] = UInt8(truncatingIfNeeded: value >> (24 - 8 * byte)) }
      }
    }
    // The outer block now holds the inner digest, an intermediate of the key: wipe it. The
    // inner block holds only the public message; the scratch state holds the public MAC.
    unsafe cleanse(UnsafeMutableRawBufferPointer(start: outerBlock, count: digestSize))
  }

  /// Copies the chaining values of saved state `source` into `scratch` and compresses `block`.
  ///
  /// The corresponding C functions are `SHA1_Transform`, `SHA256_Transform`, `SHA512_Transform`;
  /// they read and update only the chaining values at the start of the context.
  @inline(__always)
  private func compress(from source: Int, block: UnsafeMutableRawPointer, into scratch: UnsafeMutableRawPointer) {
    unsafe scratch.copyMemory(from: slot(source), byteCount: algorithm.digestSize)
    let bytes = unsafe block.assumingMemoryBound(to: UInt8.self)
    switch algorithm {
    case .sha1: unsafe SHA1_Transform(scratch.assumingMemoryBound(to: SHA_CTX.self), bytes)
    case .sha256: unsafe SHA256_Transform(scratch.assumingMemoryBound(to: SHA256_CTX.self), bytes)
    case .sha512: unsafe SHA512_Transform(scratch.assumingMemoryBound(to: SHA512_CTX.self), bytes)
    }
  }

  /// The general path, for messages longer than one block.
  private func authenticateLong(_ message: UnsafeRawBufferPointer, into mac: inout MAC) {
    let size = algorithm.digestSize
    let scratch = unsafe slot(2)
    unsafe withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { digests in
      let inner = unsafe digests.baseAddress.unsafelyUnwrapped
      let outer = unsafe inner + 64
      switch algorithm {
      case .sha1:
        let c = unsafe scratch.assumingMemoryBound(to: SHA_CTX.self)
        unsafe c.initialize(from: slot(0).assumingMemoryBound(to: SHA_CTX.self), count: 1)
        unsafe SHA1_Update(c, message.baseAddress, message.count)
        unsafe SHA1_Final(inner, c)
        unsafe c.initialize(from: slot(1).assumingMemoryBound(to: SHA_CTX.self), count: 1)
        unsafe SHA1_Update(c, inner, 20)
        unsafe SHA1_Final(outer, c)
      case .sha256:
        let c = unsafe scratch.assumingMemoryBound(to: SHA256_CTX.self)
        unsafe c.initialize(from: slot(0).assumingMemoryBound(to: SHA256_CTX.self), count: 1)
        unsafe SHA256_Update(c, message.baseAddress, message.count)
        unsafe SHA256_Final(inner, c)
        unsafe c.initialize(from: slot(1).assumingMemoryBound(to: SHA256_CTX.self), count: 1)
        unsafe SHA256_Update(c, inner, 32)
        unsafe SHA256_Final(outer, c)
      case .sha512:
        let c = unsafe scratch.assumingMemoryBound(to: SHA512_CTX.self)
        unsafe c.initialize(from: slot(0).assumingMemoryBound(to: SHA512_CTX.self), count: 1)
        unsafe SHA512_Update(c, message.baseAddress, message.count)
        unsafe SHA512_Final(inner, c)
        unsafe c.initialize(from: slot(1).assumingMemoryBound(to: SHA512_CTX.self), count: 1)
        unsafe SHA512_Update(c, inner, 64)
        unsafe SHA512_Final(outer, c)
      }
      for index in 0..<size { unsafe mac.storage[index] = outer[index] }
      unsafe cleanse(UnsafeMutableRawBufferPointer(start: inner, count: 64))
    }
    unsafe cleanse(UnsafeMutableRawBufferPointer(start: scratch, count: contextSize))
  }
}

/// HMAC computed by OpenSSL's one-shot `HMAC()`; an independent path that tests compare with.
///
/// The corresponding C function is `HMAC`.
public func referenceHMAC(algorithm: DigestAlgorithm, key: SecretBytes, message: [UInt8]) throws(CryptoError) -> [UInt8] {
  var output = [UInt8](repeating: 0, count: 64)
  var length: UInt32 = 0
  let md: OpaquePointer? =
    switch algorithm {
    case .sha1: unsafe EVP_sha1()
    case .sha256: unsafe EVP_sha256()
    case .sha512: unsafe EVP_sha512()
    }
  let result = unsafe key.withUnsafeBytes { keyBytes in
    unsafe message.withUnsafeBufferPointer { messageBytes in
      unsafe output.withUnsafeMutableBufferPointer { out in
        unsafe HMAC(
          md, keyBytes.baseAddress, Int32(keyBytes.count), messageBytes.baseAddress, messageBytes.count, out.baseAddress, &length)
      }
    }
  }
  guard unsafe result != nil else { throw CryptoError.failed("HMAC") }
  return Array(output.prefix(Int(length)))
}
