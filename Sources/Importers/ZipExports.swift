import CryptoPrimitives
import JSONCodec
import OTPCore
import ZipArchive

/// Proton Pass's export: a zip holding `Proton Pass/data.json` (or that file alone):
/// `{"encrypted": false, "vaults": {ID: {"name", "items": [{"state", "data": {"type",
/// "metadata": {"name", "note"}, "content": {"itemUsername" or "username", "itemEmail",
/// "totpUri"}}}]}}}` — the shape Bitwarden's importer of it reads. Items without a TOTP are
/// skipped; `totpUri` is an otpauth URI or a bare secret (then the item's name is the issuer).
public enum ProtonPassImporter {
  public static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    var text = bytes
    if ZipArchive.isArchive(bytes) {
      let entries: [(name: String, bytes: [UInt8])]
      do { entries = try ZipArchive.entries(of: bytes) } catch { throw .malformed("the Proton Pass archive: \(error)") }
      guard let data = entries.first(where: { isDataFile($0.name) }) else {
        throw .malformed("the Proton Pass archive holds no data.json")
      }
      text = data.bytes
    }
    defer { wipe(&text) }
    let json = try EntryBuilder.parse(text, format: "Proton Pass")
    guard json["encrypted"]?.boolValue != true else {
      throw .malformed("this Proton Pass export is encrypted with PGP; export it again without encryption")
    }
    guard case .object(let vaults)? = json["vaults"] else { throw .malformed("a Proton Pass export has its vaults") }
    var items: [ImportItem] = []
    for (_, vault) in vaults {
      for (index, item) in (vault["items"]?.arrayValue ?? []).enumerated() {
        guard let data = item["data"], let totp = data["content"]?["totpUri"]?.stringValue, !totp.isEmpty else { continue }
        let vaultName = vault["name"]?.stringValue ?? "vault"
        let content = data["content"]
        let name =
          [content?["itemUsername"], content?["username"], content?["itemEmail"]].compactMap { $0?.stringValue }.first {
            !$0.isEmpty
          }
          ?? ""
        items.append(
          BitwardenImporter.entry(
            totp, issuer: data["metadata"]?["name"]?.stringValue ?? "", name: name,
            location: "\(Sanitizer.quoted(vaultName, limit: 40)) item \(index + 1)"))
      }
    }
    return items
  }

  /// Whether an archive entry is Proton Pass's data file (`Proton Pass/data.json`).
  static func isDataFile(_ name: String) -> Bool { name == "data.json" || name.hasSuffix("/data.json") }

  /// Whether `json` is Proton Pass's data.json.
  static func matches(_ json: JSON) -> Bool {
    guard case .object? = json["vaults"] else { return false }
    return json["encrypted"] != nil
  }
}

/// WinAuth's export: a text file of otpauth URIs (read as a URI list), or that file in a zip,
/// which WinAuth can protect with a password (ZipCrypto or AES); every text entry is read.
public enum WinAuthImporter {
  public static func read(_ bytes: [UInt8], password: SecretBytes?) throws(ImportError) -> [ImportItem] {
    guard ZipArchive.isArchive(bytes) else { return URIListImporter.read(bytes) }
    var secret = password?.copiedBytes() ?? []
    defer { wipe(&secret) }
    let entries: [(name: String, bytes: [UInt8])]
    do { entries = try ZipArchive.entries(of: bytes, password: password == nil ? nil : secret) } catch {
      if error.needsPassword { throw password == nil ? .passwordRequired : .wrongPassword }
      throw .malformed("the WinAuth archive: \(error)")
    }
    var items: [ImportItem] = []
    for entry in entries {
      var text = entry.bytes
      defer { wipe(&text) }
      items += URIListImporter.read(text).map { item in
        ImportItem("\(Sanitizer.quoted(entry.name, limit: 60)) \(item.location)", item.result)
      }
    }
    return items
  }

  /// Whether a zip with these entries is WinAuth's: text files (`.txt`), encrypted or not.
  static func matches(_ listing: [(name: String, encrypted: Bool)]) -> Bool {
    !listing.isEmpty && listing.allSatisfy { $0.name.lowercased().hasSuffix(".txt") }
  }

  /// Whether the zip `bytes` is password-protected.
  static func isEncrypted(_ bytes: [UInt8]) -> Bool {
    guard ZipArchive.isArchive(bytes), let listing = try? ZipArchive.listing(of: bytes) else { return false }
    return listing.contains { $0.encrypted }
  }
}
