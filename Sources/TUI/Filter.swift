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
    let (groups, text) = GroupFilter.split(query)
    let matcher = text.isEmpty ? nil : AccountMatcher(text)
    var buckets = [[Int]](repeating: [], count: 5)
    for index in order {
      if let allowed, !allowed[index] { continue }
      guard GroupFilter.matches(accounts[index].groupKeys, groups) else { continue }
      guard let matcher else {
        buckets[0].append(index)
        continue
      }
      guard let rank = matcher.rank(accounts[index].matchKey) else { continue }
      buckets[rank.rawValue].append(index)
    }
    return buckets.flatMap { $0 }
  }
}

/// The filter's group words: `#work` keeps the accounts in a group whose name starts with
/// "work" (ignoring case), so the list narrows as the name is typed; several such words must
/// all hold. The other words are the text query.
enum GroupFilter {
  /// The group words (without `#`, lowercased) and the rest of the query.
  static func split(_ query: String) -> (groups: [String], text: String) {
    var groups: [String] = []
    var words: [Substring] = []
    for word in query.split(separator: " ", omittingEmptySubsequences: false) {
      if word.hasPrefix("#") {
        groups.append(word.dropFirst().lowercased())
      } else {
        words.append(word)
      }
    }
    guard !groups.isEmpty else { return ([], query) }
    return (groups, words.filter { !$0.isEmpty }.joined(separator: " "))
  }

  /// Whether an account in `keys` (lowercased group names) passes every group word.
  static func matches(_ keys: [String], _ groups: [String]) -> Bool {
    groups.allSatisfy { group in keys.contains { $0.hasPrefix(group) } }
  }
}
