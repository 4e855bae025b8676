import OTPCore

/// The demo accounts; `seeds/demo.uris` holds the same lines (a test keeps them equal).
public enum DemoAccounts {
  public static let uris = """
    # Otter demo accounts. Every secret here is fake and public: it is the base32 of a phrase
    # such as "otter-demo-...". Never add a real account to this file.
    otpauth://totp/Demo%20GitHub:ada%40example.com?secret=N52HIZLSFVSGK3LPFVTWS5DIOVRA&issuer=Demo%20GitHub
    otpauth://totp/Demo%20Cloud:grace%40example.org?secret=N52HIZLSFVSGK3LPFVRWY33VMQWXG2DBGI2TMII&issuer=Demo%20Cloud&algorithm=SHA256
    otpauth://totp/Demo%20Bank:alan?secret=N52HIZLSFVSGK3LPFVRGC3TLFU4C2ZDJM5UXI4Y&issuer=Demo%20Bank&digits=8
    otpauth://totp/Demo%20Mail:linus%40example.net?secret=N52HIZLSFVSGK3LPFVWWC2LMFU3DA4Y&issuer=Demo%20Mail&period=60
    otpauth://hotp/Demo%20VPN:margaret?secret=N52HIZLSFVSGK3LPFV3HA3RNNBXXI4A&issuer=Demo%20VPN&counter=0
    otpauth://steam/Demo%20Steam:barbara?secret=N52HIZLSFVSGK3LPFVZXIZLBNUWWO5LBOJSA&issuer=Demo%20Steam

    """

  /// The accounts of `uris`.
  public static func load() throws(OtterFailure) -> [OTPAccount] {
    do {
      return try InputSource.dataLines(Array(uris.utf8)).map { line throws(URIError) in try OTPAuthURI.parse(line.text).account }
    } catch {
      throw OtterFailure(.dataError, "a demo account is invalid: \(error)")
    }
  }

  /// What `otter demo --list` prints: each account with its code at `time`.
  public static func table(at time: Int64) throws(OtterFailure) -> String {
    var rows: [[String]] = [["ISSUER", "NAME", "TYPE", "CODE", "LEFT"]]
    for account in try load() {
      let code: String
      let left: String
      do {
        let generator = try OTPGenerator(account: account)
        if account.isTimeBased {
          code = CodeFormat.grouped(try generator.code(at: time))
          left = "\(TimeStep.remaining(at: time, period: account.period))s/\(account.period)s"
        } else {
          code = CodeFormat.grouped(generator.code(counter: account.counter))
          left = "counter \(account.counter)"
        }
      } catch {
        throw OtterFailure(.dataError, "\(error)")
      }
      rows.append([
        Sanitizer.displayText(account.issuer), Sanitizer.displayText(account.name), account.kind.rawValue, code, left,
      ])
    }
    return Table.render(rows)
  }
}
