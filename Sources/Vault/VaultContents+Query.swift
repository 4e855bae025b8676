import FoundationEssentials
import OTPCore

extension VaultRecord {
  /// How the account is named in queries and listings: `issuer:name`, or `name` alone.
  public var label: String { account.issuer.isEmpty ? account.name : account.issuer + ":" + account.name }
}

extension VaultContents {
  /// Whether an account with the same secret, issuer and name is already stored.
  public func containsDuplicate(of account: OTPAccount) -> Bool {
    records.contains {
      $0.account.issuer == account.issuer && $0.account.name == account.name
        && $0.account.secret.constantTimeEquals(account.secret)
    }
  }

  /// The records in display order (`DisplayOrderKey`): favourites first, then by issuer and name.
  public var sortedRecords: [VaultRecord] { displayOrder.map { records[$0] } }

  /// The indices of `records` in display order (see `sortedRecords`), for callers that would
  /// rather not copy the records.
  public var displayOrder: [Int] {
    // Sort indices by keys computed once per record: records are large values, and moving
    // them around during the sort costs more than the comparisons.
    DisplayOrderKey.order(
      records.map { DisplayOrderKey(issuer: $0.account.issuer, name: $0.account.name, favourite: $0.favourite) })
  }
}
