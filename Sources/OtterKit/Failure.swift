/// Exit statuses from sysexits.h that Otter uses; scripts depend on these numbers.
public enum ExitStatus: Int32, Sendable {
  case ambiguous = 1
  case usage = 64
  case dataError = 65
  case noInput = 66
  /// A component Otter needs is not there (no keyring, no ssh-agent): EX_UNAVAILABLE.
  case unavailable = 69
  case cannotCreate = 73
  case ioError = 74
  case noPermission = 77
}

/// A failure to report to the user: one line on stderr and an exit status.
public struct OtterFailure: Error, Sendable {
  public let status: ExitStatus
  public let message: String

  public init(_ status: ExitStatus, _ message: String) {
    self.status = status
    self.message = message
  }
}
