import ArgumentParser
import OtterKit

/// `otter type`: the current code typed into the focused window.
struct TypeCode: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "type",
    abstract: "Type an account's current code into the focused window (wtype on Wayland, xdotool on X11, else ydotool).",
    discussion: """
      Bind it to a key. A code with less than 3 s left is not typed: the next one is, when it \
      comes (said on stderr). An HOTP account's counter is advanced first, as otter code does.
      """)

  @Argument(help: "The account, as issuer:name or a unique part of it.", completion: .custom(AccountCompletion.complete))
  var query: String

  @Flag(help: "Press Enter after the code.")
  var enter = false

  @OptionGroup var options: VaultOptions

  @OptionGroup var clock: ClockOptions

  func run() throws {
    let (account, _) = try options.accounts.accountForCodes(query, count: 1, timeGiven: false)
    _ = try CodeTyping.type(account, enter: enter, now: { [offset = clock.offset()] in currentTime() + offset })
  }
}
