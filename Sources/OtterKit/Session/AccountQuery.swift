import OTPCore
import Vault

/// Finding the one account a command names, with the ranking the viewer's filter uses.
public enum AccountQuery {
  /// The one account `query` names: the only one at the best rank (`MatchRank`: exact issuer,
  /// name or `issuer:name`, then prefix, word start, substring, fuzzy).
  ///
  /// - Throws: `OtterFailure` with status 1 when none match, or several match equally well
  ///   (they are listed); 64 when the query is an otpauth URI or looks like a bare secret.
  public static func single(_ query: String, in contents: VaultContents) throws(OtterFailure) -> VaultRecord {
    let matcher = AccountMatcher(query)
    var best: MatchRank?
    var found: [VaultRecord] = []
    for index in contents.displayOrder {
      let record = contents.records[index]
      guard let rank = matcher.rank(MatchKey(issuer: record.account.issuer, name: record.account.name)) else { continue }
      if let current = best, rank > current { continue }
      if let current = best, rank == current {
        found.append(record)
      } else {
        best = rank
        found = [record]
      }
    }
    if found.count == 1 { return found[0] }
    if found.isEmpty {
      if OTPAuthURI.looksLikeBareSecret(Array(query.utf8)) {
        throw OtterFailure(
          .usage, "that looks like a secret, not the name of an account; add it with `otter add --issuer … --name …`")
      }
      throw OtterFailure(.ambiguous, "no account matches \"\(Sanitizer.quoted(query, limit: 60))\"")
    }
    let names = found.map { "  " + Sanitizer.displayText($0.label) }.joined(separator: "\n")
    throw OtterFailure(
      .ambiguous,
      "\"\(Sanitizer.quoted(query, limit: 60))\" matches \(found.count) accounts equally well; be more specific:\n\(names)")
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

  /// The accounts of numbered URI lines, and the problem of each bad line ("line 3: …"); a
  /// line's warnings are printed.
  public static func accounts(_ lines: [(number: Int, text: String)]) -> (
    accounts: [OTPAccount], problems: [String]
  ) {
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
    return (accounts, problems)
  }
}
