import ArgumentParser
import OtterKit
import Vault

/// `otter unlock`: leave the vault's key with an agent for a while.
struct Unlock: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "unlock",
    abstract: "Unlock the vault once: an agent keeps its master key for a while, so commands need no password.",
    discussion: """
      The password is asked once (any password source); an agent process then holds the vault's \
      master key — never the password — in locked memory, for this user only, until the time is \
      up or `otter lock`. Commands still read, check and write the vault file themselves. Any \
      process of yours can ask the agent for codes while it holds the key, as with ssh-agent.

        otter unlock --for 1h && otter code github
      """)

  @Option(
    name: .customLong("for"),
    help: ArgumentHelp(
      "How long: 90s, 15m (default), 2h, 1d; a bare number is seconds; 0 means until otter lock.", valueName: "DURATION"))
  var duration = "15m"

  @OptionGroup var options: VaultOptions

  func validate() throws {
    if AgentLauncher.seconds(duration) == nil { throw ValidationError("--for takes a duration such as 90s, 15m, 2h or 0.") }
  }

  func run() throws {
    let session = try options.writableSession(for: "unlock")
    let seconds = AgentLauncher.seconds(duration) ?? 900
    let vault = try session.open()
    let path = VaultStore.absolute(session.location.path)
    try AgentLauncher.hand(vault, path: path, seconds: seconds, client: AgentClient())
    let time = seconds == 0 ? "until otter lock" : "for " + AgentLauncher.describe(Int64(seconds))
    StandardOutput.shared.write("unlocked \(path) \(time)\n")
  }
}

/// `otter lock`: make the agent forget a vault's key (or every key).
struct Lock: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lock",
    abstract: "Make the agent forget the vault's key (with --all, every key; the agent then exits).")

  @Flag(help: "Forget every vault's key.")
  var all = false

  @OptionGroup var options: VaultOptions

  func run() throws {
    let client = AgentClient()
    guard client.isRunning else {
      StandardOutput.shared.write("no agent is running; nothing was unlocked\n")
      return
    }
    if all {
      client.forgetAll()
      StandardOutput.shared.write("locked every vault\n")
      return
    }
    let session = options.session
    guard let bytes = try? session.read(), let vaultID = try? VaultFile.vaultID(of: bytes) else {
      throw OtterFailure(
        .noInput, "cannot read \(session.location.path) to know which key to forget; otter lock --all forgets every key")
    }
    client.forget(vaultID)
    StandardOutput.shared.write("locked \(session.location.path)\n")
  }
}

/// `otter agent`: what the agent holds.
struct Agent: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "agent",
    abstract: "Say which vaults the agent holds unlocked, and for how long.",
    subcommands: [AgentStatus.self, AgentServe.self], defaultSubcommand: AgentStatus.self)
}

struct AgentStatus: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "status", abstract: "Which vaults are unlocked, for how long.")

  func run() throws {
    guard let (pid, held) = AgentClient().report() else {
      StandardOutput.shared.write("no agent is running\n")
      return
    }
    StandardOutput.shared.write("agent \(pid) at \(AgentClient().socketPath)\n")
    if held.isEmpty { StandardOutput.shared.write("the agent holds no vault\n") }
    for entry in held {
      let left = entry.secondsLeft.map { "for " + AgentLauncher.describe($0) + " more" } ?? "until otter lock"
      StandardOutput.shared.write("\(entry.path): unlocked \(left)\n")
    }
  }
}

/// The agent process itself (started by `otter unlock`; the key comes on standard input).
struct AgentServe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve", abstract: "The agent process otter unlock starts (not for direct use).", shouldDisplay: false)

  func run() throws {
    try AgentLauncher.serve(socketPath: AgentProtocol.socketPath())
  }
}
