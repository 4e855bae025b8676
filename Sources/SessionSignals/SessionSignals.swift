internal import CSDBus

/// The signals that say a session can no longer be trusted with unlocked keys: logind's
/// `PrepareForSleep(true)` (the machine suspends), a session's `Lock`, and the screen saver's
/// `ActiveChanged(true)`, received through sd-bus (libsystemd, opened only when a watch
/// starts). The only importer of CSDBus; for the agent's locking with the session (issue 23).
@safe public final class SessionSignals: @unchecked Sendable {
  /// A signal received.
  public enum Event: Equatable, Sendable {
    case prepareForSleep(Bool)
    /// A session's Lock, with the session object's path.
    case sessionLock(String)
    case screenSaverActive(Bool)
  }

  /// Why no watch could start.
  public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
  }

  private var bus: OpaquePointer?

  /// Connects to the bus at `address`, else the system bus (`system`) or the session bus, and
  /// subscribes to its signals.
  public init(system: Bool, address: String? = nil) throws(Failure) {
    guard otter_sdbus_load() != 0 else { throw Failure(description: "libsystemd is not installed, so no session signals") }
    var connection: OpaquePointer?
    let connected: Int32 =
      if let address { unsafe otter_sdbus_connect(address, system ? 1 : 0, &connection) } else {
        unsafe otter_sdbus_connect(nil, system ? 1 : 0, &connection)
      }
    guard connected >= 0, let opened = unsafe connection else {
      throw Failure(description: "cannot connect to the \(system ? "system" : "session") bus (error \(-connected))")
    }
    unsafe bus = opened
    let subscribed = unsafe otter_sdbus_subscribe(opened, system ? 1 : 0)
    guard subscribed >= 0 else {
      unsafe otter_sdbus_close(opened)
      unsafe bus = nil
      throw Failure(description: "cannot subscribe to the bus's signals (error \(-subscribed))")
    }
  }

  deinit { unsafe otter_sdbus_close(bus) }

  /// The connection's descriptor, to poll for input.
  public var descriptor: Int32 { unsafe otter_sdbus_fd(bus) }

  /// Reads and processes what arrived; the signals among it.
  public func take() -> [Event] {
    var rounds = 0
    while unsafe otter_sdbus_process(bus) > 0 && rounds < 1000 { rounds += 1 }
    var events: [Event] = []
    for index in 0..<otter_sdbus_event_count() {
      switch otter_sdbus_event_kind(index) {
      case 1: events.append(.prepareForSleep(otter_sdbus_event_flag(index) != 0))
      case 2: events.append(.sessionLock(unsafe String(cString: otter_sdbus_event_path(index))))
      case 3: events.append(.screenSaverActive(otter_sdbus_event_flag(index) != 0))
      default: break
      }
    }
    otter_sdbus_events_clear()
    return events
  }
}
