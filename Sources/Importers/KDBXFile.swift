import CryptoPrimitives
import Inflate

/// A KeePass KDBX 4 database (KeePass 2.35+, KeePassXC 2.3+), opened with a password: the
/// outer header, the keys, the HMAC block stream, the cipher, gzip and the inner header, up to
/// the XML document and the key of its protected values. `KDBXImporter` reads the accounts.
///
/// Layout (all integers little-endian):
/// - signatures `03 D9 A2 9A`, `67 FB 4B B5`, version (minor u16, major u16 = 4);
/// - header fields `id u8, size u32, data` until id 0: 2 cipher UUID, 3 compression (u32,
///   1 = gzip), 4 master seed (32 bytes), 7 IV (16 for AES, 12 for ChaCha20), 11 KDF
///   parameters (a variant dictionary), 12 public custom data;
/// - the header's SHA-256, then its HMAC-SHA-256;
/// - blocks `HMAC (32), size i32, data` until a block of size 0.
///
/// Keys: composite = SHA-256(SHA-256(password)); transformed = KDF(composite) (Argon2d,
/// Argon2id or AES-KDF); cipher key = SHA-256(seed ‖ transformed); HMAC base =
/// SHA-512(seed ‖ transformed ‖ 01); block i's HMAC key = SHA-512(u64 i ‖ base) and its HMAC
/// covers `u64 i ‖ i32 size ‖ data`; the header's uses i = 2^64−1. A header HMAC that does not
/// match is a wrong password; a header hash or block HMAC that does not match is damage.
struct KDBXFile {
  /// The decrypted, inflated XML document (the reader wipes it when parsed).
  var xml: [UInt8]
  /// The protected values' stream key (inner header field 2), for ChaCha20 (field 1 = 3).
  var protectedStreamKey: SecretBytes

  /// The key derivation a database names, as its parameters give it.
  enum KDF: Equatable {
    case argon2(id: Bool, salt: [UInt8], passes: Int, memoryKiB: Int, lanes: Int)
    case aes(seed: [UInt8], rounds: UInt64)

    var cost: KDFCost {
      switch self {
      case .argon2(let id, _, let passes, let memory, let lanes):
        id
          ? .argon2id(memoryKiB: memory, passes: passes, lanes: lanes) : .argon2d(memoryKiB: memory, passes: passes, lanes: lanes)
      case .aes(_, let rounds): .aesKDF(rounds: rounds)
      }
    }
  }

  /// Derives the transformed key from the composite key (the fuzzer passes a fast stand-in).
  typealias Transform = (SecretBytes, KDF) throws(ImportError) -> SecretBytes

  static let signature: [UInt8] = [0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5]
  static let aesCipher: [UInt8] = [
    0x31, 0xC1, 0xF2, 0xE6, 0xBF, 0x71, 0x43, 0x50, 0xBE, 0x58, 0x05, 0x21, 0x6A, 0xFC, 0x5A, 0xFF,
  ]
  static let chachaCipher: [UInt8] = [
    0xD6, 0x03, 0x8A, 0x2B, 0x8B, 0x6F, 0x4C, 0xB5, 0xA5, 0x24, 0x33, 0x9A, 0x31, 0xDB, 0xB5, 0x9A,
  ]
  static let argon2dKDF: [UInt8] = [
    0xEF, 0x63, 0x6D, 0xDF, 0x8C, 0x29, 0x44, 0x4B, 0x91, 0xF7, 0xA9, 0xA4, 0x03, 0xE3, 0x0A, 0x0C,
  ]
  static let argon2idKDF: [UInt8] = [
    0x9E, 0x29, 0x8B, 0x19, 0x56, 0xDB, 0x47, 0x73, 0xB2, 0x3D, 0xFC, 0x3E, 0xC6, 0xF0, 0xA1, 0xE6,
  ]
  static let aesKDF: [UInt8] = [
    0xC9, 0xD9, 0xF3, 0x9A, 0x62, 0x8A, 0x44, 0x60, 0xBF, 0x74, 0x0D, 0x08, 0xC1, 0x8A, 0x4F, 0xEA,
  ]

  /// Whether `bytes` start with KeePass 2's signatures (any version).
  static func matches(_ bytes: [UInt8]) -> Bool { bytes.starts(with: signature) }

  /// The real key derivations, each checked against `budget` before it runs.
  static func transform(budget: KDFBudget) -> Transform {
    { (composite: SecretBytes, kdf: KDF) throws(ImportError) -> SecretBytes in
      do throws(KDFBudgetError) { try budget.check([kdf.cost]) } catch { throw .overBudget(error) }
      do {
        switch kdf {
        case .argon2(let id, let salt, let passes, let memory, let lanes):
          return id
            ? try Argon2id.deriveKey(password: composite, salt: salt, passes: passes, memoryKiB: memory, lanes: lanes)
            : try Argon2d.deriveKey(password: composite, salt: salt, passes: passes, memoryKiB: memory, lanes: lanes)
        case .aes(let seed, let rounds):
          return try AESKDF.transform(composite, seed: seed, rounds: rounds)
        }
      } catch {
        throw .malformed("the database's key derivation failed: \(error)")
      }
    }
  }

  init(_ bytes: [UInt8], password: SecretBytes, transform: Transform) throws(ImportError) {
    var reader = ByteReader(bytes)
    guard Self.matches(bytes) else { throw .malformed("not a KeePass database") }
    reader.position = 8
    let minor = try reader.integer(2)
    let major = try reader.integer(2)
    guard major == 4 else {
      throw .malformed(
        "the database is KDBX \(major).\(minor); Otter reads KDBX 4 (in KeePassXC: Database → Database Security → Encryption Settings → Database format)"
      )
    }
    // The outer header.
    var fields: [UInt8: [UInt8]] = [:]
    while true {
      let id = UInt8(try reader.integer(1))
      let data = Array(try reader.take(Int(try reader.integer(4))))
      if id == 0 { break }
      fields[id] = data
    }
    let header = Array(bytes[..<reader.position])
    let storedHash = Array(try reader.take(32))
    let storedHMAC = Array(try reader.take(32))
    guard let cipher = fields[2], let seed = fields[4], let iv = fields[7], let parameters = fields[11] else {
      throw .malformed("the database's header lacks its cipher, seed, IV or key derivation")
    }
    guard seed.count == 32 else { throw .malformed("the database's master seed is not 32 bytes") }
    let compression = fields[3].map { ByteReader.littleEndian($0[...]) } ?? 0
    guard compression <= 1 else { throw .malformed("the database uses compression \(compression), which Otter does not know") }
    guard (try? Digest.sha256(SecretBytes(header)).copiedBytes()) == storedHash else {
      throw .malformed("the database's header does not match its checksum; the file is damaged")
    }
    let kdf = try Self.kdf(parameters)

    // The keys.
    let composite: SecretBytes
    do { composite = try Digest.sha256(try Digest.sha256(password)) } catch { throw .malformed("\(error)") }
    let transformed = try transform(composite, kdf)
    var material = seed + transformed.copiedBytes()
    defer { wipe(&material) }
    let cipherKey = SecretBytes(try Self.sha256(material))
    let hmacBase = try Self.digest512(material + [1])
    guard try Self.hmac(header, base: hmacBase, index: .max) == storedHMAC else { throw .wrongPassword }

    // The blocks.
    var payload: [UInt8] = []
    defer { wipe(&payload) }
    var index: UInt64 = 0
    while true {
      let mac = Array(try reader.take(32))
      let sizeBytes = Array(try reader.take(4))
      let size = Int(Int32(bitPattern: UInt32(ByteReader.littleEndian(sizeBytes[...]))))
      guard size >= 0 else { throw .malformed("a block of the database has a negative size") }
      let data = try reader.take(size)
      guard try Self.hmac(Self.bytes(index) + sizeBytes + data, base: hmacBase, index: index) == mac else {
        throw .malformed("block \(index) of the database does not match its HMAC; the file is damaged")
      }
      if size == 0 { break }
      payload += data
      index += 1
    }

    // The cipher, then gzip.
    var plain: [UInt8]
    switch cipher {
    case Self.aesCipher:
      guard iv.count == 16 else { throw .malformed("the database's AES IV is not 16 bytes") }
      do { plain = try AESCBC.decrypt(payload[...], key: cipherKey, iv: iv).copiedBytes() } catch {
        throw .malformed("the database's payload does not decrypt; the file is damaged")
      }
    case Self.chachaCipher:
      guard iv.count == 12 else { throw .malformed("the database's ChaCha20 nonce is not 12 bytes") }
      do { plain = try ChaCha20.apply(payload, key: cipherKey, nonce: iv) } catch {
        throw .malformed("the database's payload does not decrypt: \(error)")
      }
    default:
      throw .malformed("the database uses a cipher Otter does not know (Twofish?); change it to AES-256 or ChaCha20 in KeePassXC")
    }
    defer { wipe(&plain) }
    if compression == 1 {
      // A database's XML is seldom a hundred times its compressed size; 64 times the file
      // plus 64 MiB bounds what a hostile stream can make Otter hold.
      let limit = min(bytes.count.multipliedReportingOverflow(by: 64).partialValue, 1 << 32) + (64 << 20)
      do {
        let inflated = try Gzip.inflate(plain, limit: limit)
        wipe(&plain)
        plain = inflated
      } catch { throw .malformed("the database's payload: \(error)") }
    }

    // The inner header.
    var inner = ByteReader(plain)
    var streamID: UInt64?
    var streamKey: [UInt8]?
    while true {
      let id = UInt8(try inner.integer(1))
      let data = try inner.take(Int(try inner.integer(4)))
      if id == 0 { break }
      if id == 1 { streamID = ByteReader.littleEndian(data) }
      if id == 2 { streamKey = Array(data) }
    }
    guard let streamKey, streamID == 3 else {
      throw .malformed("the database protects its values with a stream other than ChaCha20, which KDBX 4 uses")
    }
    protectedStreamKey = SecretBytes(streamKey)
    xml = Array(plain[inner.position...])
  }

  /// The KDF of a variant dictionary: `u16 version`, then `type u8, name (i32 + bytes), value
  /// (i32 + bytes)` until type 0.
  static func kdf(_ bytes: [UInt8]) throws(ImportError) -> KDF {
    var reader = ByteReader(bytes)
    _ = try reader.integer(2)
    var values: [String: ArraySlice<UInt8>] = [:]
    while true {
      let type = try reader.integer(1)
      if type == 0 { break }
      let name = String(decoding: try reader.take(Int(try reader.integer(4))), as: UTF8.self)
      values[name] = try reader.take(Int(try reader.integer(4)))
    }
    func number(_ name: String) throws(ImportError) -> UInt64 {
      guard let value = values[name], [4, 8].contains(value.count) else {
        throw .malformed("the database's key derivation lacks its \(name) parameter")
      }
      return ByteReader.littleEndian(value)
    }
    guard let uuid = values["$UUID"].map(Array.init) else { throw .malformed("the database names no key derivation") }
    switch uuid {
    case argon2dKDF, argon2idKDF:
      guard let salt = values["S"].map(Array.init) else { throw .malformed("the database's Argon2 has no salt") }
      let memory = try number("M")
      let passes = try number("I")
      let lanes = try number("P")
      let version = values["V"].map { ByteReader.littleEndian($0) } ?? 0x13
      guard version == 0x13 else { throw .malformed("the database uses Argon2 version \(version); Otter reads 0x13") }
      guard memory % 1024 == 0, memory / 1024 <= UInt64(Int.max), passes <= UInt64(Int.max), lanes <= 64 else {
        throw .malformed("the database's Argon2 parameters are out of range")
      }
      return .argon2(
        id: uuid == argon2idKDF, salt: salt, passes: Int(passes), memoryKiB: Int(memory / 1024), lanes: Int(lanes))
    case aesKDF:
      guard let seed = values["S"].map(Array.init), seed.count == 32 else {
        throw .malformed("the database's AES-KDF has no 32-byte seed")
      }
      return .aes(seed: seed, rounds: try number("R"))
    default:
      throw .malformed("the database uses a key derivation Otter does not know")
    }
  }

  static func sha256(_ bytes: [UInt8]) throws(ImportError) -> [UInt8] {
    do { return try Digest.sha256(SecretBytes(bytes)).copiedBytes() } catch { throw .malformed("\(error)") }
  }

  static func digest512(_ bytes: [UInt8]) throws(ImportError) -> SecretBytes {
    do { return try Digest.sha512(SecretBytes(bytes)) } catch { throw .malformed("\(error)") }
  }

  /// HMAC-SHA-256 of `message` under block `index`'s key.
  static func hmac(_ message: [UInt8], base: SecretBytes, index: UInt64) throws(ImportError) -> [UInt8] {
    var keyInput = bytes(index) + base.copiedBytes()
    defer { wipe(&keyInput) }
    do {
      return try referenceHMAC(algorithm: .sha256, key: try digest512(keyInput), message: message)
    } catch { throw .malformed("\(error)") }
  }

  /// `value` as eight little-endian bytes.
  static func bytes(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
}

/// Little-endian fields of a byte array, each length checked before it is read.
struct ByteReader {
  let bytes: [UInt8]
  var position = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  mutating func take(_ count: Int) throws(ImportError) -> ArraySlice<UInt8> {
    guard count >= 0, count <= bytes.count - position else {
      throw .malformed("the database is cut short (a field runs past the end)")
    }
    defer { position += count }
    return bytes[position..<position + count]
  }

  mutating func integer(_ width: Int) throws(ImportError) -> UInt64 { Self.littleEndian(try take(width)) }

  static func littleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    bytes.prefix(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
  }
}
