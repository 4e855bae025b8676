import Posix

#if canImport(Glibc)
  import Glibc
#endif

/// Files that hold secrets (exports, QR images): created 0600 from the first byte.
public enum SecretFile {
  /// Whether something is at `path`.
  public static func exists(_ path: String) -> Bool { (try? Posix.status(path)) != nil }

  /// Writes `bytes` to a new file at `path` (any old one is removed first), mode 0600, synced.
  ///
  /// - Throws: `OtterFailure` 73 when the file cannot be created, 74 when it cannot be written.
  public static func write(_ bytes: [UInt8], to path: String) throws(OtterFailure) {
    Posix.unlink(path)
    let fd: Int32
    do { fd = try Posix.open(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600) } catch {
      throw OtterFailure(.cannotCreate, "cannot create \(path): \(Posix.errorText(error.code))")
    }
    defer { Posix.close(fd) }
    do {
      try Posix.writeAll(fd, bytes, path: path)
      try Posix.sync(fd, path: path)
    } catch {
      throw OtterFailure(.ioError, "cannot write \(path): \(Posix.errorText(error.code))")
    }
  }

  /// Refuses an existing `path` unless `force` is set.
  public static func refuseExisting(_ path: String, force: Bool) throws(OtterFailure) {
    if exists(path) && !force { throw OtterFailure(.cannotCreate, "\(path) exists; add --force to overwrite it") }
  }
}
