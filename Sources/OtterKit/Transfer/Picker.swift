import OTPCore
import Posix
import Vault

/// `otter pick`: the accounts' names (never codes or secrets) in a launcher menu — fzf, rofi,
/// wofi, fuzzel, bemenu, dmenu — or Otter's own ranked picker on the terminal; the account
/// chosen is returned for its code to be typed, copied or printed.
public enum Picker {
  /// The menus `--menu` takes.
  public static let menus = ["fzf", "rofi", "wofi", "fuzzel", "bemenu", "dmenu", "builtin"]

  /// A menu's command line: it reads the names on standard input and prints the one chosen.
  static func command(_ menu: String) -> [String] {
    switch menu {
    case "fzf": ["fzf", "--prompt", "otter> ", "--no-multi"]
    case "rofi": ["rofi", "-dmenu", "-i", "-p", "otter"]
    case "wofi": ["wofi", "--dmenu", "-i", "-p", "otter"]
    case "fuzzel": ["fuzzel", "--dmenu", "--prompt", "otter> "]
    case "bemenu": ["bemenu", "-i", "-p", "otter"]
    default: ["dmenu", "-i", "-p", "otter"]
    }
  }

  /// The menu for this session: Wayland fuzzel, wofi, bemenu; X11 rofi, dmenu; a terminal
  /// fzf, then Otter's own.
  public static func defaultMenu(environment: [String: String] = Environment.all, terminal: Bool = TerminalPrompt.isAvailable)
    -> String?
  {
    func present(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
    var candidates: [String] = []
    if present("WAYLAND_DISPLAY") { candidates += ["fuzzel", "wofi", "bemenu"] }
    if present("DISPLAY") { candidates += ["rofi", "dmenu"] }
    if terminal { candidates += ["fzf"] }
    if let found = candidates.first(where: { ChildProcess.exists($0) }) { return found }
    return terminal ? "builtin" : nil
  }

  /// The names shown, one per account in display order, made unique (`(2)` after a repeat).
  static func names(_ records: [VaultRecord]) -> [String] {
    var seen: [String: Int] = [:]
    return records.map { record in
      let base = Sanitizer.displayText(
        record.account.issuer.isEmpty ? record.account.name : "\(record.account.issuer): \(record.account.name)")
      let count = (seen[base] ?? 0) + 1
      seen[base] = count
      return count == 1 ? base : "\(base) (\(count))"
    }
  }

  /// The account chosen in `menu`, or nil when the menu was dismissed.
  public static func pick(from contents: VaultContents, menu: String) throws(OtterFailure) -> VaultRecord? {
    let records = contents.displayOrder.map { contents.records[$0] }
    guard !records.isEmpty else { throw OtterFailure(.noInput, "the vault has no accounts to pick from") }
    let shown = names(records)
    if menu == "builtin" { return try builtin(records, names: shown) }
    guard ChildProcess.exists(command(menu)[0]) else {
      throw OtterFailure(.unavailable, "\(menu) is not installed; --menu takes \(menus.joined(separator: ", "))")
    }
    let input = Array((shown.joined(separator: "\n") + "\n").utf8)
    guard let finished = ChildProcess.run(command(menu), input: input, limit: 64 << 10, errors: .inherit) else {
      throw OtterFailure(.ioError, "cannot run \(menu)")
    }
    // dmenu-like menus exit 1 when dismissed.
    guard finished.status == 0 else { return nil }
    let answer = String(decoding: finished.output, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
    guard let index = shown.firstIndex(of: answer) else { return nil }
    return records[index]
  }

  /// Otter's own picker on the terminal: type part of a name (ranked as the viewer's filter
  /// and `otter code` rank), then a number when several match; an empty line cancels.
  static func builtin(_ records: [VaultRecord], names: [String]) throws(OtterFailure) -> VaultRecord? {
    var query = try TerminalPrompt.ask("Pick an account (part of its name; empty to cancel): ")
    while true {
      query = query.trimmingSpaces
      guard !query.isEmpty else { return nil }
      let matcher = AccountMatcher(query)
      let ranked = records.indices.compactMap { index -> (MatchRank, Int)? in
        let account = records[index].account
        return matcher.rank(MatchKey(issuer: account.issuer, name: account.name)).map { ($0, index) }
      }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
      if ranked.isEmpty {
        query = try TerminalPrompt.ask("No account matches; try again (empty to cancel): ")
        continue
      }
      if ranked.count == 1 || ranked[0].0 < ranked[1].0 { return records[ranked[0].1] }
      let listed = ranked.prefix(20).enumerated().map { "  \($0.offset + 1)  \(names[$0.element.1])" }
      let answer = try TerminalPrompt.ask(listed.joined(separator: "\n") + "\nNumber, or more of the name: ")
      if let number = Int(answer.trimmingSpaces), (1...min(20, ranked.count)).contains(number) {
        return records[ranked[number - 1].1]
      }
      query = answer
    }
  }
}

extension String {
  var trimmingSpaces: String {
    var text = Substring(self)
    while text.first?.isWhitespace == true { text = text.dropFirst() }
    while text.last?.isWhitespace == true { text = text.dropLast() }
    return String(text)
  }
}
