import OTPCore
import Posix
import Synchronization
import TUI

/// Buffered standard output: lines collect in memory and go out in large `write(2)` calls,
/// so a million codes cost a few hundred system calls, not a million.
public final class StandardOutput: Sendable {
  public static let shared = StandardOutput()

  private let buffer = Mutex<[UInt8]>([])
  private let limit = 1 << 16

  init() { buffer.withLock { $0.reserveCapacity(limit + 64) } }

  /// Whether text must be ASCII: standard output is a terminal whose locale is not UTF-8.
  static let asciiOnly = Posix.isTerminal(1) && !TerminalInfo.isUTF8

  /// Appends `text` (in ASCII on a terminal that is not UTF-8).
  public func write(_ text: String) {
    let shown = Self.asciiOnly ? ASCIIFallback.text(text) : text
    append { $0.append(contentsOf: shown.utf8) }
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
  /// Whether messages must be ASCII: standard error is a terminal whose locale is not UTF-8.
  static let asciiOnly = Posix.isTerminal(2) && !TerminalInfo.isUTF8

  /// Writes `text` with every control character, escape sequence, bidi override and invisible
  /// character made harmless, line by line (line breaks and tabs kept): messages quote file
  /// names, labels and other text from outside, and nothing Otter says on standard error is
  /// ever meant to drive the terminal.
  public static func write(_ text: String) {
    let safe = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.split(separator: "\t", omittingEmptySubsequences: false).map { Sanitizer.displayText(String($0)) }
        .joined(separator: "\t")
    }.joined(separator: "\n")
    try? Posix.writeAll(2, Array((asciiOnly ? ASCIIFallback.text(safe) : safe).utf8))
  }

  public static func warn(_ text: String) { write("otter: warning: \(text)\n") }
}
