import ArgumentParser
import CryptoPrimitives
import OtterKit
import Posix

/// `otter` (no subcommand): the viewer.
struct View: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "view",
    abstract: "Open the viewer: live codes with a countdown, search, copy and QR (the default command).",
    discussion: "Press ? in the viewer for its keys.")

  @OptionGroup var options: VaultOptions

  @Option(help: ArgumentHelp("Lock after this many idle minutes (0 never).", valueName: "MINUTES"))
  var autoLock: Int = 5

  @OptionGroup var clock: ClockOptions

  @Flag(help: "Hide the codes (••• •••) but the selected row's, for sharing the screen (h in the viewer toggles it).")
  var hideCodes = false

  @Flag(help: "L leaves the key with the agent (otter unlock) rather than making it forget (auto-lock never ends the agent).")
  var keepAgent = false

  func validate() throws {
    guard autoLock >= 0 else { throw ValidationError("--auto-lock must be 0 or more minutes.") }
  }

  func run() throws {
    guard Posix.isTerminal(1), Posix.isTerminal(0) else {
      throw OtterFailure(.usage, "the viewer needs a terminal; use `otter list` or `otter code QUERY` in scripts")
    }
    // A configured password source is read before the screen starts; otherwise the viewer asks.
    let source: ViewerSource =
      try options.aegis.map { path throws(OtterFailure) in try AegisViewerSource(path: path, budget: options.budget) }
      ?? VaultViewerSource(session: options.session, keepAgent: keepAgent)
    let passwordSource = options.passwordSource
    let viewer = Viewer(
      source: source, autoLockSeconds: Int64(autoLock) * 60, clockOffset: clock.offset(announce: false), hideCodes: hideCodes)
    try viewer.run { () throws(OtterFailure) -> SecretBytes? in
      passwordSource == .terminal || !source.isProtected
        ? nil : try passwordSource.read(prompt: "Password for \(source.path): ")
    }
  }
}
