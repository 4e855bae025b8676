#if canImport(Glibc)
  import Glibc
#endif

/// A system call that failed: which one, on what, and the `errno` it left.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The C function, e.g. "open".
  public let operation: String
  /// The file or folder it worked on ("" when none).
  public let path: String
  /// The `errno` value.
  public let code: Int32

  public init(operation: String, path: String, code: Int32) {
    self.operation = operation
    self.path = path
    self.code = code
  }

  /// The error of the call that just failed, from the current `errno`.
  static func last(_ operation: String, _ path: String) -> SystemError {
    SystemError(operation: operation, path: path, code: errno)
  }

  public var description: String { "\(operation) \(path) failed: \(Posix.errorText(code))" }
}
