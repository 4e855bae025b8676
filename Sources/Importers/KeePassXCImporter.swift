import OTPCore

/// The CSV of `keepassxc-cli export --format csv` (and KeePassXC's "Export to CSV"): a header
/// row `"Group","Title","Username","Password","URL","Notes","TOTP",…` and a row per entry; the
/// TOTP column holds the entry's otpauth URI (empty for entries without one, which are
/// skipped). The title is the issuer and the user name the name when the URI names none.
public enum KeePassXCImporter {
  /// Whether `bytes` start like KeePassXC's CSV export.
  public static func isCSV(_ bytes: [UInt8]) -> Bool {
    guard let line = bytes.prefix(1024).split(separator: UInt8(ascii: "\n")).first else { return false }
    let columns = CSV.rows(String(decoding: line, as: UTF8.self)).first ?? []
    return ["Group", "Title", "Username", "TOTP"].allSatisfy(columns.contains)
  }

  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    let rows = CSV.rows(String(decoding: bytes, as: UTF8.self))
    guard let header = rows.first, let totpColumn = header.firstIndex(of: "TOTP") else {
      throw .malformed("a KeePassXC CSV export has a TOTP column")
    }
    let titleColumn = header.firstIndex(of: "Title")
    let userColumn = header.firstIndex(of: "Username")
    let notesColumn = header.firstIndex(of: "Notes")
    var items: [ImportItem] = []
    for (index, row) in rows.dropFirst().enumerated() where row.indices.contains(totpColumn) && !row[totpColumn].isEmpty {
      let field = { (column: Int?) in column.flatMap { row.indices.contains($0) ? row[$0] : nil } ?? "" }
      let location = "row \(index + 2)"
      do {
        var account = try OTPAuthURI.parseImported(row[totpColumn]).account
        if account.issuer.isEmpty { account.issuer = field(titleColumn) }
        if account.name.isEmpty { account.name = field(userColumn) }
        items.append(ImportItem(location, .success(ImportedAccount(account: account, note: field(notesColumn)))))
      } catch {
        items.append(ImportItem(location, .failure(.from(error))))
      }
    }
    return items
  }
}
