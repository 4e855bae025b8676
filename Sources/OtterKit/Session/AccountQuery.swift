import OTPCore
import Vault

/// Finding the one account a command names.
public enum AccountQuery {
  /// The one account `query` names.
  ///
  /// - Throws: `OtterFailure` with status 1 when none or several match (listing them).
  public static func single(_ query: String, in contents: VaultContents) throws(OtterFailure) -> VaultRecord {
    let found = contents.matches(query)
    if found.count == 1 { return found[0] }
    if found.isEmpty { throw OtterFailure(.ambiguous, "no account matches \"\(Sanitizer.quoted(query, limit: 60))\"") }
    let names = found.map { "  " + Sanitizer.displayText($0.label) }.joined(separator: "\n")
    throw OtterFailure(
      .ambiguous, "\"\(Sanitizer.quoted(query, limit: 60))\" matches \(found.count) accounts; be more specific:\n\(names)")
  }
}

/// otpauth URIs read from standard input or a file.
public enum URIInput {
  /// The single URI at `source` as written (trimmed) and parsed, printing any warnings.
  ///
  /// - Throws: `OtterFailure` 65 when the source holds no URI or an invalid one, 66/74 when it
  ///   cannot be read.
  public static func single(from source: String) throws(OtterFailure) -> (account: OTPAccount, text: String) {
    let input = try InputSource.read(source)
    let origin = InputSource.name(of: source)
    guard let line = InputSource.firstLine(input) else {
      throw OtterFailure(.dataError, "\(origin) holds no otpauth URI")
    }
    do {
      let parsed = try OTPAuthURI.parse(line)
      for warning in parsed.warnings { StandardError.warn("\(warning)") }
      return (parsed.account, line)
    } catch {
      throw OtterFailure(.dataError, "\(origin): \(error)")
    }
  }

  /// The accounts of numbered URI lines, or every bad line's problem (nothing is taken then).
  ///
  /// - Throws: `OtterFailure` 65 listing each bad line, or when no line holds a URI.
  public static func accounts(_ lines: [(number: Int, text: String)]) throws(OtterFailure) -> [OTPAccount] {
    var accounts: [OTPAccount] = []
    var problems: [String] = []
    for line in lines {
      do {
        let parsed = try OTPAuthURI.parse(line.text)
        for warning in parsed.warnings { StandardError.warn("line \(line.number): \(warning)") }
        accounts.append(parsed.account)
      } catch {
        problems.append("line \(line.number): \(error)")
      }
    }
    guard problems.isEmpty else {
      throw OtterFailure(.dataError, problems.joined(separator: "\notter: ") + "\notter: nothing was added")
    }
    guard !accounts.isEmpty else { throw OtterFailure(.dataError, "no otpauth URI was given; nothing was added") }
    return accounts
  }
}
