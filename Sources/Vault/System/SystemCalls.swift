#if canImport(Glibc)
  import Glibc
#endif

/// Thin wrappers over the libc calls the vault store needs; each returns a typed error with
/// errno. Nothing here knows about vaults.
enum SystemCalls {
  static func errorText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }

  static func fail(_ operation: String, _ path: String) -> StoreError {
    .system(operation: operation, path: path, code: errno)
  }

  /// Opens `path`, retrying on EINTR.
  ///
  /// The corresponding C function is `open`.
  static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o600) throws(StoreError) -> Int32 {
    while true {
      let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
      if fd >= 0 { return fd }
      if errno != EINTR { throw fail("open", path) }
    }
  }

  /// Writes all of `bytes` to `fd`.
  ///
  /// The corresponding C function is `write`.
  static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StoreError) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        throw fail("write", path)
      }
      offset += written
    }
  }

  /// Reads the whole of `fd`.
  ///
  /// The corresponding C function is `read`.
  static func readAll(_ fd: Int32, path: String, limit: Int) throws(StoreError) -> [UInt8] {
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw fail("read", path)
      }
      if count == 0 { return result }
      result += chunk[0..<count]
      guard result.count <= limit else { throw .system(operation: "read", path: path, code: EFBIG) }
    }
  }

  /// Flushes `fd` to stable storage.
  ///
  /// The corresponding C function is `fsync`.
  static func sync(_ fd: Int32, path: String) throws(StoreError) {
    guard fsync(fd) == 0 else { throw fail("fsync", path) }
  }

  /// Flushes a folder's entries (after a rename) to stable storage.
  static func syncFolder(_ path: String) throws(StoreError) {
    let fd = try open(path, O_RDONLY | O_DIRECTORY)
    defer { close(fd) }
    try sync(fd, path: path)
  }

  /// The file status of `path`, or nil when it does not exist.
  ///
  /// The corresponding C function is `stat`.
  static func status(_ path: String) throws(StoreError) -> stat? {
    var info = stat()
    if stat(path, &info) == 0 { return info }
    if errno == ENOENT { return nil }
    throw fail("stat", path)
  }

  /// Renames `from` to `to`, replacing `to` atomically.
  ///
  /// The corresponding C function is `rename`.
  static func rename(_ from: String, _ to: String) throws(StoreError) {
    guard Glibc.rename(from, to) == 0 else { throw fail("rename", to) }
  }

  /// Makes `to` a second name of `from`; fails with EEXIST when `to` exists.
  ///
  /// The corresponding C function is `link`.
  static func link(_ from: String, _ to: String) -> Int32 {
    Glibc.link(from, to) == 0 ? 0 : errno
  }

  static func unlink(_ path: String) { _ = Glibc.unlink(path) }

  /// Creates folder `path` with `mode` (exact, not reduced by the umask); existing is fine.
  static func makeFolder(_ path: String, mode: mode_t) throws(StoreError) {
    if mkdir(path, mode) != 0 {
      if errno == EEXIST { return }
      throw fail("mkdir", path)
    }
    guard chmod(path, mode) == 0 else { throw fail("chmod", path) }
  }

  /// Takes an exclusive advisory lock on `fd`, waiting for other holders.
  ///
  /// The corresponding C function is `flock`.
  static func lockExclusive(_ fd: Int32, path: String) throws(StoreError) {
    while flock(fd, LOCK_EX) != 0 {
      if errno != EINTR { throw fail("flock", path) }
    }
  }

  static var effectiveUser: uid_t { geteuid() }
}
