import Foundation
import SessionSignals
import TestSupport
import Testing

@Suite("Session signals through sd-bus: a private system bus and a fake logind (dbus-python)")
struct SessionSignalsTests {
  /// What arrives on `signals` within `seconds`, waiting in poll on its descriptor.
  func received(_ signals: SessionSignals, count: Int, seconds: Double = 3) -> [SessionSignals.Event] {
    var events: [SessionSignals.Event] = []
    let deadline = Date().addingTimeInterval(seconds)
    while events.count < count && Date() < deadline {
      var poller = pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0)
      _ = poll(&poller, 1, 200)
      events += signals.take()
    }
    return events
  }

  @Test(
    "logind's PrepareForSleep and a session's Lock arrive on the system bus; the screen saver's ActiveChanged on a session bus")
  func signalsArrive() throws {
    let bus = try PrivateSystemBus()
    defer { bus.stop() }
    #expect(!bus.address.isEmpty, "dbus-daemon did not start")
    let system = try SessionSignals(system: true, address: bus.address)
    let session = try SessionSignals(system: false, address: bus.address)
    #expect(bus.emit(["sleep", "lock", "wake", "saver-on"]))
    #expect(
      received(system, count: 3) == [
        .prepareForSleep(true), .sessionLock("/org/freedesktop/login1/session/_32"), .prepareForSleep(false),
      ])
    #expect(received(session, count: 1) == [.screenSaverActive(true)])
  }

  @Test("logind's signals from a client that is not org.freedesktop.login1 are not believed")
  func spoofedSender() throws {
    let bus = try PrivateSystemBus()
    defer { bus.stop() }
    let system = try SessionSignals(system: true, address: bus.address)
    #expect(bus.emit(["sleep", "lock"], ownName: false))
    #expect(received(system, count: 1, seconds: 1.5).isEmpty)
  }

  @Test("no bus at the address is said as such")
  func noBus() throws {
    #expect(throws: SessionSignals.Failure.self) {
      try SessionSignals(system: true, address: "unix:path=/nonexistent/otter-test-bus")
    }
  }
}
