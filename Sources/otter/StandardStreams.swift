#if canImport(Glibc)
  import Glibc
#endif

/// Buffered standard output: lines collect in memory and go out in large `write(2)` calls,
/// so a million codes cost a few hundred system calls, not a million.
final class StandardOutput {
  nonisolated(unsafe) static let shared = StandardOutput()

  private var buffer: [UInt8] = []
  private let limit = 1 << 16

  init() { buffer.reserveCapacity(limit + 64) }

  /// Appends `text`.
  func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= limit { flush() }
  }

  /// Appends raw bytes.
  func write(bytes: ArraySlice<UInt8>) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= limit { flush() }
  }

  /// Writes everything buffered. A closed pipe (EPIPE) ends the output quietly.
  func flush() {
    var offset = 0
    while offset < buffer.count {
      let written = buffer[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        break
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// Unbuffered standard error for messages and warnings.
enum StandardError {
  static func write(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
      if written <= 0 { break }
      offset += written
    }
    bytes.removeAll()
  }

  static func warn(_ text: String) { write("otter: warning: \(text)\n") }
}
