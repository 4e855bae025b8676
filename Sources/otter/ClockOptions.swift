import ArgumentParser
import OtterKit

/// `--clock-offset`, for every command that makes codes: it overrides the offset
/// `otter clock calibrate` kept for this machine.
struct ClockOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Add this many seconds to the system clock when computing codes (default: the offset 'otter clock calibrate' kept, else 0).",
      valueName: "SECONDS"))
  var clockOffset: Int64?

  func validate() throws {
    if let clockOffset, abs(clockOffset) > ClockCorrection.maximumOffset {
      throw ValidationError("--clock-offset must be within a day (86400 seconds).")
    }
  }

  /// The offset to apply; a calibrated one is said on stderr when `announce` is set.
  func offset(announce: Bool = true) -> Int64 {
    let (seconds, stored) = ClockCorrection.offset(override: clockOffset)
    if announce, let stored, stored.offset != 0 { StandardError.warn(ClockCorrection.notice(stored)) }
    return seconds
  }

  /// The time codes are made for now.
  func now(announce: Bool = true) -> Int64 { currentTime() + offset(announce: announce) }
}
