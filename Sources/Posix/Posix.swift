#if canImport(Glibc)
  import Glibc
#endif

/// Thin wrappers over the libc calls Otter makes on files and descriptors: each retries on
/// `EINTR` where that is right, checks the result, and throws a `SystemError` with `errno`.
/// Nothing here knows about vaults or accounts.
public enum Posix {
  /// The text of an `errno` value.
  ///
  /// The corresponding C function is `strerror`.
  public static func errorText(_ code: Int32) -> String {
    guard let text = unsafe strerror(code) else { return "error \(code)" }
    return unsafe String(cString: text)
  }

  /// Opens `path` with `O_CLOEXEC` added, retrying on `EINTR`.
  ///
  /// The corresponding C function is `open`.
  public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws(SystemError) -> Int32 {
    while true {
      let fd = unsafe Glibc.open(path, flags | O_CLOEXEC, mode)
      if fd >= 0 { return fd }
      if errno != EINTR { throw .last("open", path) }
    }
  }

  /// Closes `fd`, ignoring errors (there is nothing useful to do about them).
  ///
  /// The corresponding C function is `close`.
  public static func close(_ fd: Int32) { _ = Glibc.close(fd) }

  /// Writes every byte of `bytes` to `fd`, retrying on `EINTR` and after short writes.
  ///
  /// - Throws: `SystemError` for any other failure (`EPIPE` included).
  /// The corresponding C function is `write`.
  public static func writeAll(_ fd: Int32, _ bytes: some Collection<UInt8>, path: String = "") throws(SystemError) {
    let result: Result<Void, SystemError>? = bytes.withContiguousStorageIfAvailable { buffer in
      Result { () throws(SystemError) in try unsafe writeAll(fd, UnsafeRawBufferPointer(buffer), path: path) }
    }
    if let result { return try result.get() }
    try writeAll(fd, Array(bytes), path: path)
  }

  /// Writes every byte of `buffer` to `fd` (see `writeAll(_:_:path:)`).
  public static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String = "") throws(SystemError) {
    var offset = 0
    while offset < buffer.count {
      let written = unsafe Glibc.write(fd, buffer.baseAddress.unsafelyUnwrapped + offset, buffer.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        throw .last("write", path)
      }
      offset += written
    }
  }

  /// Reads up to `buffer.count` bytes from `fd` into `buffer`, retrying on `EINTR`; 0 at the end.
  ///
  /// The corresponding C function is `read`.
  public static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String = "") throws(SystemError)
    -> Int
  {
    while true {
      let count = unsafe Glibc.read(fd, buffer.baseAddress, buffer.count)
      if count >= 0 { return count }
      if errno != EINTR { throw .last("read", path) }
    }
  }

  /// Replaces the file at `path` with `bytes`: a new file beside it (`PATH.tmp-PID`, mode
  /// `mode`, never through a link) is written, synced and renamed over `path`, so `path` is
  /// always the old or the new file whole; the temporary file is removed on failure.
  public static func replaceFile(_ path: String, with bytes: [UInt8], mode: mode_t = 0o600) throws(SystemError) {
    let temporary = path + ".tmp-\(processID)"
    unlink(temporary)
    var done = false
    defer { if !done { unlink(temporary) } }
    let fd = try open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: mode)
    defer { close(fd) }
    try writeAll(fd, bytes, path: temporary)
    try sync(fd, path: temporary)
    try rename(temporary, path)
    done = true
  }

  /// Reads up to `count` bytes of `fd` from where it is, fewer at its end.
  public static func readPrefix(_ fd: Int32, count: Int, path: String = "") throws(SystemError) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let start = filled
      let got = unsafe bytes.withUnsafeMutableBytes { raw -> Int in
        let rest = unsafe UnsafeMutableRawBufferPointer(rebasing: raw[start...])
        while true {
          let count = unsafe Glibc.read(fd, rest.baseAddress, rest.count)
          if count >= 0 || errno != EINTR { return count }
        }
      }
      if got < 0 { throw .last("read", path) }
      if got == 0 { break }
      filled += got
    }
    bytes.removeLast(count - filled)
    return bytes
  }

  /// Reads `fd` to its end.
  ///
  /// The bytes are read straight into the result, which grows by doubling; each outgrown
  /// buffer is zeroed before it is released, so a file that holds secrets (a password file, an
  /// export) leaves no copies behind but the one returned, which the caller wipes.
  ///
  /// - Throws: `SystemError` for a failed read, or with `EFBIG` once more than `limit` bytes came.
  public static func readAll(_ fd: Int32, path: String = "", limit: Int) throws(SystemError) -> [UInt8] {
    var result = [UInt8](repeating: 0, count: Swift.min(1 << 14, limit + 1))
    var filled = 0
    func zero(_ bytes: inout [UInt8]) { for index in bytes.indices { bytes[index] = 0 } }
    while true {
      if filled == result.count {
        guard result.count <= limit else {
          zero(&result)
          throw SystemError(operation: "read", path: path, code: EFBIG)
        }
        var larger = [UInt8](repeating: 0, count: Swift.min(result.count * 2, limit + 1))
        for index in 0..<filled { larger[index] = result[index] }
        zero(&result)
        result = larger
      }
      let count: Int
      do {
        count = try unsafe result.withUnsafeMutableBytes { buffer in
          Result { () throws(SystemError) in
            try unsafe read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), path: path)
          }
        }.get()
      } catch {
        zero(&result)
        throw error
      }
      if count == 0 { break }
      filled += count
    }
    guard filled <= limit else {
      zero(&result)
      throw SystemError(operation: "read", path: path, code: EFBIG)
    }
    result.removeSubrange(filled...)
    return result
  }

  /// Flushes `fd` to stable storage.
  ///
  /// The corresponding C function is `fsync`.
  public static func sync(_ fd: Int32, path: String = "") throws(SystemError) {
    guard fsync(fd) == 0 else { throw .last("fsync", path) }
  }

  /// Flushes a folder's entries (after a rename or a link) to stable storage.
  public static func syncFolder(_ path: String) throws(SystemError) {
    let fd = try open(path, O_RDONLY | O_DIRECTORY)
    defer { close(fd) }
    try sync(fd, path: path)
  }

  /// The status of `path`, following a final symbolic link, or nil when nothing is there.
  ///
  /// The corresponding C function is `stat`.
  public static func status(_ path: String) throws(SystemError) -> stat? {
    var info = stat()
    if unsafe stat(path, &info) == 0 { return info }
    if errno == ENOENT || errno == ENOTDIR { return nil }
    throw .last("stat", path)
  }

  /// The status of `path` itself (a symbolic link is not followed), or nil when nothing is there.
  ///
  /// The corresponding C function is `lstat`.
  public static func linkStatus(_ path: String) throws(SystemError) -> stat? {
    var info = stat()
    if unsafe lstat(path, &info) == 0 { return info }
    if errno == ENOENT || errno == ENOTDIR { return nil }
    throw .last("lstat", path)
  }

  /// The status of an open descriptor.
  ///
  /// The corresponding C function is `fstat`.
  public static func status(of fd: Int32, path: String = "") throws(SystemError) -> stat {
    var info = stat()
    guard unsafe fstat(fd, &info) == 0 else { throw .last("fstat", path) }
    return info
  }

  /// Renames `from` to `to`, replacing `to` atomically.
  ///
  /// The corresponding C function is `rename`.
  public static func rename(_ from: String, _ to: String) throws(SystemError) {
    guard unsafe Glibc.rename(from, to) == 0 else { throw .last("rename", to) }
  }

  /// Makes `to` a second name of `from`; fails with `EEXIST` when `to` exists.
  ///
  /// The corresponding C function is `link`.
  public static func link(_ from: String, _ to: String) throws(SystemError) {
    guard unsafe Glibc.link(from, to) == 0 else { throw .last("link", to) }
  }

  /// Removes the name `path`; a missing name is not an error.
  ///
  /// The corresponding C function is `unlink`.
  public static func unlink(_ path: String) { _ = unsafe Glibc.unlink(path) }

  /// Creates folder `path` with exactly `mode` (the umask does not reduce it); an existing
  /// folder is left as it is.
  ///
  /// The corresponding C functions are `mkdir` and `chmod`.
  public static func makeFolder(_ path: String, mode: mode_t) throws(SystemError) {
    if unsafe mkdir(path, mode) != 0 {
      if errno == EEXIST { return }
      throw .last("mkdir", path)
    }
    guard unsafe chmod(path, mode) == 0 else { throw .last("chmod", path) }
  }

  /// Creates folder `path` and any missing folders above it, each with exactly `mode`.
  public static func makeFolders(_ path: String, mode: mode_t) throws(SystemError) {
    var current = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
      current += "/" + component
      if try status(current) == nil { try makeFolder(current, mode: mode) }
    }
  }

  /// Sets the mode of an open file.
  ///
  /// Sets the mode of the file at `path` (a name Otter made itself, such as a backup link).
  ///
  /// The corresponding C function is `chmod`.
  public static func setMode(path: String, _ mode: mode_t) throws(SystemError) {
    guard unsafe chmod(path, mode) == 0 else { throw .last("chmod", path) }
  }

  /// The corresponding C function is `fchmod`.
  public static func setMode(_ fd: Int32, _ mode: mode_t, path: String = "") throws(SystemError) {
    guard fchmod(fd, mode) == 0 else { throw .last("fchmod", path) }
  }

  /// Takes an exclusive advisory lock on `fd`, waiting for other holders.
  ///
  /// The corresponding C function is `flock`.
  public static func lockExclusive(_ fd: Int32, path: String = "") throws(SystemError) {
    while flock(fd, LOCK_EX) != 0 {
      if errno != EINTR { throw .last("flock", path) }
    }
  }

  /// The names in folder `path` (without `.` and `..`).
  ///
  /// The corresponding C functions are `opendir`, `readdir` and `closedir`.
  public static func folderEntries(_ path: String) throws(SystemError) -> [String] {
    guard let folder = unsafe opendir(path) else { throw .last("opendir", path) }
    defer { _ = unsafe closedir(folder) }
    var names: [String] = []
    while let entry = unsafe readdir(folder) {
      let name = unsafe withUnsafeBytes(of: entry.pointee.d_name) { raw in
        unsafe String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// The target of symbolic link `path`, or nil when it is not a link.
  ///
  /// The corresponding C function is `readlink`.
  public static func linkTarget(_ path: String) -> String? {
    var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = unsafe buffer.withUnsafeMutableBytes { unsafe readlink(path, $0.baseAddress.unsafelyUnwrapped, $0.count - 1) }
    guard count > 0 else { return nil }
    return String(decoding: buffer[0..<count], as: UTF8.self)
  }

  /// The effective user id of this process.
  public static var effectiveUser: uid_t { geteuid() }

  /// The id of this process.
  public static var processID: Int32 { getpid() }

  /// Whether `fd` is a terminal.
  ///
  /// The corresponding C function is `isatty`.
  public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }
}
