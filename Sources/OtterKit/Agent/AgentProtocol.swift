import FoundationEssentials
import Posix

#if canImport(Glibc)
  import Glibc
#endif

/// The agent's socket and its messages.
///
/// A request is one byte of operation, a 4-byte big-endian length and that many bytes; the
/// answer is one byte of status (0 ok, 1 not held, 2 refused, 3 malformed) and the same length
/// and bytes. One request per connection. Vault ids are the 16 bytes of the UUID.
///
/// | operation | request | answer |
/// |---|---|---|
/// | 1 put | id, seconds u64 (0: until `otter lock`; the top bit: keep it over a suspend), key (32), path (UTF-8) | — |
/// | 2 get | id | key (32) |
/// | 3 forget | id | — |
/// | 4 forget all | — | — (the agent then exits) |
/// | 5 status | — | the agent's pid u64, then per vault: id, seconds left i64 (-1: until lock), path length u16, path |
public enum AgentProtocol {
  public enum Operation: UInt8 {
    case put = 1, get, forget, forgetAll, status
  }

  /// The top bit of a put's seconds: the key stays when the machine suspends
  /// (`otter unlock --keep-on-suspend`); a session lock still ends it.
  static let keepOnSuspend: UInt64 = 1 << 63

  /// A put's seconds field for `seconds` and `keepOnSuspend`.
  public static func putSeconds(_ seconds: UInt64, keepOnSuspend: Bool) -> UInt64 {
    seconds & ~Self.keepOnSuspend | (keepOnSuspend ? Self.keepOnSuspend : 0)
  }

  public enum Status: UInt8 {
    case ok = 0, notHeld, refused, malformed
  }

  /// The largest message either side reads.
  static let maximumLength = 64 << 10

  /// Where the agent listens: `$XDG_RUNTIME_DIR/otter/agent.sock`, else
  /// `/tmp/otter-UID/agent.sock` (the folder made 0700 and checked to be the user's own) —
  /// unless another user made `/tmp/otter-UID` first (a denial of service anyone could
  /// mount in a shared /tmp), then `$HOME/.local/state/otter/agent/agent.sock`. Clients and
  /// the agent choose by the same rule, so they meet.
  public static func socketPath(environment: [String: String] = Environment.all) -> String {
    if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") { return runtime + "/otter/agent.sock" }
    let shared = "/tmp/otter-\(Posix.effectiveUser)"
    if let info = try? Posix.linkStatus(shared), info.st_mode & S_IFMT != S_IFDIR || info.st_uid != Posix.effectiveUser,
      let home = environment["HOME"], home.hasPrefix("/")
    {
      return home + "/.local/state/otter/agent/agent.sock"
    }
    return shared + "/agent.sock"
  }

  /// A message: the first byte, the length, the bytes.
  static func frame(_ first: UInt8, _ payload: [UInt8]) -> [UInt8] {
    let count = UInt32(payload.count)
    return [first, UInt8(count >> 24), UInt8((count >> 16) & 0xFF), UInt8((count >> 8) & 0xFF), UInt8(count & 0xFF)] + payload
  }

  /// Reads one message from `fd`: its first byte and its bytes, or nil.
  static func read(_ fd: Int32) -> (UInt8, [UInt8])? {
    guard let head = UnixSocket.read(fd, count: 5) else { return nil }
    let count = Int(head[1]) << 24 | Int(head[2]) << 16 | Int(head[3]) << 8 | Int(head[4])
    guard count <= maximumLength else { return nil }
    if count == 0 { return (head[0], []) }
    guard let payload = UnixSocket.read(fd, count: count) else { return nil }
    return (head[0], payload)
  }

  static func bytes(of id: UUID) -> [UInt8] {
    unsafe withUnsafeBytes(of: id.uuid) { unsafe Array($0) }
  }

  static func id(from bytes: ArraySlice<UInt8>) -> UUID? {
    guard bytes.count == 16 else { return nil }
    let b = Array(bytes)
    return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
  }

  static func integer(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }

  static func integer(from bytes: ArraySlice<UInt8>) -> UInt64 { bytes.reduce(0) { $0 << 8 | UInt64($1) } }
}
