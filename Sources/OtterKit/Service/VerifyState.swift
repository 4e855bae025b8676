import JSONCodec
import OTPCore
import Posix
import Vault

#if canImport(Glibc)
  import Glibc
#endif

/// What `otter verify --state FILE` remembers between checks: the last step or counter it
/// accepted (so a code is good once, RFC 6238 §5.2) and, for HOTP, the counter it expects next
/// (moved forward when a code from the look-ahead window is accepted, RFC 4226 §7.4).
///
/// The file is small JSON, mode 0600, replaced atomically (a new file, synced, renamed) while
/// `FILE.lock` is held, so two checks of the same code at the same moment accept it once.
public struct VerifyState: Equatable, Sendable {
  /// The account the state belongs to (`issuer:name`), so one state file is not used for two.
  public var account: String
  public var kind: String
  /// The step (TOTP) or counter (HOTP) last accepted.
  public var lastAccepted: UInt64?
  /// HOTP: the counter expected next.
  public var counter: UInt64?

  public init(account: String, kind: String, lastAccepted: UInt64? = nil, counter: UInt64? = nil) {
    self.account = account
    self.kind = kind
    self.lastAccepted = lastAccepted
    self.counter = counter
  }

  /// The largest state file read.
  static let limit = 4096

  var json: JSON {
    .object([
      ("version", .integer(1)), ("account", .string(account)), ("type", .string(kind)),
      ("lastAccepted", lastAccepted.map { .integer($0) } ?? .null), ("counter", counter.map { .integer($0) } ?? .null),
    ])
  }

  /// Reads a state file's bytes.
  ///
  /// - Throws: `OtterFailure` 65 naming what is wrong.
  static func parse(_ bytes: [UInt8], path: String) throws(OtterFailure) -> VerifyState {
    let damaged = { (why: String) in
      OtterFailure(.dataError, "\(path) is not an otter verify state file (\(why)); give another --state file")
    }
    guard let json = try? JSON.parse(bytes) else { throw damaged("not JSON") }
    guard json["version"]?.int64Value == 1 else { throw damaged("unknown version") }
    guard let account = json["account"]?.stringValue, let kind = json["type"]?.stringValue else {
      throw damaged("no account or type")
    }
    func unsigned(_ key: String) throws(OtterFailure) -> UInt64? {
      guard let value = json[key], value != .null else { return nil }
      guard case .number(let text) = value, let number = UInt64(text) else { throw damaged("\(key) is not a counter") }
      return number
    }
    return VerifyState(account: account, kind: kind, lastAccepted: try unsigned("lastAccepted"), counter: try unsigned("counter"))
  }

  /// Runs `body` on the state at `path` (nil when there is none yet) while holding its lock,
  /// and saves what `body` returns, if anything.
  ///
  /// - Throws: `OtterFailure` 65 for a damaged file, 73/74 when it cannot be locked, read or
  ///   written; whatever `body` throws (and then nothing is saved).
  public static func update<Result>(
    at path: String, _ body: (VerifyState?) throws(OtterFailure) -> (save: VerifyState?, result: Result)
  ) throws(OtterFailure) -> Result {
    let lock: Int32
    do { lock = try Posix.open(path + ".lock", O_RDWR | O_CREAT | O_NOFOLLOW, mode: 0o600) } catch {
      throw OtterFailure(.cannotCreate, "cannot create \(path).lock: \(Posix.errorText(error.code))")
    }
    defer { Posix.close(lock) }
    do { try Posix.lockExclusive(lock, path: path) } catch {
      throw OtterFailure(.ioError, "cannot lock \(path).lock: \(Posix.errorText(error.code))")
    }
    var current: VerifyState?
    if let fd = try? Posix.open(path, O_RDONLY | O_NOFOLLOW) {
      defer { Posix.close(fd) }
      let bytes: [UInt8]
      do { bytes = try Posix.readAll(fd, path: path, limit: limit) } catch {
        throw OtterFailure(.dataError, "cannot read \(path): \(Posix.errorText(error.code))")
      }
      current = try parse(bytes, path: path)
    } else if errno != ENOENT {
      throw OtterFailure(.ioError, "cannot open \(path): \(Posix.errorText(errno))")
    }
    let (save, result) = try body(current)
    if let save, save != current { try write(save, to: path) }
    return result
  }

  /// Writes `state` to a new file beside `path`, syncs it and renames it over `path`.
  static func write(_ state: VerifyState, to path: String) throws(OtterFailure) {
    do {
      try Posix.replaceFile(path, with: state.json.serialized() + [UInt8(ascii: "\n")])
      try? Posix.syncFolder(VaultLocation(path: path).folder)
    } catch {
      throw OtterFailure(.ioError, "cannot save \(path): \(Posix.errorText(error.code)); the code was not accepted")
    }
  }
}
