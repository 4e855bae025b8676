#if canImport(Glibc)
  import Glibc
#endif

/// The wall clock, passed in so that the viewer's run loop can be driven by a test.
public protocol WallClock: AnyObject {
  /// The current Unix time: whole seconds, and milliseconds into the current second.
  func now() -> (seconds: Int64, milliseconds: Int)
}

/// The system's real-time clock.
public final class SystemClock: WallClock {
  public init() {}

  /// The corresponding C function is `clock_gettime(CLOCK_REALTIME)`.
  public func now() -> (seconds: Int64, milliseconds: Int) {
    var time = timespec()
    unsafe clock_gettime(CLOCK_REALTIME, &time)
    return (Int64(time.tv_sec), Int(time.tv_nsec / 1_000_000))
  }
}

/// The system's clock plus a fixed offset (`--clock-offset`, or `otter clock calibrate`'s).
public final class OffsetClock: WallClock {
  let offset: Int64
  let system = SystemClock()

  public init(offset: Int64) { self.offset = offset }

  public func now() -> (seconds: Int64, milliseconds: Int) {
    let (seconds, milliseconds) = system.now()
    return (seconds + offset, milliseconds)
  }
}

/// The current Unix time in whole seconds.
public func currentTime() -> Int64 { SystemClock().now().seconds }

/// A clock that only goes forward and counts the time the machine was suspended
/// (`CLOCK_BOOTTIME`): the agent's deadlines and expiries, which a change of the wall clock
/// must not stretch, and a suspend longer than `--for` must end.
public final class MonotonicClock: WallClock {
  public init() {}

  /// The corresponding C function is `clock_gettime(CLOCK_BOOTTIME)`.
  public func now() -> (seconds: Int64, milliseconds: Int) {
    var time = timespec()
    unsafe clock_gettime(CLOCK_BOOTTIME, &time)
    return (Int64(time.tv_sec), Int(time.tv_nsec / 1_000_000))
  }

  /// Milliseconds since boot.
  public func milliseconds() -> Int64 {
    let (seconds, milliseconds) = now()
    return seconds * 1000 + Int64(milliseconds)
  }
}
