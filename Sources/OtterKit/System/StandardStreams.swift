import Posix
import Synchronization

/// Buffered standard output: lines collect in memory and go out in large `write(2)` calls,
/// so a million codes cost a few hundred system calls, not a million.
public final class StandardOutput: Sendable {
  public static let shared = StandardOutput()

  private let buffer = Mutex<[UInt8]>([])
  private let limit = 1 << 16

  init() { buffer.withLock { $0.reserveCapacity(limit + 64) } }

  /// Appends `text`.
  public func write(_ text: String) {
    append { $0.append(contentsOf: text.utf8) }
  }

  /// Appends raw bytes.
  public func write(bytes: ArraySlice<UInt8>) {
    append { $0.append(contentsOf: bytes) }
  }

  private func append(_ body: (inout [UInt8]) -> Void) {
    buffer.withLock { buffer in
      body(&buffer)
      if buffer.count >= limit { Self.flush(&buffer) }
    }
  }

  /// Writes everything buffered. A closed pipe (EPIPE) ends the output quietly.
  public func flush() {
    buffer.withLock { Self.flush(&$0) }
  }

  private static func flush(_ buffer: inout [UInt8]) {
    try? Posix.writeAll(1, buffer)
    buffer.removeAll(keepingCapacity: true)
  }
}

/// Unbuffered standard error for messages and warnings.
public enum StandardError {
  public static func write(_ text: String) {
    try? Posix.writeAll(2, Array(text.utf8))
  }

  public static func warn(_ text: String) { write("otter: warning: \(text)\n") }
}
