import CryptoPrimitives
import OTPCore
import Vault

/// What `otter unlock`, `otter lock` and `otter agent status` do, as lines to print.
public enum AgentCommands {
  /// Unlocks the vault of `session` once and hands its master key to the agent (started if
  /// none runs) for `seconds` (0: until `otter lock`).
  ///
  /// - Parameter keepOnSuspend: the agent keeps the key when the machine suspends (it forgets
  ///   it otherwise, and when the session locks or the screen saver starts).
  public static func unlock(_ session: VaultSession, seconds: UInt64, keepOnSuspend: Bool = false) throws(OtterFailure)
    -> String
  {
    let vault = try session.open()
    let path = VaultStore.absolute(session.location.path)
    let client = AgentClient()
    // A copy of a vault the agent holds (same id, another file) never replaces the vault's key.
    if session.agentHolds(vault.vaultID, forThisFile: false, agent: client),
      let held = client.status()?.first(where: { $0.vaultID == vault.vaultID })
    {
      let vaultPath = Sanitizer.displayText(held.path)
      if let key = client.key(for: vault.vaultID), key.constantTimeEquals(vault.masterKey) {
        return
          "\(Sanitizer.displayText(path)) is a copy of \(vaultPath), whose key the agent holds already (it opens this copy too)"
      }
      throw OtterFailure(
        .dataError,
        "\(Sanitizer.displayText(path)) is a copy of \(vaultPath) with another key (from before or after a password change); the agent keeps the vault's key — open the copy with its password"
      )
    }
    try AgentLauncher.hand(
      vault, path: path, seconds: AgentProtocol.putSeconds(seconds, keepOnSuspend: keepOnSuspend), client: client)
    let time = seconds == 0 ? "until otter lock" : "for " + AgentLauncher.describe(Int64(seconds))
    return "unlocked \(Sanitizer.displayText(path)) \(time)"
  }

  /// Makes the agent forget the key of `session`'s vault (read from the file's header: no
  /// password needed), or every key.
  ///
  /// - Throws: `OtterFailure` 66 when the vault cannot be read to know its id.
  public static func lock(_ session: VaultSession, all: Bool) throws(OtterFailure) -> String {
    let client = AgentClient()
    guard client.isRunning else { return "no agent is running; nothing was unlocked" }
    if all {
      client.forgetAll()
      return "locked every vault"
    }
    guard let bytes = try? session.read(), let vaultID = try? VaultFile.vaultID(of: bytes) else {
      throw OtterFailure(
        .noInput, "cannot read \(session.location.path) to know which key to forget; otter lock --all forgets every key")
    }
    client.forget(vaultID)
    return "locked \(Sanitizer.displayText(session.location.path))"
  }

  /// Which vaults the agent holds, for how long.
  public static func status() -> [String] {
    let client = AgentClient()
    guard let (pid, held) = client.report() else { return ["no agent is running"] }
    var lines = ["agent \(pid) at \(client.socketPath)"]
    if held.isEmpty { lines.append("the agent holds no vault") }
    for entry in held {
      let left = entry.secondsLeft.map { "for " + AgentLauncher.describe($0) + " more" } ?? "until otter lock"
      lines.append("\(entry.path): unlocked \(left)")
    }
    return lines
  }
}
