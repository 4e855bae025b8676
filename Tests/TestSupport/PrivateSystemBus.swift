import Foundation

/// A private bus started with `dbus-daemon --config-file` (a system-bus configuration of its
/// own), and a fake logind written with dbus-python (`Tests/Reference/fake_logind.py`) that owns
/// `org.freedesktop.login1` and emits its signals.
public final class PrivateSystemBus: @unchecked Sendable {
  public let folder: TemporaryFolder
  public let address: String
  var pid: Int32 = 0

  public init() throws {
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
  public func emit(_ signals: [String], ownName: Bool = true) -> Bool {
    let script = packageRoot.appendingPathComponent("Tests/Reference/fake_logind.py").path
    let arguments = (ownName ? [] : ["--no-name"]) + signals
    return shell("/usr/bin/python3 '\(script)' '\(address)' \(arguments.joined(separator: " "))").output.contains("sent")
  }

  public func stop() {
    if pid > 0 { kill(pid, SIGTERM) }
    folder.remove()
  }
}
