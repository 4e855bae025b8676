import Foundation
import SessionSignals
import TestSupport
import Testing

/// A private bus started with `dbus-daemon --config-file` (a system-bus configuration of its
/// own), and a fake logind written with dbus-python (`Tests/Reference/fake_logind.py`) that owns
/// `org.freedesktop.login1` and emits its signals.
final class PrivateSystemBus: @unchecked Sendable {
  let folder: TemporaryFolder
  let address: String
  var pid: Int32 = 0

  init() throws {
    folder = try TemporaryFolder()
    let socket = folder.file("system_bus_socket")
    try folder.write(
      "system.conf",
      """
      <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
       "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
      <busconfig>
        <type>system</type>
        <listen>unix:path=\(socket)</listen>
        <auth>EXTERNAL</auth>
        <policy context="default">
          <allow user="*"/>
          <allow own="*"/>
          <allow send_destination="*"/>
          <allow receive_sender="*"/>
        </policy>
      </busconfig>

      """)
    let started = shell(
      "dbus-daemon --config-file='\(folder.file("system.conf"))' --fork --print-address=1 --print-pid=1 --nosyslog")
    let lines = started.output.split(separator: "\n").map(String.init)
    address = lines.first ?? ""
    if lines.count > 1 { pid = Int32(lines[1]) ?? 0 }
  }

  /// Runs the fake logind: `signals` (sleep, wake, lock, saver-on, saver-off), from the name
  /// org.freedesktop.login1 unless `ownName` is false.
  func emit(_ signals: [String], ownName: Bool = true) -> Bool {
    let script = packageRoot.appendingPathComponent("Tests/Reference/fake_logind.py").path
    let arguments = (ownName ? [] : ["--no-name"]) + signals
    return shell("/usr/bin/python3 '\(script)' '\(address)' \(arguments.joined(separator: " "))").output.contains("sent")
  }

  func stop() {
    if pid > 0 { kill(pid, SIGTERM) }
    folder.remove()
  }
}

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
