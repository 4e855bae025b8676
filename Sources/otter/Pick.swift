import ArgumentParser
import OtterKit

/// `otter pick`: choose an account in a menu, then type, copy or print its code.
struct Pick: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pick",
    abstract:
      "Choose an account in a menu (fzf, rofi, wofi, fuzzel, bemenu, dmenu, or Otter's own), then copy, type or print its code.",
    discussion: """
      The menu gets the accounts' names only ("issuer: name", in Otter's display order), never \
      a code or a secret. The default menu is the first found for the session: Wayland fuzzel, \
      wofi, bemenu; X11 rofi, dmenu; a terminal fzf, then builtin.
      """)

  @Option(help: ArgumentHelp("fzf, rofi, wofi, fuzzel, bemenu, dmenu or builtin.", valueName: "MENU"))
  var menu: String?

  @Flag(help: "Type the code into the focused window (otter type).")
  var type = false

  @Flag(help: "Copy the code to the clipboard (the default; cleared 30 s later).")
  var copy = false

  @Flag(help: "Print the code.")
  var print = false

  @OptionGroup var options: VaultOptions

  @OptionGroup var clock: ClockOptions

  func validate() throws {
    if let menu, !Picker.menus.contains(menu) { throw ValidationError("--menu takes \(Picker.menus.joined(separator: ", ")).") }
    if [type, copy, print].filter({ $0 }).count > 1 { throw ValidationError("Give one of --type, --copy and --print.") }
  }

  func run() throws {
    guard let chosenMenu = menu ?? Picker.defaultMenu() else {
      throw OtterFailure(
        .unavailable, "no menu for this session: install fuzzel, wofi or bemenu (Wayland), rofi or dmenu (X11), or fzf")
    }
    let accounts = options.accounts
    guard let record = try Picker.pick(from: try accounts.contents(), menu: chosenMenu) else { throw ExitCode(1) }
    let (account, id) = try accounts.accountForCodes(record, count: 1, timeGiven: false)
    if type {
      _ = try CodeTyping.type(account, enter: false, now: { [offset = clock.offset()] in currentTime() + offset })
      return
    }
    let printer = CodePrinter(count: 1, json: false, timeGiven: false, copy: !print)
    try printer.print(account, now: account.isTimeBased ? clock.now() : 0, id: id)
    StandardOutput.shared.flush()
  }
}
