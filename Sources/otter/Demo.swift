import ArgumentParser
import Foundation
import OTPCore

/// `otter demo`: Otter on built-in, clearly fake accounts.
struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Open the viewer on the built-in demo accounts (fake secrets, no vault, no password).",
    discussion: "When standard output is not a terminal, or with --list or --at, prints the codes instead.")

  @Option(help: ArgumentHelp("Compute the codes for this Unix time instead of now (implies --list).", valueName: "UNIXTIME"))
  var at: Int64?

  @Flag(help: "Print the demo accounts and their codes instead of opening the viewer.")
  var list = false

  @Option(help: ArgumentHelp("Add this many seconds to the system clock when computing codes.", valueName: "SECONDS"))
  var clockOffset: Int64 = 0

  func run() throws {
    if !list && at == nil && isatty(1) != 0 && isatty(0) != 0 {
      try Viewer(source: try DemoViewerSource(), autoLockSeconds: 0, clockOffset: clockOffset).run(password: nil)
      return
    }
    let now = at ?? Int64(Date().timeIntervalSince1970.rounded(.down))
    let accounts = try DemoAccounts.load()
    var rows: [[String]] = [["ISSUER", "NAME", "TYPE", "CODE", "LEFT"]]
    for account in accounts {
      let generator = try OTPGenerator(account: account)
      let code: String
      let left: String
      if account.isTimeBased {
        code = CodeFormat.grouped(try generator.code(at: now))
        left = "\(TimeStep.remaining(at: now, period: account.period))s/\(account.period)s"
      } else {
        code = CodeFormat.grouped(generator.code(counter: account.counter))
        left = "counter \(account.counter)"
      }
      rows.append([
        Sanitizer.displayText(account.issuer), Sanitizer.displayText(account.name), account.kind.rawValue, code, left,
      ])
    }
    StandardOutput.shared.write(Table.render(rows))
  }
}

/// The demo accounts; `seeds/demo.uris` holds the same lines (a test keeps them equal).
enum DemoAccounts {
  static let uris = """
    # Otter demo accounts. Every secret here is fake and public: it is the base32 of a phrase
    # such as "otter-demo-...". Never add a real account to this file.
    otpauth://totp/Demo%20GitHub:ada%40example.com?secret=N52HIZLSFVSGK3LPFVTWS5DIOVRA&issuer=Demo%20GitHub
    otpauth://totp/Demo%20Cloud:grace%40example.org?secret=N52HIZLSFVSGK3LPFVRWY33VMQWXG2DBGI2TMII&issuer=Demo%20Cloud&algorithm=SHA256
    otpauth://totp/Demo%20Bank:alan?secret=N52HIZLSFVSGK3LPFVRGC3TLFU4C2ZDJM5UXI4Y&issuer=Demo%20Bank&digits=8
    otpauth://totp/Demo%20Mail:linus%40example.net?secret=N52HIZLSFVSGK3LPFVWWC2LMFU3DA4Y&issuer=Demo%20Mail&period=60
    otpauth://hotp/Demo%20VPN:margaret?secret=N52HIZLSFVSGK3LPFV3HA3RNNBXXI4A&issuer=Demo%20VPN&counter=0
    otpauth://steam/Demo%20Steam:barbara?secret=N52HIZLSFVSGK3LPFVZXIZLBNUWWO5LBOJSA&issuer=Demo%20Steam

    """

  static func load() throws -> [OTPAccount] {
    try InputSource.lines(Array(uris.utf8)).filter { !$0.text.isEmpty && !$0.text.hasPrefix("#") }
      .map { try OTPAuthURI.parse($0.text).account }
  }
}
