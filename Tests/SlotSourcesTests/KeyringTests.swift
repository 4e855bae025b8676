import CryptoPrimitives
import Foundation
import Keyring
import TestSupport
import Testing

/// A real GNOME Keyring (`gnome-keyring-daemon --unlock --components=secrets`) on a private
/// D-Bus session bus (`dbus-daemon --session`), both started with `shell`. libsecret talks to
/// the session bus named by DBUS_SESSION_BUS_ADDRESS, which GLib reads once per process: so the
/// bus is started once for every keyring test, and this suite is the only one that uses it.
/// The daemons' process ids, stopped when the test process exits.
nonisolated(unsafe) var keyringDaemons: [Int32] = []

final class RealKeyring: @unchecked Sendable {
  static let shared = RealKeyring()

  let folder: TemporaryFolder?
  let address: String
  /// This bus's and keyring's process ids.
  var pids: [Int32] = []

  /// Another bus and keyring of its own, for tests that lock it (the shared one stays open).
  static func separate() -> RealKeyring { RealKeyring(settingEnvironment: false) }

  convenience init() { self.init(settingEnvironment: true) }

  init(settingEnvironment: Bool) {
    folder = try? TemporaryFolder()
    let home = folder?.path ?? "/tmp"
    let bus = shell("dbus-daemon --session --fork --print-address=1 --print-pid=1 --nosyslog")
    let lines = bus.output.split(separator: "\n").map(String.init)
    address = lines.first ?? ""
    if lines.count > 1, let pid = Int32(lines[1]) { pids.append(pid) }
    // The login keyring is created with this password and left unlocked.
    let keyring = shell(
      "printf 'keyring password' | HOME='\(home)' DBUS_SESSION_BUS_ADDRESS='\(address)' "
        + "gnome-keyring-daemon --daemonize --unlock --components=secrets | sed -n 's/^GNOME_KEYRING_PID=//p'")
    if let pid = Int32(keyring.output.trimmingCharacters(in: .whitespacesAndNewlines)) { pids.append(pid) }
    keyringDaemons += pids
    atexit {
      for pid in keyringDaemons { kill(pid, SIGTERM) }
    }
    // The only environment change in the test process. glibc's first setenv copies the
    // environment into a new array and never frees the old one, so a thread reading it at the
    // same moment still reads valid memory.
    if settingEnvironment { setenv("DBUS_SESSION_BUS_ADDRESS", address, 1) }
  }

  /// Stops this bus and keyring.
  func stop() {
    for pid in pids { kill(pid, SIGTERM) }
    folder?.remove()
  }

  /// Locks the login keyring through the Secret Service's own `Lock` method.
  func lock() -> Bool {
    shell(
      "DBUS_SESSION_BUS_ADDRESS='\(address)' dbus-send --session --print-reply --dest=org.freedesktop.secrets "
        + "/org/freedesktop/secrets org.freedesktop.Secret.Service.Lock "
        + "array:objpath:/org/freedesktop/secrets/collection/login"
    ).output.contains("collection/login")
  }
}

@Suite("The desktop keyring through libsecret, against a real GNOME Keyring", .serialized)
struct KeyringTests {
  @Test("a vault's key is stored, found by the vault id alone, replaced, and removed; another vault's id finds nothing")
  func storeLookupRemove() throws {
    let keyring = RealKeyring.shared
    #expect(!keyring.address.isEmpty, "dbus-daemon did not start")
    let vault = UUID().uuidString.lowercased()
    let key = SecretBytes((0..<32).map { UInt8($0 * 7 & 0xFF) })
    try Keyring.store(key, vault: vault, slot: "0a1b2c3d", label: "Otter vault \(vault)")
    #expect(try Keyring.lookup(vault: vault, slot: "0a1b2c3d")?.constantTimeEquals(key) == true)
    #expect(try Keyring.lookup(vault: UUID().uuidString.lowercased(), slot: "0a1b2c3d") == nil)
    #expect(try Keyring.lookup(vault: vault, slot: "0a1b2c3e") == nil, "another slot of the same vault")
    // secret-tool (libsecret-tools) sees the same item, so it is a real keyring item.
    let seen = shell("secret-tool lookup vault \(vault) slot 0a1b2c3d")
    #expect(seen.output.count == 64, "\(seen.output)")
    let replacement = SecretBytes([UInt8](repeating: 0xA5, count: 32))
    try Keyring.store(replacement, vault: vault, slot: "0a1b2c3d", label: "Otter vault \(vault)")
    #expect(try Keyring.lookup(vault: vault, slot: "0a1b2c3d")?.constantTimeEquals(replacement) == true)
    #expect(try Keyring.remove(vault: vault, slot: "0a1b2c3d"))
    #expect(try Keyring.lookup(vault: vault, slot: "0a1b2c3d") == nil)
    #expect(try !Keyring.remove(vault: vault, slot: "0a1b2c3d"))
  }

  @Test("another program's item with the same attribute is not Otter's; one of Otter's schema that is not a key is refused")
  func foreignItem() throws {
    _ = RealKeyring.shared
    let vault = UUID().uuidString.lowercased()
    #expect(shell("printf 'not a key' | secret-tool store --label=x vault \(vault) slot 0a1b2c3d").status == 0)
    #expect(try Keyring.lookup(vault: vault, slot: "0a1b2c3d") == nil)
    #expect(
      shell("printf 'not a key' | secret-tool store --label=x xdg:schema org.otter.VaultKey vault \(vault) slot 0a1b2c3d").status
        == 0)
    #expect {
      try Keyring.lookup(vault: vault, slot: "0a1b2c3d")
    } throws: { error in
      (error as? Keyring.Failure)?.description.contains("not a key Otter stored") == true
    }
    try Keyring.remove(vault: vault, slot: "0a1b2c3d")
  }
}
