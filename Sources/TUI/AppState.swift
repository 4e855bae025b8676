import OTPCore
import QRCodeArt

/// What the viewer is doing besides showing the list.
public enum Mode: Equatable, Sendable {
  case list
  /// Typing a filter (each key filters at once).
  case filtering
  case help
  /// An account's enrollment QR code, full screen.
  case qr(id: UUIDText)
  case confirmDelete(id: UUIDText)
  /// Asked before a QR code is shown: it reveals the secret (and `Q` is one Shift from `q`).
  case confirmQR(id: UUIDText)
  /// Pasting an otpauth URI; the text is never drawn (it holds a secret).
  case adding(text: SecretField, error: String?)
  /// A bare secret was pasted: its issuer and name are asked next (`onName` once the issuer
  /// was entered).
  case namingSecret(secret: SecretField, issuer: TextField, name: TextField, onName: Bool, error: String?)
  /// Editing an account's settings (`e`).
  case editing(EditForm)
  /// The vault is locked (or not yet opened): a password is typed, never drawn.
  case locked(password: SecretField, message: String?, triesLeft: Int)
  /// No vault exists: asked whether to create one, then for a new password twice.
  case offerCreate
  /// A new vault's password, typed twice; `shortAccepted` once a short one was confirmed.
  case creating(password: SecretField, first: SecretField?, message: String?, shortAccepted: Bool)
}

/// An account's enrollment QR code as the QR screen draws it: rendered once, when the screen
/// opens, not in every frame.
public struct RenderedQR: Sendable, Equatable {
  public let id: UUIDText
  /// The rows of block (or ASCII) art, or nil when the URI does not fit in a QR code.
  public let art: [String]?
  /// The width of the art in cells.
  public let width: Int

  init(_ entry: ViewerAccount, unicode: Bool) {
    id = entry.id
    let style: QRRenderer.Style = unicode ? .halfBlocks : .ascii
    var uri = OTPAuthURI.formatUTF8(entry.account)
    defer { for index in uri.indices { uri[index] = 0 } }
    if let matrix = try? QREncoder.encode(utf8: uri, level: .medium) {
      art = QRRenderer.lines(matrix, style: style)
      width = QRRenderer.width(of: matrix, style: style)
    } else {
      art = nil
      width = 0
    }
  }
}

/// What the account list needs room for (see `AppState.listWidths`).
public struct ListWidths: Sendable, Equatable {
  public var issuer = 0
  public var name = 0
  public var code = 7
  public var ownBar = false
}

/// The whole state of the viewer. `reduce` changes it; `render` draws it.
public struct AppState: Sendable {
  public var accounts: [ViewerAccount] = [] {
    didSet { reorder() }
  }
  public private(set) var order: [Int] = []
  /// The accounts shown: all in display order, or those the filter matches, best first.
  public private(set) var visible: [Int] = []
  public var filter = "" {
    didSet {
      // Typing narrows: a longer query can only match accounts the shorter one matched.
      var allowed: [Bool]?
      if filter.hasPrefix(oldValue) && !oldValue.isEmpty {
        var mask = [Bool](repeating: false, count: accounts.count)
        for index in visible { mask[index] = true }
        allowed = mask
      }
      visible = RankedFilter.visible(accounts, order: order, allowed: allowed, query: filter)
    }
  }
  /// The period most time-based accounts share (its countdown is drawn once, in the header).
  public private(set) var commonPeriod: Int?
  /// The widths the account list needs, from every account (not only the rows on screen, so
  /// nothing moves while scrolling): the widest issuer and name in cells, the widest code, and
  /// whether any time-based account has a period of its own (and a bar in its row).
  public private(set) var listWidths = ListWidths()
  public var mode: Mode = .list
  /// The first line of the help screen shown (it scrolls on a small terminal).
  public var helpScroll = 0
  /// The selected row among `visible`.
  public var selection = 0
  /// The first visible row drawn.
  public var scroll = 0
  /// The current Unix time as the codes use it: system time plus `clockOffset`.
  public var now: Int64 = 0
  public var clockOffset: Int64 = 0
  /// Codes are drawn as dots on every row but the selected one (`--hide-codes`, `h`): for
  /// sharing the screen.
  public var hideCodes = false
  public var rows = 24
  public var columns = 80
  /// Seconds without a key before the codes are hidden and the password asked again; 0 never.
  public var autoLockSeconds: Int64 = 300
  public var lastInput: Int64 = 0
  public var status = ""
  /// A warning about the vault itself, shown until the next save.
  public var notice: String?
  /// Why the viewer ended, when the run loop must say so after the screen is gone: a message
  /// for standard error, and whether it is a failure (too many wrong passwords).
  public var exitNote: (message: String, failed: Bool)?
  public var statusUntil: Int64 = 0
  /// HOTP codes the user asked for with `n`, by account id.
  public var revealed: [UUIDText: String] = [:]
  /// The QR code on screen, rendered once when the QR screen opened.
  public var qr: RenderedQR?
  /// The code last copied and when to clear it: a desktop tool's clipboard (or tmux's
  /// buffer) only if it still holds the code, the terminal's (OSC 52) by overwriting it.
  public var clipboard: CopiedCode?
  public var vaultPath: String
  /// Whether the terminal draws UTF-8 (else ASCII bars and QR codes).
  public var unicode = true
  /// Whether the vault can be locked (the demo has no password).
  public var canLock = true

  /// What the status line says about a pending clear, with the seconds left now.
  public var clipboardStatus: String? {
    guard let copied = clipboard, copied.showing else { return nil }
    let left = max(copied.clearAt - now, 0)
    if copied.onTerminal {
      return "sent \(copied.label) to your terminal's clipboard (OSC 52) · overwritten in \(left) s; \(CopyRoute.terminalAdvice)"
    }
    return "copied \(copied.label) with \(copied.tool) · clears in \(left) s"
  }

  public init(vaultPath: String) {
    self.vaultPath = vaultPath
  }

  private mutating func reorder() {
    order = RankedFilter.order(accounts)
    visible = RankedFilter.visible(accounts, order: order, allowed: nil, query: filter)
    var counts: [Int: Int] = [:]
    for account in accounts where account.account.isTimeBased { counts[account.account.period, default: 0] += 1 }
    commonPeriod = counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
    var widths = ListWidths()
    for entry in accounts {
      widths.issuer = max(widths.issuer, CellWidth.of(entry.issuer))
      widths.name = max(widths.name, CellWidth.of(entry.name))
      let digits = entry.account.digits
      widths.code = max(widths.code, entry.account.kind == .steam ? 5 : digits + 1)
      if entry.account.isTimeBased && entry.account.period != commonPeriod { widths.ownBar = true }
    }
    listWidths = widths
  }

  /// The selected account, if any.
  public var selected: ViewerAccount? {
    guard selection >= 0, selection < visible.count else { return nil }
    return accounts[visible[selection]]
  }

  /// Rows available for accounts (the screen minus header, filter line and status).
  public var listRows: Int { max(rows - 2 - statusHeight, 1) }

  /// The account with `id`.
  public func account(_ id: UUIDText) -> ViewerAccount? { accounts.first { $0.id == id } }
}

/// A code on a clipboard, waiting to be cleared.
public struct CopiedCode: Equatable, Sendable {
  public var code: String
  public var label: String
  /// The desktop tool that holds it (`xclip`, `wl-copy`, `tmux`…); empty for OSC 52.
  public var tool: String
  /// The Unix time (as `AppState.now` counts) at which it is cleared.
  public var clearAt: Int64
  /// Whether it went to the terminal through OSC 52 (cannot be read back, only overwritten).
  public var onTerminal: Bool
  /// Whether the status line still speaks of it (until another message replaces it).
  public var showing = true

  public init(code: String, label: String, tool: String, clearAt: Int64, onTerminal: Bool) {
    self.code = code
    self.label = label
    self.tool = tool
    self.clearAt = clearAt
    self.onTerminal = onTerminal
  }

  /// The effect that clears it now.
  public var clearEffect: Effect { onTerminal ? .clearTerminalClipboard : .clearClipboard(code: code) }
}
