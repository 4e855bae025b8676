internal import CZip
import CryptoPrimitives

#if canImport(Glibc)
  import Glibc
#endif

/// Why a zip archive could not be read.
public struct ZipError: Error, Equatable, Sendable, CustomStringConvertible {
  public let description: String
  /// Whether a password is needed, or the one given is wrong.
  public let needsPassword: Bool
  init(_ description: String, needsPassword: Bool = false) {
    self.description = description
    self.needsPassword = needsPassword
  }
}

/// A zip archive read from memory through libzip (never from or to disk): its entries' names
/// and contents, bounded before anything is inflated — at most `maximumEntries` entries, each
/// at most `maximumEntryBytes`, all together at most `maximumTotalBytes` — and each entry's
/// declared size checked against what inflating it gives. Encrypted entries (ZipCrypto or
/// WinZip AES) open with a password. The only file that calls libzip.
public enum ZipArchive {
  public static let maximumEntries = 1_000
  public static let maximumEntryBytes = 16 << 20
  public static let maximumTotalBytes = 64 << 20

  /// Whether `bytes` start like a zip archive (a local file header).
  public static func isArchive(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) }

  /// The names of the archive's files (folders left out) and whether each is encrypted, read
  /// from its central directory without inflating anything: for telling formats apart.
  ///
  /// - Throws: `ZipError` for a damaged archive or one of too many entries.
  public static func listing(of bytes: [UInt8]) throws(ZipError) -> [(name: String, encrypted: Bool)] {
    try unsafe withArchive(bytes) { archive, count throws(ZipError) in
      var names: [(name: String, encrypted: Bool)] = []
      for index in 0..<count {
        let entry = try unsafe describe(archive, index)
        if !entry.name.hasSuffix("/") { names.append((entry.name, entry.encrypted)) }
      }
      return names
    }
  }

  /// The entries of the archive `bytes` (folders left out), in archive order.
  ///
  /// - Parameter password: for encrypted entries.
  /// - Throws: `ZipError` naming what is wrong; `needsPassword` set when an entry is encrypted
  ///   and no password, or a wrong one, was given.
  /// The corresponding C functions are `zip_fopen_index_encrypted` and `zip_fread`.
  public static func entries(of bytes: [UInt8], password: [UInt8]? = nil) throws(ZipError) -> [(name: String, bytes: [UInt8])] {
    try unsafe withArchive(bytes) { archive, count throws(ZipError) in
      try unsafe inflate(archive, count: count, password: password)
    }
  }

  /// Opens the archive `bytes` from a copy in memory (zeroed when done) and runs `body` with it
  /// and its number of entries.
  ///
  /// The corresponding C functions are `zip_source_buffer_create`, `zip_open_from_source` and
  /// `zip_get_num_entries`.
  private static func withArchive<Result>(
    _ bytes: [UInt8], _ body: (OpaquePointer, zip_uint64_t) throws(ZipError) -> Result
  ) throws(ZipError) -> Result {
    guard isArchive(bytes) else { throw ZipError("not a zip archive") }
    var error = unsafe zip_error_t()
    unsafe zip_error_init(&error)
    defer { unsafe zip_error_fini(&error) }
    // libzip reads from this copy, which is zeroed when done (it may hold secrets).
    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
    unsafe copy.copyBytes(from: bytes)
    defer {
      unsafe explicit_bzero(copy.baseAddress.unsafelyUnwrapped, copy.count)
      unsafe copy.deallocate()
    }
    guard let source = unsafe zip_source_buffer_create(copy.baseAddress, zip_uint64_t(bytes.count), 0, &error) else {
      throw ZipError("the archive cannot be read")
    }
    guard let archive = unsafe zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) else {
      unsafe zip_source_free(source)
      throw ZipError("the archive is damaged (\(unsafe String(cString: zip_error_strerror(&error))))")
    }
    defer { unsafe zip_discard(archive) }
    let count = unsafe zip_get_num_entries(archive, 0)
    guard count >= 0, count <= maximumEntries else { throw ZipError("the archive has more than \(maximumEntries) entries") }
    return try unsafe body(archive, zip_uint64_t(count))
  }

  /// Entry `index`'s name, declared size and whether it is encrypted.
  ///
  /// The corresponding C function is `zip_stat_index`.
  private static func describe(_ archive: OpaquePointer, _ index: zip_uint64_t) throws(ZipError) -> (
    name: String, size: zip_uint64_t, encrypted: Bool
  ) {
    var stat = unsafe zip_stat_t()
    unsafe zip_stat_init(&stat)
    guard unsafe zip_stat_index(archive, index, 0, &stat) == 0, let namePointer = unsafe stat.name else {
      throw ZipError("entry \(index + 1) of the archive is damaged")
    }
    return unsafe (String(cString: namePointer), stat.size, stat.encryption_method != UInt16(ZIP_EM_NONE))
  }

  /// Every file entry inflated (bounded, and checked against its declared size).
  private static func inflate(_ archive: OpaquePointer, count: zip_uint64_t, password: [UInt8]?) throws(ZipError)
    -> [(name: String, bytes: [UInt8])]
  {
    var result: [(name: String, bytes: [UInt8])] = []
    var total = 0
    for index in 0..<count {
      let (name, declared, encrypted) = try unsafe describe(archive, index)
      if name.hasSuffix("/") { continue }
      guard declared <= zip_uint64_t(maximumEntryBytes), total + Int(declared) <= maximumTotalBytes else {
        throw ZipError("the archive's entries are larger than Otter reads (\(maximumTotalBytes >> 20) MiB in all)")
      }
      if encrypted && password == nil { throw ZipError("the archive is encrypted; its password is needed", needsPassword: true) }
      // A NUL-terminated copy of the password, zeroed once libzip has it.
      var terminated = (password ?? []).map { CChar(bitPattern: $0) } + [0]
      let opened =
        unsafe password != nil
        ? zip_fopen_index_encrypted(archive, index, 0, &terminated) : zip_fopen_index(archive, index, 0)
      for position in terminated.indices { terminated[position] = 0 }
      guard let file = unsafe opened else {
        let code = unsafe zip_error_code_zip(zip_get_error(archive))
        if code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_NOPASSWD {
          throw ZipError("the archive's password is wrong", needsPassword: true)
        }
        throw ZipError("entry \(index + 1) of the archive cannot be opened")
      }
      defer { unsafe zip_fclose(file) }
      var content = [UInt8](repeating: 0, count: Int(declared))
      let filled = unsafe read(file, into: &content)
      // A stored size that inflation does not match, or a CRC that fails (a wrong ZipCrypto
      // password often gets this far), is a damaged or wrongly opened entry.
      var probe: UInt8 = 0
      var extra = unsafe zip_fread(file, &probe, 1)
      // WinZip AES's AE-2 entries store no CRC (their HMAC-SHA1 stands in for it), and libzip
      // 1.7.3 still checks one at the end, reporting CRC error; it reports a failed HMAC the
      // same way, and a damaged entry may fail to inflate before the HMAC is reached. So for an
      // AES entry that fails after its password verifier passed, Otter checks the HMAC itself,
      // on the raw entry: a mismatch is damage, never a wrong password.
      if filled != content.count || extra != 0, let password, let aes = unsafe aesEntry(archive, index) {
        let authentic = try unsafe aesAuthenticates(archive, index, keyBytes: aes.keyBytes, password: password)
        let code = unsafe zip_error_code_zip(zip_file_get_error(file))
        let onlyTheMissingCRC = authentic && aes.noCRC && filled == content.count && code == ZIP_ER_CRC
        guard onlyTheMissingCRC else {
          for position in content.indices { content[position] = 0 }
          throw ZipError(
            "entry \(index + 1) of the archive is damaged"
              + (authentic ? " (it does not inflate)" : " (its WinZip AES authentication code does not match)"))
        }
        extra = 0
      }
      guard filled == content.count, extra == 0 else {
        for position in content.indices { content[position] = 0 }
        throw ZipError(
          encrypted ? "the archive's password is wrong" : "entry \(index + 1) of the archive is damaged", needsPassword: encrypted
        )
      }
      total += filled
      result.append((name, content))
    }
    return result
  }

  /// A WinZip AES entry's key length in bytes, and whether it stores no CRC (AE-2); nil for
  /// other entries.
  private static func aesEntry(_ archive: OpaquePointer, _ index: zip_uint64_t) -> (keyBytes: Int, noCRC: Bool)? {
    var stat = unsafe zip_stat_t()
    unsafe zip_stat_init(&stat)
    guard unsafe zip_stat_index(archive, index, 0, &stat) == 0 else { return nil }
    let noCRC = unsafe stat.valid & zip_uint64_t(ZIP_STAT_CRC) != 0 && stat.crc == 0
    switch Int32(unsafe stat.encryption_method) {
    case ZIP_EM_AES_128: return (16, noCRC)
    case ZIP_EM_AES_192: return (24, noCRC)
    case ZIP_EM_AES_256: return (32, noCRC)
    default: return nil
    }
  }

  /// Whether the raw WinZip AES entry's HMAC-SHA1 (its last 10 bytes) matches: the entry is
  /// `salt (half the key length), password verifier (2), ciphertext, MAC (10)`, and
  /// PBKDF2-HMAC-SHA1 (1000 iterations) of the password and salt gives the AES key, then the
  /// MAC key, then the verifier.
  private static func aesAuthenticates(_ archive: OpaquePointer, _ index: zip_uint64_t, keyBytes: Int, password: [UInt8])
    throws(ZipError) -> Bool
  {
    var stat = unsafe zip_stat_t()
    unsafe zip_stat_init(&stat)
    guard unsafe zip_stat_index(archive, index, 0, &stat) == 0, unsafe stat.comp_size <= zip_uint64_t(maximumEntryBytes) + 64,
      let file = unsafe zip_fopen_index(archive, index, zip_flags_t(ZIP_FL_ENCRYPTED))
    else { throw ZipError("entry \(index + 1) of the archive cannot be opened") }
    defer { unsafe zip_fclose(file) }
    var raw = [UInt8](repeating: 0, count: Int(unsafe stat.comp_size))
    let filled = unsafe read(file, into: &raw)
    let saltBytes = keyBytes / 2
    guard filled == raw.count, raw.count >= saltBytes + 2 + 10 else { return false }
    let salt = Array(raw[..<saltBytes])
    let ciphertext = Array(raw[(saltBytes + 2)..<(raw.count - 10)])
    let mac = SecretBytes(raw[(raw.count - 10)...])
    do {
      let keys = try PBKDF2.deriveKey(
        password: SecretBytes(password), salt: salt, iterations: 1000, digest: .sha1, length: 2 * keyBytes + 2)
      let computed = try referenceHMAC(algorithm: .sha1, key: keys.slice(keyBytes..<2 * keyBytes), message: ciphertext)
      return SecretBytes(computed.prefix(10)).constantTimeEquals(mac)
    } catch {
      throw ZipError("entry \(index + 1) of the archive cannot be checked: \(error)")
    }
  }

  /// Reads from `file` until `buffer` is full or the entry ends; returns how many bytes came.
  private static func read(_ file: OpaquePointer, into buffer: inout [UInt8]) -> Int {
    var filled = 0
    while filled < buffer.count {
      let got = unsafe buffer.withUnsafeMutableBytes { bytes in
        unsafe zip_fread(file, bytes.baseAddress.unsafelyUnwrapped + filled, zip_uint64_t(bytes.count - filled))
      }
      guard got > 0 else { break }
      filled += Int(got)
    }
    return filled
  }
}
