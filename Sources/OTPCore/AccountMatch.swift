/// How well a query names an account, best first. The viewer's filter, `otter code QUERY` and
/// `otter qr QUERY` rank with this one order.
public enum MatchRank: Int, Comparable, Sendable {
  /// The query is the issuer, the name, or `issuer:name` (letter case aside).
  case exact
  /// One of them starts with the query.
  case prefix
  /// A word of one of them starts with the query (after a space, `.`, `@`, `-`, `_` or `:`).
  case wordStart
  /// One of them contains the query.
  case substring
  /// The query's characters appear in order in "issuer name" (spaces in the query ignored).
  case fuzzy

  public static func < (a: MatchRank, b: MatchRank) -> Bool { a.rawValue < b.rawValue }
}

/// An account's issuer and name prepared for ranking: lower-cased scalars, made once.
public struct MatchKey: Sendable {
  let issuer: [Unicode.Scalar]
  let name: [Unicode.Scalar]
  let label: [Unicode.Scalar]
  let combined: [Unicode.Scalar]

  public init(issuer: String, name: String) {
    self.issuer = Array(issuer.lowercased().unicodeScalars)
    self.name = Array(name.lowercased().unicodeScalars)
    label = self.issuer + [":"] + self.name
    combined = self.issuer + [" "] + self.name
  }
}

/// A query, prepared once and ranked against many accounts.
public struct AccountMatcher: Sendable {
  let query: [Unicode.Scalar]
  let fuzzy: [Unicode.Scalar]
  let hasColon: Bool

  /// `text` as typed; letter case is ignored.
  public init(_ text: String) {
    query = Array(text.lowercased().unicodeScalars)
    fuzzy = query.filter { $0 != " " }
    hasColon = query.contains(":")
  }

  public var isEmpty: Bool { query.isEmpty }

  /// How well the query names the account of `key`, or nil when it does not match at all.
  public func rank(_ key: MatchKey) -> MatchRank? {
    guard !query.isEmpty else { return .exact }
    let issuer = Self.rank(query, in: key.issuer)
    if issuer == .exact { return .exact }
    let name = Self.rank(query, in: key.name)
    if name == .exact { return .exact }
    var best = [issuer, name].compactMap { $0 }.min()
    // Only a query with a colon can match `issuer:name` better than the two parts alone.
    if hasColon, let label = Self.rank(query, in: key.label) { best = min(best ?? label, label) }
    if let best { return best }
    return Self.isSubsequence(fuzzy, of: key.combined) ? .fuzzy : nil
  }

  /// The best of exact, prefix, word start and substring for `query` in `text`.
  static func rank(_ query: [Unicode.Scalar], in text: [Unicode.Scalar]) -> MatchRank? {
    guard query.count <= text.count else { return nil }
    if query.count == text.count { return query == text ? .exact : nil }
    var best: MatchRank?
    var start = 0
    while start + query.count <= text.count {
      if text[start] == query[0] && text[start..<(start + query.count)].elementsEqual(query) {
        if start == 0 { return .prefix }
        if isSeparator(text[start - 1]) { return .wordStart }
        best = .substring
      }
      start += 1
    }
    return best
  }

  static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
    scalar == " " || scalar == "." || scalar == "@" || scalar == "-" || scalar == "_" || scalar == ":"
  }

  static func isSubsequence(_ pattern: [Unicode.Scalar], of text: [Unicode.Scalar]) -> Bool {
    var position = 0
    for scalar in pattern {
      while position < text.count && text[position] != scalar { position += 1 }
      guard position < text.count else { return false }
      position += 1
    }
    return true
  }
}
