import CryptoPrimitives
import Foundation

/// An opened vault: its id, key slots, master key and contents.
public final class UnlockedVault: @unchecked Sendable {
  public let vaultID: UUID
  public internal(set) var slots: [KeySlot]
  let masterKey: SecretBytes
  public var contents: VaultContents

  init(vaultID: UUID, slots: [KeySlot], masterKey: SecretBytes, contents: VaultContents) {
    self.vaultID = vaultID
    self.slots = slots
    self.masterKey = masterKey
    self.contents = contents
  }

  /// Replaces the key slots with one for `password`; the master key and the encrypted
  /// accounts stay as they are (the payload's associated data does not cover the slots).
  public func changePassword(to password: SecretBytes, cost: ScryptParameters, derive: KeyDerivation = scryptDerivation)
    throws(VaultError)
  {
    slots = [try KeySlot.wrap(masterKey: masterKey, password: password, vaultID: vaultID, cost: cost, derive: derive)]
  }
}

/// The vault file format, version 1 (docs/vault-format.md has the byte layout).
///
/// ```
/// "OTTERVLT" | version u16 | slots length u32 | slots JSON
///            | header length u32 | header JSON | ciphertext length u32 | ciphertext | tag (16)
/// ```
/// All integers are big-endian. The payload is AES-256-GCM under the master key with the
/// header's nonce; its associated data is everything from the magic through the header except
/// the slots section, so a password change rewrites only the slots.
public enum VaultFile {
  public static let magic = Array("OTTERVLT".utf8)
  public static let version = 1
  /// Sections larger than this are refused before any allocation (a hostile length field).
  static let maximumSection = 64 << 20

  struct Header: Codable {
    var cipher: String
    var nonce: String
    var vault: String
  }

  /// A new, empty vault with a random master key and one password slot.
  public static func create(
    password: SecretBytes, cost: ScryptParameters = .vaultDefault, derive: KeyDerivation = scryptDerivation
  ) throws(VaultError) -> UnlockedVault {
    guard !password.isEmpty else { throw .damaged("the password is empty") }
    let masterKey: SecretBytes
    do { masterKey = try SecretBytes.random(count: AESGCM.keySize) } catch { throw .crypto(error) }
    let id = UUID()
    let slot = try KeySlot.wrap(masterKey: masterKey, password: password, vaultID: id, cost: cost, derive: derive)
    return UnlockedVault(vaultID: id, slots: [slot], masterKey: masterKey, contents: VaultContents())
  }

  /// The file bytes of `vault`, sealed with a fresh random nonce.
  public static func encode(_ vault: UnlockedVault) throws(VaultError) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let nonce: [UInt8]
    do { nonce = try randomBytes(count: AESGCM.nonceSize) } catch { throw .crypto(error) }
    let header = Header(
      cipher: "AES-256-GCM", nonce: Data(nonce).base64EncodedString(), vault: vault.vaultID.uuidString.lowercased())
    guard let slotsJSON = try? encoder.encode(vault.slots), let headerJSON = try? encoder.encode(header) else {
      throw .damaged("cannot encode the vault header")
    }
    let aad = associatedData(headerJSON: Array(headerJSON))
    let plaintext = try VaultPayload.encode(vault.contents)
    let sealed: AESGCM.Sealed
    do { sealed = try AESGCM.seal(plaintext, key: vault.masterKey, nonce: nonce, aad: aad) } catch { throw .crypto(error) }
    var bytes = magic
    append(UInt16(version), to: &bytes)
    appendSection(Array(slotsJSON), to: &bytes)
    appendSection(Array(headerJSON), to: &bytes)
    appendSection(sealed.ciphertext, to: &bytes)
    bytes += sealed.tag
    return bytes
  }

  /// `bytes` with its key slots replaced by `slots` and every other byte kept: the header,
  /// nonce, ciphertext and tag stay as they are, so a password change does not re-encrypt the
  /// accounts (the slots are outside the payload's associated data).
  ///
  /// - Throws: `VaultError` when `bytes` is not a well-formed vault.
  public static func replacingSlots(in bytes: [UInt8], with slots: [KeySlot]) throws(VaultError) -> [UInt8] {
    let sections = try parse(bytes)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let slotsJSON = try? encoder.encode(slots) else { throw .damaged("cannot encode the key slots") }
    var output = magic
    append(UInt16(version), to: &output)
    appendSection(Array(slotsJSON), to: &output)
    appendSection(sections.headerJSON, to: &output)
    appendSection(Array(sections.ciphertext), to: &output)
    output += sections.tag
    return output
  }

  /// The associated data of the payload: magic, version, header length and header.
  static func associatedData(headerJSON: [UInt8]) -> [UInt8] {
    var aad = magic
    append(UInt16(version), to: &aad)
    appendSection(headerJSON, to: &aad)
    return aad
  }

  /// The sections of a vault file, checked for shape but not yet decrypted.
  struct Sections {
    var slots: [KeySlot]
    var vaultID: UUID
    var nonce: [UInt8]
    var headerJSON: [UInt8]
    /// The encrypted accounts, a slice of the file's bytes (not copied out).
    var ciphertext: ArraySlice<UInt8>
    var tag: [UInt8]
  }

  /// Opens `bytes` with `password`.
  ///
  /// - Throws: `VaultError.notAVault`, `.newerVersion`, `.damaged` (with where), or
  ///   `.authenticationFailed` when no slot opens with the password.
  public static func decode(
    _ bytes: [UInt8], password: SecretBytes, derive: KeyDerivation = scryptDerivation
  ) throws(VaultError) -> UnlockedVault {
    let sections = try parse(bytes)
    let masterKey = try unlock(sections, password: password, derive: derive)
    return try open(sections, masterKey: masterKey)
  }

  /// Opens `bytes` with an already unwrapped master key (no key derivation): for re-reading a
  /// vault whose password was checked, and for benchmarks that exclude the KDF.
  public static func decode(_ bytes: [UInt8], masterKey: SecretBytes) throws(VaultError) -> UnlockedVault {
    try open(try parse(bytes), masterKey: masterKey)
  }

  /// Opens `bytes` with `password`, decoding the payload with the JSON tree only: for
  /// `otter-bench`, which measures whether the direct decoder still earns its place.
  @_spi(Benchmark) public static func decodeWithTree(
    _ bytes: [UInt8], password: SecretBytes, derive: KeyDerivation
  ) throws(VaultError) -> UnlockedVault {
    let sections = try parse(bytes)
    let masterKey = try unlock(sections, password: password, derive: derive)
    return try open(sections, masterKey: masterKey, decodePayload: VaultPayload.decodeWithTree)
  }

  /// Opens `bytes` with the master key of `vault` (already unlocked): for re-reading the file
  /// under the writer lock without deriving the key again.
  public static func decode(_ bytes: [UInt8], sameKeyAs vault: UnlockedVault) throws(VaultError) -> UnlockedVault {
    try decode(bytes, masterKey: vault.masterKey)
  }

  /// Checks the container and splits it into sections.
  static func parse(_ bytes: [UInt8]) throws(VaultError) -> Sections {
    var reader = ByteReader(bytes: bytes)
    guard let found = reader.take(magic.count), found == magic else {
      throw bytes.count < magic.count ? .damaged("the file is too short to be a vault") : .notAVault
    }
    guard let versionValue = reader.uint16() else { throw .damaged("the file ends inside the version field") }
    guard Int(versionValue) <= version else { throw .newerVersion(found: Int(versionValue), supported: version) }
    guard versionValue == 1 else { throw .damaged("unknown format version \(versionValue)") }
    let slotsJSON = try reader.section("key slots")
    let headerJSON = try reader.section("header")
    let ciphertext = try reader.sectionSlice("encrypted accounts")
    guard let tag = reader.take(AESGCM.tagSize) else { throw .damaged("the file is truncated (the payload's tag is missing)") }
    guard reader.isAtEnd else { throw .damaged("\(reader.remaining) unexpected bytes after the payload") }

    let decoder = JSONDecoder()
    guard let slots = try? decoder.decode([KeySlot].self, from: Data(slotsJSON)) else {
      throw .damaged("the key slots are malformed")
    }
    guard let header = try? decoder.decode(Header.self, from: Data(headerJSON)), header.cipher == "AES-256-GCM",
      let vaultID = UUID(uuidString: header.vault), let nonceData = canonicalBase64(header.nonce),
      nonceData.count == AESGCM.nonceSize
    else { throw .damaged("the header is malformed") }
    return Sections(
      slots: slots, vaultID: vaultID, nonce: Array(nonceData), headerJSON: headerJSON, ciphertext: ciphertext, tag: tag)
  }

  /// The master key from the first password slot that `password` opens.
  static func unlock(_ sections: Sections, password: SecretBytes, derive: KeyDerivation) throws(VaultError) -> SecretBytes {
    for slot in sections.slots where slot.type == KeySlot.passwordType {
      do {
        return try slot.unwrap(password: password, vaultID: sections.vaultID, derive: derive)
      } catch .authenticationFailed {
        continue
      }
    }
    throw .authenticationFailed
  }

  /// Decrypts and decodes the payload.
  static func open(
    _ sections: Sections, masterKey: SecretBytes,
    decodePayload: ([UInt8]) throws(VaultError) -> VaultContents = VaultPayload.decode
  ) throws(VaultError) -> UnlockedVault {
    // Decrypted straight from the file's bytes into the one buffer the decoder reads, which is
    // wiped here: with 10,000 accounts each extra copy of the 3 MB payload cost milliseconds of
    // page faults, and left one more copy of the secrets to wipe.
    var plaintext: [UInt8]
    do {
      plaintext = try AESGCM.openBytes(
        ciphertext: sections.ciphertext, tag: sections.tag, key: masterKey, nonce: sections.nonce,
        aad: associatedData(headerJSON: sections.headerJSON))
    } catch .authenticationFailed {
      throw .damaged("the encrypted accounts or the header were altered (authentication failed)")
    } catch {
      throw .crypto(error)
    }
    defer { wipe(&plaintext) }
    let contents = try decodePayload(plaintext)
    return UnlockedVault(vaultID: sections.vaultID, slots: sections.slots, masterKey: masterKey, contents: contents)
  }

  static func append(_ value: UInt16, to bytes: inout [UInt8]) {
    bytes += [UInt8(value >> 8), UInt8(value & 0xff)]
  }

  static func appendSection(_ section: [UInt8], to bytes: inout [UInt8]) {
    let count = UInt32(section.count)
    bytes += [UInt8(count >> 24), UInt8((count >> 16) & 0xff), UInt8((count >> 8) & 0xff), UInt8(count & 0xff)]
    bytes += section
  }
}

/// Reads the big-endian fields of a vault file, never past its end.
struct ByteReader {
  let bytes: [UInt8]
  var offset = 0

  var isAtEnd: Bool { offset == bytes.count }
  var remaining: Int { bytes.count - offset }

  mutating func take(_ count: Int) -> [UInt8]? {
    takeSlice(count).map(Array.init)
  }

  mutating func takeSlice(_ count: Int) -> ArraySlice<UInt8>? {
    guard count >= 0, remaining >= count else { return nil }
    defer { offset += count }
    return bytes[offset..<(offset + count)]
  }

  mutating func uint16() -> UInt16? {
    guard let two = take(2) else { return nil }
    return UInt16(two[0]) << 8 | UInt16(two[1])
  }

  mutating func section(_ name: String) throws(VaultError) -> [UInt8] {
    Array(try sectionSlice(name))
  }

  /// A length-prefixed section as a slice of the file's bytes, without copying it.
  mutating func sectionSlice(_ name: String) throws(VaultError) -> ArraySlice<UInt8> {
    guard let four = take(4) else { throw .damaged("the file is truncated (in the \(name) length)") }
    let length = Int(four[0]) << 24 | Int(four[1]) << 16 | Int(four[2]) << 8 | Int(four[3])
    guard length <= VaultFile.maximumSection else { throw .damaged("the \(name) section claims \(length) bytes") }
    guard let section = takeSlice(length) else { throw .damaged("the file is truncated (in the \(name))") }
    return section
  }
}
