import ArgumentParser
import OtterKit

/// `otter watch`: codes for a status bar, a line per change.
struct Watch: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "watch",
    abstract: "Print the codes of accounts as they change: a line (or JSON object) per change, for a status bar.",
    discussion: """
      FMT takes {issuer} {name} {code} {remaining} {period} (default: "\(WatchStyle.defaultFormat)"); \
      several accounts are joined by two spaces. A line is printed when a code changes, or each \
      second when the line shows {remaining}, and at no other time. With the agent (otter \
      unlock), a locked vault prints a locked line and the watch waits for the next unlock.

        tmux:    set -g status-right '#(otter watch github --format "{code} {remaining}s")'
        waybar:  "custom/otter": {"exec": "otter watch github --waybar", "return-type": "json"}
      """)

  @Argument(help: "The accounts to show (default: every time-based account).", completion: .custom(AccountCompletion.complete))
  var queries: [String] = []

  @Option(help: ArgumentHelp("The line for each account, with {issuer} {name} {code} {remaining} {period}.", valueName: "FMT"))
  var format: String?

  @Flag(help: "One JSON object per change: accounts (issuer, name, code, remaining, period) and locked.")
  var json = false

  @Flag(help: "waybar's custom-module JSON: text, tooltip, class (ok, expiring, locked) and percentage.")
  var waybar = false

  @Flag(help: "i3blocks' persistent mode: one full_text line per change.")
  var i3blocks = false

  @OptionGroup var options: VaultOptions

  @OptionGroup var clock: ClockOptions

  func validate() throws {
    guard [format != nil, json, waybar, i3blocks].filter({ $0 }).count <= 1 else {
      throw ValidationError("Give at most one of --format, --json, --waybar and --i3blocks.")
    }
  }

  var style: WatchStyle {
    if json { return .json }
    if waybar { return .waybar }
    if i3blocks { return .i3blocks }
    return .format(format ?? WatchStyle.defaultFormat)
  }

  func run() throws {
    try Watcher(session: try options.writableSession(for: "watch"), queries: queries, style: style, clockOffset: clock.offset())
      .run()
  }
}
