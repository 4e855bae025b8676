import ArgumentParser
import OtterKit

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

  @Flag(
    help: "Keep the key when the machine suspends (it is forgotten then, and when the session locks or the screen saver starts)."
  )
  var keepOnSuspend = false

  @OptionGroup var options: VaultOptions

  func validate() throws {
    if AgentLauncher.seconds(duration) == nil {
      throw ValidationError("--for takes a duration of at most 366 days, such as 90s, 15m, 2h, 30d or 0.")
    }
  }

  func run() throws {
    let line = try AgentCommands.unlock(
      try options.writableSession(for: "unlock"), seconds: AgentLauncher.seconds(duration) ?? 900,
      keepOnSuspend: keepOnSuspend)
    StandardOutput.shared.write(line + "\n")
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
    StandardOutput.shared.write(try AgentCommands.lock(options.session, all: all) + "\n")
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
    StandardOutput.shared.write(AgentCommands.status().joined(separator: "\n") + "\n")
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
