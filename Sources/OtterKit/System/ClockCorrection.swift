import FoundationEssentials
import OTPCore
import Posix
import Vault

#if canImport(Glibc)
  import Glibc
#endif

/// The correction `otter clock calibrate` measured for this machine's clock, applied to every
/// code Otter makes: codes are made for the system time plus the offset.
///
/// Kept per machine, not in the vault (another machine's clock is wrong by another amount):
/// `$XDG_STATE_HOME/otter/clock-offset` (else `~/.local/state/otter/…`), mode 0600, one line
/// `<offset seconds> <unix time calibrated>`. `--clock-offset` overrides it for one command.
public enum ClockCorrection {
  /// The largest offset stored or given: a day.
  public static let maximumOffset: Int64 = 86_400

  /// The stored correction.
  public struct Stored: Equatable, Sendable {
    public var offset: Int64
    public var calibratedAt: Int64
    public init(offset: Int64, calibratedAt: Int64) {
      self.offset = offset
      self.calibratedAt = calibratedAt
    }
  }

  /// The file, or nil without `XDG_STATE_HOME` or `HOME`.
  public static func path(environment: [String: String] = Environment.all) -> String? {
    UserFolder.state.otter("clock-offset", environment: environment)
  }

  /// The stored correction; nil when there is none or the file is damaged (then no offset).
  public static func stored(environment: [String: String] = Environment.all) -> Stored? {
    guard let path = path(environment: environment),
      let fd = try? Posix.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
    else { return nil }
    defer { Posix.close(fd) }
    guard let bytes = try? Posix.readAll(fd, path: path, limit: 256) else { return nil }
    let parts = String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
    guard parts.count == 2, let offset = Int64(parts[0]), let time = Int64(parts[1]), abs(offset) <= maximumOffset
    else { return nil }
    return Stored(offset: offset, calibratedAt: time)
  }

  /// Stores `offset` (0 removes the file).
  ///
  /// - Throws: `OtterFailure` 73 when there is no state folder or the file cannot be written.
  public static func store(_ offset: Int64, at time: Int64, environment: [String: String] = Environment.all)
    throws(OtterFailure)
  {
    guard let path = path(environment: environment) else {
      throw OtterFailure(.cannotCreate, "neither XDG_STATE_HOME nor HOME is set: there is nowhere to keep the offset")
    }
    if offset == 0 {
      Posix.unlink(path)
      return
    }
    do { try Posix.makeFolders(VaultLocation(path: path).folder, mode: 0o700) } catch {
      throw OtterFailure(.cannotCreate, "cannot create \(VaultLocation(path: path).folder): \(Posix.errorText(error.code))")
    }
    do { try Posix.replaceFile(path, with: Array("\(offset) \(time)\n".utf8)) } catch {
      throw OtterFailure(.cannotCreate, "cannot write \(path): \(Posix.errorText(error.code))")
    }
  }

  /// The offset to apply: `override` (`--clock-offset`) when given, else the stored one.
  public static func offset(override: Int64?) -> (seconds: Int64, calibrated: Stored?) {
    if let override { return (override, nil) }
    guard let stored = stored() else { return (0, nil) }
    return (stored.offset, stored)
  }

  /// How a command says that a calibrated offset is applied.
  public static func notice(_ stored: Stored) -> String {
    "the clock offset \(signed(stored.offset)) s from otter clock calibrate (\(Timestamp.iso8601(stored.calibratedAt))) is applied; --clock-offset 0 ignores it"
  }

  /// `+5` or `-3`.
  public static func signed(_ value: Int64) -> String { value > 0 ? "+\(value)" : "\(value)" }

  /// The offset that makes `code` the account's code: the step within ±`steps` of `now`
  /// whose code it is, nearest first, as seconds from now to the middle of that step's
  /// window (0 for the current step). Nil when no step gives it; several when the code is
  /// ambiguous (two steps give it).
  public static func calibrate(_ account: OTPAccount, code: String, now: Int64, steps: Int = 10) throws(OtterFailure)
    -> [Int64]
  {
    guard account.isTimeBased, account.hasPINIfNeeded else {
      throw OtterFailure(.dataError, "only a time-based account can calibrate the clock")
    }
    let generator: OTPGenerator
    do { generator = try OTPGenerator(account: account) } catch { throw OtterFailure(.dataError, "\(error)") }
    let code = CodeVerifier.normalized(code, kind: account.kind)
    let period = Int64(account.period)
    let current = now / period
    var found: [Int64] = []
    for distance in 0...Int64(steps) {
      for step in distance == 0 ? [current] : [current - distance, current + distance] where step >= 0 {
        if CodeVerifier.equal(generator.code(counter: UInt64(step)), code) {
          found.append((step - current) * period)
        }
      }
    }
    return found
  }
}
