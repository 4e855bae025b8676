import OTPCore

/// A key press or mouse click, decoded by the terminal backend.
public enum Key: Equatable, Sendable {
  case character(Character)
  case up, down, left, right, pageUp, pageDown, home, end
  case enter, escape, backspace, tab
  /// Ctrl plus a letter, e.g. `.control("c")`.
  case control(Character)
  /// A mouse button press at a screen position (0-based).
  case click(row: Int, column: Int)
}

/// Everything that can happen to the viewer.
public enum Event: Sendable {
  case key(Key)
  /// The clock, once a second (and after every key): Unix time from the system clock.
  case tick(systemTime: Int64)
  case resize(rows: Int, columns: Int)
  /// The vault was opened: its accounts, ready to show.
  case unlocked([ViewerAccount])
  /// Opening or changing the vault failed; the message says why.
  case failed(String)
  /// The agent forgot the vault's key when `L` locked the viewer.
  case agentForgot
  /// A change was saved; `accounts` is the vault as saved; `select` is an account to select
  /// (one just added).
  case saved(message: String, accounts: [ViewerAccount], select: UUIDText? = nil)
  /// A code was put on the clipboard (or could not be) by `route`.
  case copied(label: String, code: String, route: CopyRoute)
  /// Something the user must know about the vault (an older copy was opened); it stays in the
  /// status line until the next save.
  case notice(String)
}

/// How a copied code reached a clipboard.
public enum CopyRoute: Equatable, Sendable {
  /// A desktop tool (wl-copy, xclip, xsel), which can read the clipboard back and clear it.
  case tool(String)
  /// The terminal, through OSC 52: it cannot be read back; it is overwritten on lock and quit.
  case terminal
  /// No route worked; the message says why.
  case unavailable(String)

  /// What a copy through OSC 52 adds, in words a user knows (the viewer and `otter code -c`).
  public static let terminalAdvice =
    "if nothing pastes, your terminal does not allow it: install wl-clipboard (Wayland) or xclip (X11)"
}

/// Work the run loop does on the reducer's behalf; the reducer itself does no I/O.
public enum Effect: Equatable, Sendable {
  case copy(code: String, label: String)
  /// Clear the clipboard if it still holds `code` (routes that can read back).
  case clearClipboard(code: String)
  /// Overwrite what was sent to the terminal's clipboard (OSC 52).
  case clearTerminalClipboard
  case advanceCounter(id: UUIDText)
  case toggleFavourite(id: UUIDText)
  case delete(id: UUIDText)
  case edit(id: UUIDText, changes: AccountChanges)
  case add(uri: SecretField)
  /// Add a time-based account (30 s, 6 digits, SHA-1) from a pasted bare secret.
  case addSecret(secret: SecretField, issuer: String, name: String)
  case unlock(password: SecretField)
  case create(password: SecretField)
  /// Forget the opened vault and every secret (auto-lock, or `L`).
  /// With `agent`, the agent (`otter unlock`) forgets the key too (`L`); auto-lock locks the
  /// viewer only, and leaves an `otter unlock --for` the user made alone.
  case lock(agent: Bool)
  case quit
}

/// An account id as text (lower-case UUID), so effects stay plain values.
public typealias UUIDText = String
