import CryptoPrimitives
import OTPCore
import XMLTree

/// KeePass KDBX 4 databases (`KDBXFile` opens them): every entry with a one-time password, in
/// the ways KeePass's apps keep one, as KeePassXC reads them (`core/Totp.cpp`):
/// - `otp`: an otpauth URI (KeePassXC 2.4+; Steam as `encoder=steam`), or KeeOtp's
///   `key=BASE32&size=6&step=30&otpHashMode=SHA256`;
/// - `TOTP Seed` with `TOTP Settings` `STEP;DIGITS` or `STEP;S` for Steam (KeePassXC 2.3 and
///   the TrayTOTP plugin);
/// - KeePass 2.47+'s own `TimeOtp-Secret` (or `-Hex`, `-Base32`, `-Base64`), `TimeOtp-Length`,
///   `TimeOtp-Period`, `TimeOtp-Algorithm` (`HMAC-SHA-256`…), and `HmacOtp-Secret…` with
///   `HmacOtp-Counter` for HOTP.
///
/// The title is the issuer and the user name the name when the URI names none. Entries in the
/// recycle bin and earlier versions (an entry's history) are left out. Protected values are
/// decrypted with the inner stream (ChaCha20, keyed by the SHA-512 of the stream key) in
/// document order, history included, as KeePass wrote them.
public enum KDBXImporter {
  public static func matches(_ bytes: [UInt8]) -> Bool { KDBXFile.matches(bytes) }

  public static func read(
    _ bytes: [UInt8], password: SecretBytes?, budget: KDFBudget = .default
  ) throws(ImportError) -> [ImportItem] {
    try read(bytes, password: Sealed.require(password), transform: KDBXFile.transform(budget: budget))
  }

  /// As `read`, with a stand-in for the key derivation (the fuzzer's: fast, so inputs get past
  /// the header's HMAC).
  @_spi(Fuzzing) public static func read(
    _ bytes: [UInt8], password: SecretBytes, standIn: @escaping (SecretBytes) throws(ImportError) -> SecretBytes
  ) throws(ImportError) -> [ImportItem] {
    try read(bytes, password: password) { (composite: SecretBytes, _: KDBXFile.KDF) throws(ImportError) in try standIn(composite)
    }
  }

  /// As `read`, with the key derivation given.
  static func read(_ bytes: [UInt8], password: SecretBytes, transform: KDBXFile.Transform) throws(ImportError)
    -> [ImportItem]
  {
    var file = try KDBXFile(bytes, password: password, transform: transform)
    defer { wipe(&file.xml) }
    var document: XMLElement
    do { document = try XMLDocument.parse(file.xml) } catch {
      throw .malformed("the database's document is not XML Otter can read: \(error)")
    }
    try unprotect(&document, key: file.protectedStreamKey)
    guard document.name == "KeePassFile", let root = document.child("Root") else {
      throw .malformed("the database's document holds no KeePassFile root")
    }
    let meta = document.child("Meta")
    let recycleBin = meta?.child("RecycleBinEnabled")?.text == "False" ? nil : meta?.child("RecycleBinUUID")?.text
    var items: [ImportItem] = []
    func walk(_ group: XMLElement, path: String) {
      if let recycleBin, group.child("UUID")?.text == recycleBin { return }
      let name = group.child("Name")?.text ?? ""
      let here = path.isEmpty ? name : path + "/" + name
      for entry in group.children(named: "Entry") {
        if let item = item(
          entry, location: "entry \"\(Sanitizer.quoted(title(entry), limit: 40))\" in \(Sanitizer.quoted(here, limit: 60))")
        {
          items.append(item)
        }
      }
      for child in group.children(named: "Group") { walk(child, path: here) }
    }
    for group in root.children(named: "Group") { walk(group, path: "") }
    return items
  }

  /// Replaces every protected value's text (base64 of ciphertext) with its plaintext: one
  /// ChaCha20 stream over all of them, in document order.
  static func unprotect(_ document: inout XMLElement, key: SecretBytes) throws(ImportError) {
    var sealed: [UInt8] = []
    var lengths: [Int] = []
    var failed = false
    func collect(_ element: XMLElement) {
      if element.name == "Value", element.attribute("Protected") == "True" {
        guard let bytes = Base64.decode(element.text, canonical: false) else {
          failed = true
          return
        }
        sealed += bytes
        lengths.append(bytes.count)
      }
      for child in element.children { collect(child) }
    }
    collect(document)
    guard !failed else { throw .malformed("a protected value of the database is not base64") }
    guard !lengths.isEmpty else { return }
    var plain: [UInt8]
    do {
      let hash = try Digest.sha512(key)
      plain = try ChaCha20.apply(sealed, key: hash.slice(0..<32), nonce: hash.slice(32..<44).copiedBytes())
    } catch { throw .malformed("the database's protected values cannot be decrypted: \(error)") }
    defer { wipe(&plain) }
    wipe(&sealed)
    var offset = 0
    var next = 0
    func assign(_ element: inout XMLElement) {
      if element.name == "Value", element.attribute("Protected") == "True" {
        element.text = String(decoding: plain[offset..<offset + lengths[next]], as: UTF8.self)
        offset += lengths[next]
        next += 1
      }
      for index in element.children.indices { assign(&element.children[index]) }
    }
    assign(&document)
  }

  static func strings(_ entry: XMLElement) -> [String: String] {
    var strings: [String: String] = [:]
    for field in entry.children(named: "String") {
      if let key = field.child("Key")?.text { strings[key] = field.child("Value")?.text ?? "" }
    }
    return strings
  }

  static func title(_ entry: XMLElement) -> String { strings(entry)["Title"] ?? "" }

  /// The entry's account, or nil when it has no one-time password.
  static func item(_ entry: XMLElement, location: String) -> ImportItem? {
    let fields = strings(entry)
    let title = fields["Title"] ?? ""
    let user = fields["UserName"] ?? ""
    let note = fields["Notes"] ?? ""
    func account(_ result: Result<ImportedAccount, ImportError>) -> ImportItem {
      ImportItem(
        location,
        result.map { imported in
          var imported = imported
          if imported.account.issuer.isEmpty { imported.account.issuer = title }
          if imported.account.name.isEmpty { imported.account.name = user }
          if imported.note.isEmpty { imported.note = note }
          return imported
        })
    }
    if let otp = fields["otp"].map({ String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }),
      !otp.isEmpty
    {
      if otp.lowercased().hasPrefix("otpauth://") {
        do {
          return account(.success(ImportedAccount(account: try OTPAuthURI.parseImported(otp).account)))
        } catch {
          return ImportItem(location, .failure(.from(error)))
        }
      }
      let query = Self.query(otp)
      guard let key = query["key"] else {
        return ImportItem(location, .failure(.entry("the otp field is neither an otpauth URI nor KeeOtp's key=…")))
      }
      return account(
        EntryBuilder.account(
          kind: "totp", issuer: "", name: "", base32Secret: key, algorithm: query["otpHashMode"],
          digits: query["size"].flatMap { Int64($0) }, period: query["step"].flatMap { Int64($0) }, counter: nil))
    }
    if let seed = fields["TOTP Seed"], !seed.isEmpty {
      let settings = (fields["TOTP Settings"] ?? "30;6").split(separator: ";").map(String.init)
      let steam = settings.count >= 2 && settings[1] == "S"
      return account(
        EntryBuilder.account(
          kind: steam ? "steam" : "totp", issuer: "", name: "", base32Secret: seed, algorithm: nil,
          digits: steam ? nil : settings.count >= 2 ? Int64(settings[1]) : nil,
          period: settings.first.flatMap { Int64($0) }, counter: nil))
    }
    for (prefix, kind) in [("TimeOtp-", "totp"), ("HmacOtp-", "hotp")] {
      guard let secret = keePassSecret(fields, prefix: prefix) else { continue }
      let base32: String
      switch secret {
      case .success(let bytes): base32 = Base32.encode(SecretBytes(bytes))
      case .failure(let error): return ImportItem(location, .failure(error))
      }
      // "HMAC-SHA-256" → "SHA256".
      let algorithm = fields["TimeOtp-Algorithm"].map { name in
        let plain = String(name.uppercased().filter { $0 != "-" })
        return plain.hasPrefix("HMAC") ? String(plain.dropFirst(4)) : plain
      }
      return account(
        EntryBuilder.account(
          kind: kind, issuer: "", name: "", base32Secret: base32, algorithm: kind == "totp" ? algorithm : nil,
          digits: kind == "totp" ? fields["TimeOtp-Length"].flatMap { Int64($0) } : nil,
          period: kind == "totp" ? fields["TimeOtp-Period"].flatMap { Int64($0) } : nil,
          counter: kind == "hotp" ? UInt64(fields["HmacOtp-Counter"] ?? "0") : nil))
    }
    return nil
  }

  /// KeePass 2's secret for `prefix`: `Secret` (the text's UTF-8), `Secret-Hex`,
  /// `Secret-Base32` or `Secret-Base64`; nil when there is none.
  static func keePassSecret(_ fields: [String: String], prefix: String) -> Result<[UInt8], ImportError>? {
    if let text = fields[prefix + "Secret"], !text.isEmpty { return .success(Array(text.utf8)) }
    if let text = fields[prefix + "Secret-Hex"], !text.isEmpty {
      return Hex.decode(text.filter { !$0.isWhitespace }).map { .success($0) } ?? .failure(.entry("the hex secret is not hex"))
    }
    if let text = fields[prefix + "Secret-Base32"], !text.isEmpty {
      do { return .success(try Base32.decode(text).copiedBytes()) } catch { return .failure(.from(error)) }
    }
    if let text = fields[prefix + "Secret-Base64"], !text.isEmpty {
      return Base64.decode(text, canonical: false).map { .success($0) } ?? .failure(.entry("the base64 secret is not base64"))
    }
    return nil
  }

  /// `a=1&b=2` as a dictionary (KeeOtp's settings), percent-decoded.
  static func query(_ text: String) -> [String: String] {
    var result: [String: String] = [:]
    for pair in text.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      result[parts[0]] = PercentEncoding.decodedBytes(parts[1]).map { String(decoding: $0, as: UTF8.self) } ?? parts[1]
    }
    return result
  }
}
