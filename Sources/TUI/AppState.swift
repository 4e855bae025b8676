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
  /// Pasting an otpauth URI; the text is never drawn (it holds a secret).
  case adding(text: SecretField, error: String?)
  case editingIssuer(id: UUIDText, issuer: String, name: String)
  case editingName(id: UUIDText, issuer: String, name: String)
  /// The vault is locked (or not yet opened): a password is typed, never drawn.
  case locked(password: SecretField, message: String?, triesLeft: Int)
  /// No vault exists: asked whether to create one, then for a new password twice.
  case offerCreate
  case creating(password: SecretField, first: SecretField?, message: String?)
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

/// The whole state of the viewer. `reduce` changes it; `render` draws it.
public struct AppState: Sendable {
  public var accounts: [ViewerAccount] = [] {
    didSet { reorder() }
  }
  public private(set) var order: [Int] = []
  public private(set) var visible: [Int] = []
  public var filter = "" {
    didSet {
      // Typing narrows: a longer query can only match accounts the shorter one matched.
      let candidates = filter.hasPrefix(oldValue) && !oldValue.isEmpty ? visible : order
      visible = FuzzyFilter.visible(accounts, order: candidates, query: filter)
    }
  }
  /// The period most time-based accounts share (its countdown is drawn once, in the header).
  public private(set) var commonPeriod: Int?
  public var mode: Mode = .list
  /// The selected row among `visible`.
  public var selection = 0
  /// The first visible row drawn.
  public var scroll = 0
  /// The current Unix time as the codes use it: system time plus `clockOffset`.
  public var now: Int64 = 0
  public var clockOffset: Int64 = 0
  public var rows = 24
  public var columns = 80
  /// Seconds without a key before the codes are hidden and the password asked again; 0 never.
  public var autoLockSeconds: Int64 = 300
  public var lastInput: Int64 = 0
  public var status = ""
  /// A warning about the vault itself, shown until the next save.
  public var notice: String?
  public var statusUntil: Int64 = 0
  /// HOTP codes the user asked for with `n`, by account id.
  public var revealed: [UUIDText: String] = [:]
  /// The QR code on screen, rendered once when the QR screen opened.
  public var qr: RenderedQR?
  /// The code last copied with a desktop tool, and when to clear the clipboard if it still
  /// holds it.
  public var clipboard: (code: String, clearAt: Int64)?
  /// Whether a code was sent to the terminal's clipboard (OSC 52), which is overwritten when
  /// the viewer locks or quits.
  public var terminalClipboard = false
  public var vaultPath: String
  /// Whether the terminal draws UTF-8 (else ASCII bars and QR codes).
  public var unicode = true
  /// Whether the vault can be locked (the demo has no password).
  public var canLock = true

  public init(vaultPath: String) {
    self.vaultPath = vaultPath
  }

  private mutating func reorder() {
    order = FuzzyFilter.order(accounts)
    visible = FuzzyFilter.visible(accounts, order: order, query: filter)
    var counts: [Int: Int] = [:]
    for account in accounts where account.account.isTimeBased { counts[account.account.period, default: 0] += 1 }
    commonPeriod = counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
  }

  /// The selected account, if any.
  public var selected: ViewerAccount? {
    guard selection >= 0, selection < visible.count else { return nil }
    return accounts[visible[selection]]
  }

  /// Rows available for accounts (the screen minus header, filter line and status).
  public var listRows: Int { max(rows - 3, 1) }

  /// The account with `id`.
  public func account(_ id: UUIDText) -> ViewerAccount? { accounts.first { $0.id == id } }
}
