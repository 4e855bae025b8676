/// Fuzzy matching for the `/` filter: every character of the query appears in the text, in
/// order, ignoring case ("gh" finds "GitHub"). Spaces in the query are ignored.
public enum FuzzyFilter {
  public static func matches(_ query: String, in text: String) -> Bool {
    var remaining = text.unicodeScalars[...]
    for scalar in query.lowercased().unicodeScalars where scalar != " " {
      guard let found = remaining.firstIndex(of: scalar) else { return false }
      remaining = remaining[remaining.index(after: found)...]
    }
    return true
  }

  /// The display order of `accounts`: favourites first, then by issuer and name.
  static func order(_ accounts: [ViewerAccount]) -> [Int] {
    accounts.indices.sorted {
      let a = accounts[$0]
      let b = accounts[$1]
      if a.favourite != b.favourite { return a.favourite }
      return (a.sortKey, a.id) < (b.sortKey, b.id)
    }
  }

  /// The entries of `order` whose account matches `query`.
  static func visible(_ accounts: [ViewerAccount], order: [Int], query: String) -> [Int] {
    guard !query.isEmpty else { return order }
    return order.filter { matches(query, in: accounts[$0].searchText) }
  }
}
