import OTPCore
import Posix

/// Why the vault file cannot be read or written. Each message says what to do.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
  case notFound(path: String)
  /// Another program (a sync tool, which never takes Otter's lock) replaced the vault file
  /// after it was read and before the new one took its place; `current` is what is there now.
  case replacedMeanwhile(path: String, current: [UInt8])
  case alreadyExists(path: String)
  /// The file or its folder can be written by other users (or is not the user's own).
  case unsafePermissions(path: String, detail: String)
  /// The vault (or its lock) is a folder, a FIFO, a device or a socket, not a file.
  case notAFile(path: String, kind: String)
  /// A system call failed; `operation` names it and `code` is errno.
  case system(operation: String, path: String, code: Int32)

  public var description: String {
    switch self {
    case .notFound(let path):
      "no vault at \(Sanitizer.displayText(path)); create one with `otter init` (or run `otter` and the viewer creates it)"
    case .alreadyExists(let path): "a vault already exists at \(path); it was left untouched"
    case .replacedMeanwhile(let path, _):
      "\(Sanitizer.displayText(path)) was replaced by another program (a sync tool?) while it was saved"
    case .unsafePermissions(let path, let detail): "refusing to use \(path): \(detail)"
    case .notAFile(let path, let kind): "\(path) is \(kind), not a vault file; give the path of the vault file itself"
    case .system(let operation, let path, let code): "\(SystemError(operation: operation, path: path, code: code))"
    }
  }

  /// A failed system call.
  init(_ error: SystemError) { self = .system(operation: error.operation, path: error.path, code: error.code) }

  /// The result of `body`, a failed system call in it becoming `.system`.
  static func map<Result>(_ body: () throws(SystemError) -> Result) throws(StoreError) -> Result {
    do { return try body() } catch { throw StoreError(error) }
  }
}
