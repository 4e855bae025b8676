/// A line of visible text being edited, with a cursor: characters insert at the cursor;
/// Backspace deletes before it; Left and Right move it; Home or Ctrl-A and End or Ctrl-E jump;
/// Ctrl-U deletes to the start, Ctrl-K to the end, Ctrl-W the word before the cursor.
public struct TextField: Equatable, Sendable {
  public private(set) var characters: [Character]
  public private(set) var cursor: Int

  public init(_ text: String = "") {
    characters = Array(text)
    cursor = characters.count
  }

  public var text: String { String(characters) }

  /// Applies `key`: `.done` for Enter, `.cancelled` for Esc, else `.editing`.
  public mutating func apply(_ key: Key) -> LineEdit<Void> {
    switch key {
    case .enter: return .done(())
    case .escape: return .cancelled
    case .character(let character):
      characters.insert(character, at: cursor)
      cursor += 1
    case .backspace:
      if cursor > 0 {
        characters.remove(at: cursor - 1)
        cursor -= 1
      }
    case .left: cursor = max(0, cursor - 1)
    case .right: cursor = min(characters.count, cursor + 1)
    case .home, .control("a"): cursor = 0
    case .end, .control("e"): cursor = characters.count
    case .control("u"):
      characters.removeSubrange(0..<cursor)
      cursor = 0
    case .control("k"): characters.removeSubrange(cursor...)
    case .control("w"):
      var start = cursor
      while start > 0 && characters[start - 1] == " " { start -= 1 }
      while start > 0 && characters[start - 1] != " " { start -= 1 }
      characters.removeSubrange(start..<cursor)
      cursor = start
    default: break
    }
    return .editing(())
  }

  /// The text before and after the cursor, for drawing the cursor between them.
  public var split: (before: String, after: String) {
    (String(characters[..<cursor]), String(characters[cursor...]))
  }
}

/// The viewer's edit screen (`e`): the fields `otter edit` changes, one at a time.
public struct EditForm: Equatable, Sendable {
  /// What a field holds, for checking what was typed.
  public enum Kind: Equatable, Sendable {
    case text, number, counter, algorithm, yesNo
  }

  public struct Field: Equatable, Sendable {
    public let label: String
    public let kind: Kind
    public var value: TextField
  }

  public let id: UUIDText
  public var fields: [Field]
  public var current = 0
  public var error: String?
  /// The field the error is about (drawn beside it), or nil for the form as a whole.
  public var errorField: Int?

  /// A form for `entry` with its current settings.
  init(_ entry: ViewerAccount) {
    id = entry.id
    let account = entry.account
    var fields = [
      Field(label: "Issuer", kind: .text, value: TextField(account.issuer)),
      Field(label: "Name", kind: .text, value: TextField(account.name)),
      Field(label: "Note", kind: .text, value: TextField(entry.note)),
    ]
    if account.kind != .steam { fields.append(Field(label: "Digits", kind: .number, value: TextField(String(account.digits)))) }
    if account.isTimeBased { fields.append(Field(label: "Period", kind: .number, value: TextField(String(account.period)))) }
    if account.kind == .hotp { fields.append(Field(label: "Counter", kind: .counter, value: TextField(String(account.counter)))) }
    fields.append(Field(label: "Algorithm", kind: .algorithm, value: TextField(account.algorithm.rawValue)))
    fields.append(Field(label: "Favourite", kind: .yesNo, value: TextField(entry.favourite ? "yes" : "no")))
    fields.append(Field(label: "Groups", kind: .text, value: TextField(entry.groups.joined(separator: ", "))))
    self.fields = fields
  }
}
