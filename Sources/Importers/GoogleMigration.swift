import CryptoPrimitives
import FoundationEssentials
import OTPCore

/// Google Authenticator's transfer links: `otpauth-migration://offline?data=BASE64`, where the
/// data is a protocol buffer `MigrationPayload` (see `Sources/Importers/migration.proto`).
public enum GoogleMigration {
  /// Every link in `bytes` (one per line; blank lines and `#` comments skipped).
  public static func read(_ bytes: [UInt8]) -> [ImportItem] {
    var items: [ImportItem] = []
    for (index, raw) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
      var line = String(decoding: raw, as: UTF8.self).trimmingCharacters()
      // zbarimg prints each code after its symbology (`QR-Code:otpauth-migration://…`).
      if line.hasPrefix("QR-Code:") { line = String(line.dropFirst("QR-Code:".count)) }
      guard !line.isEmpty, !line.hasPrefix("#") else { continue }
      items += read(link: line, location: "line \(index + 1)")
    }
    return items
  }

  /// The accounts of one link; a link that cannot be decoded is one failed item.
  public static func read(link: String, location: String) -> [ImportItem] {
    do {
      let payload = try decodeLink(link)
      return try accounts(in: payload, location: location)
    } catch {
      return [ImportItem(location, .failure(error))]
    }
  }

  /// What is missing when `bytes` hold only some of the links of a transfer (Google shows a
  /// large transfer as several QR codes: a batch each), e.g. "batch 1 of 2 imported; scan the
  /// other code too"; nil when every batch is there.
  public static func missingBatches(in bytes: [UInt8]) -> String? {
    var seen: [UInt64: (size: UInt64, indices: Set<UInt64>)] = [:]
    for raw in bytes.split(separator: UInt8(ascii: "\n")) {
      let line = String(decoding: raw, as: UTF8.self).trimmingCharacters()
      guard line.lowercased().hasPrefix("otpauth-migration://"), let payload = try? decodeLink(line) else { continue }
      var reader = ProtoReader(payload)
      var size: UInt64 = 1
      var index: UInt64 = 0
      var id: UInt64 = 0
      while let (field, wire) = try? reader.tag() {
        if wire == 0, [3, 4, 5].contains(field), let value = try? reader.varint() {
          if field == 3 { size = value } else if field == 4 { index = value } else { id = value }
        } else if (try? reader.skip(wire: wire)) == nil {
          break
        }
      }
      guard size > 1, size <= 100 else { continue }
      seen[id, default: (size, [])].indices.insert(index)
    }
    for (_, batch) in seen where batch.indices.count < Int(batch.size) {
      let imported = batch.indices.sorted().map { String($0 + 1) }.joined(separator: ", ")
      let missing = Int(batch.size) - batch.indices.count
      return "batch \(imported) of \(batch.size) imported; scan the other code\(missing == 1 ? "" : "s") too"
    }
    return nil
  }

  /// The payload bytes of a link.
  static func decodeLink(_ link: String) throws(ImportError) -> [UInt8] {
    guard link.lowercased().hasPrefix("otpauth-migration://") else {
      throw .malformed("not an otpauth-migration:// link")
    }
    guard let query = link.split(separator: "?", maxSplits: 1).dropFirst().first else {
      throw .malformed("the transfer link has no data parameter")
    }
    var data: [UInt8]?
    for pair in query.split(separator: "&") where pair.hasPrefix("data=") {
      data = PercentEncoding.decodedBytes(String(pair.dropFirst(5)))
    }
    guard var text = data, !text.isEmpty else { throw .malformed("the transfer link has no data parameter") }
    // Some scanners give base64url, or spaces for the plus signs a link lost.
    text = text.map { byte in
      switch byte {
      case UInt8(ascii: "-"), UInt8(ascii: " "): UInt8(ascii: "+")
      case UInt8(ascii: "_"): UInt8(ascii: "/")
      default: byte
      }
    }
    while text.count % 4 != 0 { text.append(UInt8(ascii: "=")) }
    guard let bytes = Base64.decode(String(decoding: text, as: UTF8.self), canonical: false) else {
      throw .malformed("the transfer link's data is not base64")
    }
    return bytes
  }

  static func accounts(in payload: [UInt8], location: String) throws(ImportError) -> [ImportItem] {
    var reader = ProtoReader(payload)
    var items: [ImportItem] = []
    do {
      while let (field, wire) = try reader.tag() {
        if field == 1 && wire == 2 {
          let number = items.count + 1
          let entry = try reader.lengthDelimited()
          items.append(ImportItem("\(location), account \(number)", parameters(entry)))
        } else {
          try reader.skip(wire: wire)
        }
      }
    } catch {
      throw .malformed("the transfer payload is damaged (\(error.reason))")
    }
    guard !items.isEmpty else { throw .malformed("the transfer link holds no account") }
    return items
  }

  /// One `OtpParameters` message.
  static func parameters(_ bytes: [UInt8]) -> Result<ImportedAccount, ImportError> {
    var reader = ProtoReader(bytes)
    var secret: [UInt8] = []
    var name = ""
    var issuer = ""
    var algorithm: UInt64 = 0
    var digits: UInt64 = 0
    var type: UInt64 = 0
    var counter: UInt64 = 0
    defer { wipe(&secret) }
    do {
      while let (field, wire) = try reader.tag() {
        switch (field, wire) {
        case (1, 2): secret = try reader.lengthDelimited()
        case (2, 2): name = String(decoding: try reader.lengthDelimited(), as: UTF8.self)
        case (3, 2): issuer = String(decoding: try reader.lengthDelimited(), as: UTF8.self)
        case (4, 0): algorithm = try reader.varint()
        case (5, 0): digits = try reader.varint()
        case (6, 0): type = try reader.varint()
        case (7, 0): counter = try reader.varint()
        default: try reader.skip(wire: wire)
        }
      }
    } catch {
      return .failure(.entry("damaged account entry (\(error.reason))"))
    }
    let kind: OTPKind
    switch type {
    case 1: kind = .hotp
    case 0, 2: kind = .totp
    default: return .failure(.entry("unknown OTP type \(type)"))
    }
    let digest: DigestAlgorithm
    switch algorithm {
    case 0, 1: digest = .sha1
    case 2: digest = .sha256
    case 3: digest = .sha512
    case 4: return .failure(.entry("MD5 accounts are not supported"))
    default: return .failure(.entry("unknown algorithm \(algorithm)"))
    }
    let digitCount: Int
    switch digits {
    case 0, 1: digitCount = 6
    case 2: digitCount = 8
    default: return .failure(.entry("unknown digit count \(digits)"))
    }
    // Google writes the label ("Issuer:account") as the name; drop a prefix equal to the issuer.
    var accountName = name
    if let colon = name.firstIndex(of: ":") {
      let prefix = String(name[..<colon])
      if issuer.isEmpty || prefix == issuer {
        if issuer.isEmpty { issuer = prefix }
        accountName = String(name[name.index(after: colon)...]).trimmingCharacters()
      }
    }
    do {
      let account = try OTPAccount(
        kind: kind, issuer: issuer, name: accountName, secret: SecretBytes(secret), algorithm: digest, digits: digitCount,
        counter: counter)
      return .success(ImportedAccount(account: account))
    } catch {
      return .failure(.from(error))
    }
  }

  /// Why Google Authenticator's transfer cannot carry `account`, or nil when it can (Steam,
  /// mOTP and Yandex accounts, periods other than 30 s, 7, 9 or 10 digits).
  public static func unsupported(_ account: OTPAccount) -> String? {
    if account.kind == .steam { return "Google Authenticator has no Steam accounts" }
    if account.kind.needsPIN { return "Google Authenticator has no \(account.kind == .motp ? "mOTP" : "Yandex") accounts" }
    if account.kind == .totp && account.period != 30 { return "Google Authenticator transfers only 30-second accounts" }
    if account.digits != 6 && account.digits != 8 { return "Google Authenticator transfers only 6 or 8 digits" }
    return nil
  }

  /// Transfer links for `accounts`, at most `batchSize` accounts per link (one QR code each).
  ///
  /// Accounts Google Authenticator cannot hold (Steam, periods other than 30 s, 7, 9 or 10
  /// digits) are returned in `skipped` with the reason.
  public static func links(for accounts: [OTPAccount], batchSize: Int = 5) -> (links: [String], skipped: [(OTPAccount, String)]) {
    var supported: [OTPAccount] = []
    var skipped: [(OTPAccount, String)] = []
    for account in accounts {
      if let reason = unsupported(account) { skipped.append((account, reason)) } else { supported.append(account) }
    }
    let batches = stride(from: 0, to: supported.count, by: batchSize).map {
      Array(supported[$0..<min($0 + batchSize, supported.count)])
    }
    let batchID = UInt64.random(in: 1...UInt64(Int32.max))
    var links: [String] = []
    for (index, batch) in batches.enumerated() {
      var payload = ProtoWriter()
      for account in batch {
        var entry = ProtoWriter()
        var secret = (0..<account.secret.count).map { account.secret[$0] }
        entry.field(1, bytes: secret)
        wipe(&secret)
        entry.field(2, bytes: Array(account.name.utf8))
        entry.field(3, bytes: Array(account.issuer.utf8))
        entry.field(4, varint: account.algorithm == .sha1 ? 1 : account.algorithm == .sha256 ? 2 : 3)
        entry.field(5, varint: account.digits == 8 ? 2 : 1)
        entry.field(6, varint: account.kind == .hotp ? 1 : 2)
        if account.kind == .hotp { entry.field(7, varint: account.counter) }
        payload.field(1, bytes: entry.bytes)
        wipe(&entry.bytes)
      }
      payload.field(2, varint: 1)
      payload.field(3, varint: UInt64(batches.count))
      payload.field(4, varint: UInt64(index))
      payload.field(5, varint: batchID)
      let data = Base64.encode(payload.bytes)
      wipe(&payload.bytes)
      let encoded = PercentEncoding.encode(data)
      links.append("otpauth-migration://offline?data=" + encoded)
    }
    return (links, skipped)
  }
}
