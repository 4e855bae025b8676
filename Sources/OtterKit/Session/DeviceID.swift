import CryptoPrimitives
import Posix
import Vault

#if canImport(Glibc)
  import Glibc
#endif

/// This machine's device id for record versions (`RecordVersion`): 16 random hex digits kept in
/// `$XDG_STATE_HOME/otter/device` (else `~/.local/state/otter/device`), made on first use. It
/// is not in the vault: each machine (each home) that edits a copy counts its own edits.
public enum DeviceID {
  /// The id for this process's environment, read or made once.
  public static let current: String = standard()

  /// The id kept under `environment`'s state folder; `RecordVersion.localDevice` when there is
  /// no state folder or it cannot be written.
  public static func standard(environment: [String: String] = Environment.all) -> String {
    guard let path = UserFolder.state.otter("device", environment: environment) else { return RecordVersion.localDevice }
    let folder = VaultLocation(path: path).folder
    if let fd = try? Posix.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) {
      defer { Posix.close(fd) }
      if let bytes = try? Posix.readAll(fd, path: path, limit: 64), let id = valid(bytes) { return id }
    }
    guard (try? Posix.makeFolders(folder, mode: 0o700)) != nil, let random = try? randomBytes(count: 8) else {
      return RecordVersion.localDevice
    }
    let id = random.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    // Made once: a second process racing here keeps the first id written (O_EXCL).
    if let fd = try? Posix.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600) {
      try? Posix.writeAll(fd, Array((id + "\n").utf8), path: path)
      Posix.close(fd)
      return id
    }
    if let fd = try? Posix.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) {
      defer { Posix.close(fd) }
      if let bytes = try? Posix.readAll(fd, path: path, limit: 64), let existing = valid(bytes) { return existing }
    }
    return RecordVersion.localDevice
  }

  /// The id in a device file's bytes: 16 lower-case hex digits and a newline.
  static func valid(_ bytes: [UInt8]) -> String? {
    let text = String(decoding: bytes, as: UTF8.self).trimmingSuffix { $0 == "\n" }
    guard text.count == 16, text.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
    return text
  }
}

extension String {
  fileprivate func trimmingSuffix(while drop: (Character) -> Bool) -> String {
    var text = Substring(self)
    while let last = text.last, drop(last) { text.removeLast() }
    return String(text)
  }
}
