import OTPCore

/// Fuzzy matching for the `/` filter: every character of the query appears in the text, in
/// order, ignoring case ("gh" finds "GitHub"). Spaces in the query are ignored.
public enum FuzzyFilter {
  public static func matches(_ query: String, in text: String) -> Bool {
    matches(pattern(query), in: Array(text.lowercased().unicodeScalars))
  }

  /// The query as the scalars to find, lower-cased, spaces dropped.
  static func pattern(_ query: String) -> [Unicode.Scalar] {
    query.lowercased().unicodeScalars.filter { $0 != " " }
  }

  static func matches(_ pattern: [Unicode.Scalar], in text: [Unicode.Scalar]) -> Bool {
    var position = 0
    for scalar in pattern {
      while position < text.count && text[position] != scalar { position += 1 }
      guard position < text.count else { return false }
      position += 1
    }
    return true
  }

  /// The display order of `accounts` (the one `otter list` uses too).
  static func order(_ accounts: [ViewerAccount]) -> [Int] {
    DisplayOrderKey.order(accounts.map(\.sortKey))
  }

  /// The entries of `candidates` whose account matches `query`.
  static func visible(_ accounts: [ViewerAccount], order candidates: [Int], query: String) -> [Int] {
    guard !query.isEmpty else { return candidates }
    let wanted = pattern(query)
    return candidates.filter { matches(wanted, in: accounts[$0].searchScalars) }
  }
}
