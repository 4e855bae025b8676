import CLinux

/// What the kernel knows about the wall clock: whether NTP (or chrony, or systemd-timesyncd)
/// keeps it synchronised, and the error bounds it was told.
public struct KernelClock: Sendable, Equatable {
  public var synchronised: Bool
  /// The offset the kernel is slewing away now, in nanoseconds (0 when nothing is being corrected).
  public var offsetNanoseconds: Int64
  /// The largest error the synchronising daemon admits, in microseconds.
  public var maximumErrorMicroseconds: Int64
  /// Its estimate of the error, in microseconds.
  public var estimatedErrorMicroseconds: Int64

  /// Reads the state with `adjtimex(2)` asking no change; nil when the kernel refuses.
  public static func read() -> KernelClock? {
    var state = otter_clock_state()
    guard unsafe otter_clock_state(&state) >= 0 else { return nil }
    return KernelClock(
      synchronised: state.synchronised != 0, offsetNanoseconds: Int64(state.offset_ns),
      maximumErrorMicroseconds: Int64(state.max_error_us), estimatedErrorMicroseconds: Int64(state.est_error_us))
  }
}
