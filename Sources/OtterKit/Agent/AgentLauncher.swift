import CryptoPrimitives
import FoundationEssentials
import Posix
import Vault

#if canImport(Glibc)
  import Glibc
#endif

/// Handing an unlocked vault's master key to the agent, starting one when none answers.
public enum AgentLauncher {
  /// Gives the agent `vault`'s master key for `seconds` (0: until `otter lock`).
  ///
  /// An agent that answers takes the key over its socket; otherwise a new one (this program's
  /// hidden `agent serve` command, in a session of its own) is started with the key on its
  /// standard input, never in its arguments.
  ///
  /// - Throws: `OtterFailure` 74 when no agent can be started.
  public static func hand(_ vault: UnlockedVault, path: String, seconds: UInt64, client: AgentClient) throws(OtterFailure) {
    try AgentServer.prepareFolder(for: client.socketPath)
    if client.put(vault.masterKey, for: vault.vaultID, path: path, seconds: seconds) { return }
    guard let program = Posix.linkTarget("/proc/self/exe") else { throw OtterFailure(.ioError, "cannot find this program") }
    var payload =
      AgentProtocol.bytes(of: vault.vaultID) + AgentProtocol.integer(seconds) + vault.masterKey.copiedBytes() + Array(path.utf8)
    defer { wipe(&payload) }
    guard ChildProcess.startDetached([program, "agent", "serve"], input: payload, newSession: true) else {
      throw OtterFailure(.ioError, "cannot start the agent")
    }
    for _ in 0..<250 {
      if client.key(for: vault.vaultID) != nil { return }
      usleep(20_000)
    }
    throw OtterFailure(.ioError, "the agent did not start at \(client.socketPath)")
  }

  /// The agent process: listens and serves with the key it was given on standard input; when an
  /// agent already answers, hands the key to that one instead and returns.
  public static func serve(socketPath: String) throws(OtterFailure) {
    var initial = try InputSource.read("-")
    defer { wipe(&initial) }
    guard let listener = try AgentServer.listen(at: socketPath) else {
      // Another agent started meanwhile: it takes the key.
      guard initial.count >= 56, let id = AgentProtocol.id(from: initial[0..<16]) else { return }
      let key = SecretBytes(initial[24..<56])
      AgentClient(socketPath: socketPath).put(
        key, for: id, path: String(decoding: initial[56...], as: UTF8.self),
        seconds: AgentProtocol.integer(from: initial[16..<24]))
      return
    }
    // A long-lived process keeps no folder busy (an unmount, a removed checkout).
    _ = unsafe chdir("/")
    AgentServer(socketPath: socketPath).serve(listener, initial: &initial)
  }

  /// Seconds from a duration such as `90s`, `15m`, `2h` or `1d` (a bare number is seconds;
  /// `0` means until `otter lock`), or nil.
  public static func seconds(_ text: String) -> UInt64? {
    let units: [Character: UInt64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
    guard let last = text.last else { return nil }
    let (number, unit) = units[last].map { (text.dropLast(), $0) } ?? (Substring(text), 1)
    // At most 366 days as a duration, whatever the unit (not 366 days' worth of days).
    guard let value = UInt64(number), value <= 366 * 86_400, value * unit <= 366 * 86_400 else { return nil }
    return value * unit
  }

  /// "14 min 32 s", "2 h 5 min", "until otter lock".
  public static func describe(_ seconds: Int64?) -> String {
    guard let seconds else { return "until otter lock" }
    if seconds >= 3600 { return "\(seconds / 3600) h" + (seconds % 3600 / 60 == 0 ? "" : " \(seconds % 3600 / 60) min") }
    if seconds >= 60 { return "\(seconds / 60) min" + (seconds % 60 == 0 ? "" : " \(seconds % 60) s") }
    return "\(seconds) s"
  }
}
