import ArgumentParser
import CryptoPrimitives
import OtterKit

/// `otter clipboard-clear`: the helper `otter code --copy` leaves behind to clear the clipboard
/// 30 s later. Not a user command (hidden from help, the man page and completions); the code
/// comes on standard input.
struct ClipboardClear: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "clipboard-clear",
    abstract: "The helper otter code --copy leaves to clear the clipboard in 30 s (not for direct use).",
    shouldDisplay: false)

  @Option(help: "tool or terminal.")
  var route: String

  @Option(help: "Seconds to wait first (at most 30).")
  var after: UInt32 = ClipboardClearing.seconds

  func run() throws {
    var input = try InputSource.read("-")
    defer { wipe(&input) }
    let code = String(decoding: input.prefix { $0 != 0x0A }, as: UTF8.self)
    guard !code.isEmpty, code.utf8.count <= 16 else { return }
    ClipboardClearing.clear(code, route: route, after: after)
  }
}
