import CryptoPrimitives
import JSONCodec
import OTPCore

/// Bitwarden's unencrypted exports, JSON or CSV: items whose `login.totp` (the CSV's
/// `login_totp` column) is an otpauth URI, a bare base32 secret, or `steam://SECRET`.
public enum BitwardenImporter {
  /// Whether `bytes` start like Bitwarden's CSV export (a header row naming login_totp).
  public static func isCSV(_ bytes: [UInt8]) -> Bool {
    let firstLine = bytes.prefix(1024).split(separator: UInt8(ascii: "\n")).first.map { String(decoding: $0, as: UTF8.self) }
    return firstLine?.split(separator: ",").contains { $0.filter { $0 != "\r" && $0 != "\"" } == "login_totp" } ?? false
  }

  /// Whether `bytes` are Bitwarden's password-protected JSON export.
  public static func isPasswordProtected(_ bytes: [UInt8]) -> Bool {
    guard !isCSV(bytes), let json = try? JSON.parse(bytes) else { return false }
    return json["encrypted"]?.boolValue == true && json["passwordProtected"]?.boolValue == true
  }

  public static func read(_ bytes: [UInt8], password: SecretBytes? = nil, budget: KDFBudget = .default) throws(ImportError)
    -> [ImportItem]
  {
    if isCSV(bytes) { return readCSV(bytes) }
    var json = try EntryBuilder.parse(bytes, format: "Bitwarden")
    if json["encrypted"]?.boolValue == true {
      guard json["passwordProtected"]?.boolValue == true else {
        throw .malformed(
          "this Bitwarden export is encrypted with the account's own key; export it again as password-protected, or unencrypted")
      }
      json = try BitwardenProtected.open(json, password: try Sealed.require(password), budget: budget)
    }
    guard let items = json["items"]?.arrayValue else { throw .malformed("a Bitwarden export has an items list") }
    var result: [ImportItem] = []
    for (index, item) in items.enumerated() {
      guard let totp = item["login"]?["totp"]?.stringValue, !totp.isEmpty else { continue }
      result.append(
        entry(
          totp, issuer: item["name"]?.stringValue ?? "", name: item["login"]?["username"]?.stringValue ?? "",
          location: "item \(index + 1)"))
    }
    return result
  }

  /// The CSV export: a header row, then one row per item (rows without a TOTP are skipped).
  static func readCSV(_ bytes: [UInt8]) -> [ImportItem] {
    let rows = CSV.rows(String(decoding: bytes, as: UTF8.self))
    guard let header = rows.first, let totpColumn = header.firstIndex(of: "login_totp") else { return [] }
    let nameColumn = header.firstIndex(of: "name")
    let userColumn = header.firstIndex(of: "login_username")
    var result: [ImportItem] = []
    for (index, row) in rows.dropFirst().enumerated() where row.indices.contains(totpColumn) && !row[totpColumn].isEmpty {
      let field = { (column: Int?) in column.flatMap { row.indices.contains($0) ? row[$0] : nil } ?? "" }
      result.append(entry(row[totpColumn], issuer: field(nameColumn), name: field(userColumn), location: "row \(index + 2)"))
    }
    return result
  }

  /// One item's TOTP field as an account.
  static func entry(_ totp: String, issuer: String, name: String, location: String) -> ImportItem {
    if totp.lowercased().hasPrefix("otpauth://") {
      do { return ImportItem(location, .success(ImportedAccount(account: try OTPAuthURI.parseImported(totp).account))) } catch {
        return ImportItem(location, .failure(.from(error)))
      }
    }
    let steam = totp.lowercased().hasPrefix("steam://")
    return ImportItem(
      location,
      EntryBuilder.account(
        kind: steam ? "steam" : "totp", issuer: issuer, name: name, base32Secret: steam ? String(totp.dropFirst(8)) : totp,
        algorithm: nil, digits: nil, period: nil, counter: nil))
  }
}
