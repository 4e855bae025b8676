import OTPCore

/// The `/` filter: the accounts a query matches, best match first (`MatchRank`: exact, prefix,
/// word start, substring, then fuzzy), favourites first within a rank, then the display order.
public enum RankedFilter {
  /// The display order of `accounts` (the one `otter list` uses too).
  static func order(_ accounts: [ViewerAccount]) -> [Int] {
    DisplayOrderKey.order(accounts.map(\.sortKey))
  }

  /// The accounts (walked in display `order`) that `query` matches, best rank first and in
  /// display order within a rank: one pass into five buckets, no sort.
  ///
  /// - Parameter allowed: when the query only grew, the accounts the shorter one matched (a
  ///   longer query can only match fewer); nil for all.
  static func visible(_ accounts: [ViewerAccount], order: [Int], allowed: [Bool]?, query: String) -> [Int] {
    guard !query.isEmpty else { return order }
    let matcher = AccountMatcher(query)
    var buckets = [[Int]](repeating: [], count: 5)
    for index in order {
      if let allowed, !allowed[index] { continue }
      guard let rank = matcher.rank(accounts[index].matchKey) else { continue }
      buckets[rank.rawValue].append(index)
    }
    return buckets.flatMap { $0 }
  }
}
