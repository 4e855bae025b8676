import JSONCodec
import OTPCore

/// What `otter watch` prints: one line per change, as text with placeholders, JSON, waybar's
/// custom-module JSON or an i3blocks line. Pure: the loop (`Watcher`) decides when.
public enum WatchStyle: Equatable, Sendable {
  /// `{issuer} {name} {code} {remaining} {period}` filled per account; several accounts joined
  /// by two spaces.
  case format(String)
  /// `{"accounts":[{"issuer","name","code","remaining","period"}],"locked":false}`.
  case json
  /// waybar's `return-type: json`: `text`, `tooltip`, `class` (`ok`, `expiring` in the last 5
  /// seconds, `locked`) and `percentage` (time left of the first account's period).
  case waybar
  /// i3blocks' persistent mode: one `full_text` per line.
  case i3blocks

  /// The format a plain `otter watch` uses.
  public static let defaultFormat = "{issuer} {code} {remaining}s"
  /// The format of an i3blocks line.
  static let i3blocksFormat = "{issuer} {code}"

  /// Whether a line changes every second (the time left is in it), not only with the codes.
  public var usesRemaining: Bool {
    switch self {
    case .format(let format): format.contains("{remaining}")
    case .json, .waybar: true
    case .i3blocks: false
    }
  }
}

/// One account's code at one moment.
public struct WatchEntry: Equatable, Sendable {
  public var issuer: String
  public var name: String
  public var code: String
  public var remaining: Int
  public var period: Int

  public init(issuer: String, name: String, code: String, remaining: Int, period: Int) {
    self.issuer = issuer
    self.name = name
    self.code = code
    self.remaining = remaining
    self.period = period
  }
}

extension WatchStyle {
  /// The line for `entries` (without its newline). Issuers and names are sanitized.
  public func line(_ entries: [WatchEntry]) -> String {
    switch self {
    case .format(let format): entries.map { Self.fill(format, $0) }.joined(separator: "  ")
    case .i3blocks: entries.map { Self.fill(Self.i3blocksFormat, $0) }.joined(separator: "  ")
    case .json:
      JSON.object([
        (
          "accounts",
          .array(
            entries.map { entry in
              .object([
                ("issuer", .string(entry.issuer)), ("name", .string(entry.name)), ("code", .string(entry.code)),
                ("remaining", .integer(entry.remaining)), ("period", .integer(entry.period)),
              ])
            })
        ),
        ("locked", .bool(false)),
      ]).terminalSafeText
    case .waybar:
      JSON.object([
        ("text", .string(entries.map { Self.fill("{issuer} {code}", $0) }.joined(separator: "  "))),
        (
          "tooltip",
          .string(
            entries.map { Self.fill("{issuer}: {name} — {code} ({remaining} s left)", $0) }.joined(separator: "\n"))
        ),
        ("class", .string(entries.contains { $0.remaining <= 5 } ? "expiring" : "ok")),
        ("percentage", .integer(entries.first.map { $0.remaining * 100 / max(1, $0.period) } ?? 0)),
      ]).terminalSafeText
    }
  }

  /// The line said while the agent holds no key for the vault.
  public var lockedLine: String {
    switch self {
    case .format, .i3blocks: "locked (otter unlock)"
    case .json: JSON.object([("accounts", .array([])), ("locked", .bool(true))]).terminalSafeText
    case .waybar:
      JSON.object([
        ("text", .string("locked")), ("tooltip", .string("the vault is locked: otter unlock")), ("class", .string("locked")),
        ("percentage", .integer(0)),
      ]).terminalSafeText
    }
  }

  /// `format` with each placeholder replaced, in one pass: a label holding `{code}` stays text.
  static func fill(_ format: String, _ entry: WatchEntry) -> String {
    let values = [
      "{issuer}": Sanitizer.displayText(entry.issuer), "{name}": Sanitizer.displayText(entry.name), "{code}": entry.code,
      "{remaining}": "\(entry.remaining)", "{period}": "\(entry.period)",
    ]
    var result = ""
    var rest = format[...]
    while let open = rest.firstIndex(of: "{") {
      result += rest[..<open]
      if let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[open...close])] {
        result += value
        rest = rest[rest.index(after: close)...]
      } else {
        result += "{"
        rest = rest[rest.index(after: open)...]
      }
    }
    return result + rest
  }
}
