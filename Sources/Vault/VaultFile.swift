import CryptoPrimitives
import FoundationEssentials
import JSONCodec
import OTPCore

/// An opened vault: its id, key slots, master key, contents and generation.
public final class UnlockedVault: @unchecked Sendable {
  public let vaultID: UUID
  public internal(set) var slots: [KeySlot]
  public internal(set) var masterKey: SecretBytes
  public var contents: VaultContents
  /// The generation of the file this was read from (raised by every save; 0 for a new vault
  /// and for a format-1 file, which has none).
  public var generation: UInt64
  /// The format version of the file this was read from (`VaultFile.version` for a new vault).
  public let formatVersion: Int
  /// The key epoch: raised by every password change (every new master key), authenticated in
  /// the header, so that of two copies the one with the newer key is known (0 before format 3).
  public internal(set) var epoch: UInt64

  init(
    vaultID: UUID, slots: [KeySlot], masterKey: SecretBytes, contents: VaultContents, generation: UInt64,
    formatVersion: Int, epoch: UInt64 = 0
  ) {
    self.epoch = epoch
    self.vaultID = vaultID
    self.slots = slots
    self.masterKey = masterKey
    self.contents = contents
    self.generation = generation
    self.formatVersion = formatVersion
  }

  /// Draws a new master key and replaces the key slots with one for `password`: a copy of the
  /// file from before the change, opened with the old password, gives a key that opens nothing
  /// saved after it.
  ///
  /// Every other slot is wrapped again around the new key with the secret `secretFor` gives it
  /// (its keyring key, its ssh signature); a slot it gives none for is dropped.
  ///
  /// - Returns: the slots dropped.
  @discardableResult
  public func changePassword(
    to password: SecretBytes, cost: ScryptParameters, derive: KeyDerivation = scryptDerivation,
    secretFor: (KeySlot) -> SecretBytes? = { _ in nil }
  ) throws(VaultError) -> [KeySlot] {
    let newKey: SecretBytes
    do { newKey = try SecretBytes.random(count: AESGCM.keySize) } catch { throw .crypto(error) }
    var kept = [try KeySlot.wrap(masterKey: newKey, password: password, vaultID: vaultID, cost: cost, derive: derive)]
    var dropped: [KeySlot] = []
    for slot in slots where slot.type != KeySlot.passwordType {
      // The secret must open the slot as it is, so a stale keyring key or another ssh key
      // never becomes a route to the new key.
      if slot.kind != nil, let secret = secretFor(slot), (try? slot.unwrap(secret: secret, vaultID: vaultID)) != nil {
        kept.append(try slot.rewrapped(masterKey: newKey, secret: secret, vaultID: vaultID))
      } else {
        dropped.append(slot)
      }
    }
    slots = kept
    masterKey = newKey
    epoch = VaultFile.nextGeneration(after: epoch)
    return dropped
  }

  /// Adds `slot` (made with `KeySlot.wrap` around this vault's master key).
  ///
  /// - Throws: `VaultError.damaged` when the vault has as many slots as a file may hold.
  public func addSlot(_ slot: KeySlot) throws(VaultError) {
    guard slots.count < VaultFile.maximumSlots else {
      throw .damaged("the vault has \(VaultFile.maximumSlots) key slots, the most a file may hold; remove one first")
    }
    slots.append(slot)
  }

  /// Removes the slot `id` names (as `slotID` shows it).
  ///
  /// - Returns: the slot removed.
  /// - Throws: `SlotRemovalError` for no such slot, an id two slots share, or the last password slot.
  public func removeSlot(id: String) throws(SlotRemovalError) -> KeySlot {
    let matching = slots.indices.filter { slots[$0].slotID == id }
    guard let index = matching.first else { throw .notFound }
    guard matching.count == 1 else { throw .ambiguous }
    if slots[index].type == KeySlot.passwordType && slots.count(where: { $0.type == KeySlot.passwordType }) == 1 {
      throw .lastPassword
    }
    return slots.remove(at: index)
  }

  /// Takes the master key, key slots and epoch of `other`, a copy of this vault with a newer
  /// key (its password was changed): what is saved from now on opens with that copy's
  /// password only.
  public func adoptKey(of other: UnlockedVault) {
    precondition(other.vaultID == vaultID, "adopting the key of another vault")
    slots = other.slots
    masterKey = other.masterKey
    epoch = other.epoch
  }

  /// Joins the key slots of `other`, a copy with the same master key (slots added or removed
  /// on either side since they parted): a slot only `other` has is added, unless `base` (the
  /// copies' common ancestor, when known: git's) had it, which means it was removed here; a
  /// slot of another kind than password that `base` had and `other` removed is removed here
  /// too. Password slots are only ever added, so the last one never goes.
  ///
  /// - Returns: the slots added and the slots removed, for the merge to say.
  @discardableResult
  public func mergeSlots(from other: UnlockedVault, base: [KeySlot]? = nil) -> (added: [KeySlot], removed: [KeySlot]) {
    guard other.vaultID == vaultID, hasSameKey(as: other) else { return ([], []) }
    func same(_ a: KeySlot, _ b: KeySlot) -> Bool {
      a.type == KeySlot.passwordType || b.type == KeySlot.passwordType ? a == b : a.slotID == b.slotID
    }
    var removed: [KeySlot] = []
    if let base {
      let gone = slots.filter { slot in
        slot.type != KeySlot.passwordType && base.contains { same($0, slot) } && !other.slots.contains { same($0, slot) }
      }
      slots.removeAll { slot in gone.contains { same($0, slot) } }
      removed = gone
    }
    var added: [KeySlot] = []
    for slot in other.slots where !slots.contains(where: { same($0, slot) }) && slots.count < VaultFile.maximumSlots {
      if let base, base.contains(where: { same($0, slot) }) { continue }
      slots.append(slot)
      added.append(slot)
    }
    return (added, removed)
  }

  /// Whether `other` has the same master key (compared in constant time).
  public func hasSameKey(as other: UnlockedVault) -> Bool { masterKey.constantTimeEquals(other.masterKey) }

  /// The cost of the first password slot (what `passwd` keeps by default).
  public var currentCost: ScryptParameters {
    slots.first { $0.type == KeySlot.passwordType }.map(\.parameters) ?? .vaultDefault
  }
}

/// The vault file format, version 2 (docs/vault-format.md has the byte layout).
///
/// ```
/// "OTTERVLT" | version u16 | slots length u32 | slots JSON
///            | header length u32 | header JSON | ciphertext length u32 | ciphertext | tag (16)
/// ```
/// All integers are big-endian. The payload is AES-256-GCM under a key derived for this save
/// (HKDF-SHA-256 of the master key and the header's salt) with the header's nonce; its
/// associated data is every byte from the magic to the end of the header, the key slots
/// included, so no byte of the file can change without the file being refused. Version 1
/// files are still read (their slots were outside the associated data); every save writes
/// version 2.
public enum VaultFile {
  /// The generation of the next save after `generations` (the file's, a copy's, the one
  /// remembered here): one more than the highest, with arithmetic that never traps — a
  /// hostile or damaged number stops growing at 2^63 instead of crashing every save.
  public static func nextGeneration(after generations: UInt64...) -> UInt64 {
    min(generations.max() ?? 0, UInt64(1) << 63) + 1
  }

  public static let magic = Array("OTTERVLT".utf8)
  /// The highest version Otter reads; a save writes it only when the vault has a slot of a
  /// kind other than password (`writtenVersion`), so a vault with password slots only stays
  /// readable by Otter releases that know version 3.
  public static let version = 4
  /// The version a vault with password slots only is written in.
  static let passwordOnlyVersion = 3

  /// The version `slots` are written in.
  static func writtenVersion(_ slots: [KeySlot]) -> Int {
    slots.allSatisfy { $0.type == KeySlot.passwordType } ? passwordOnlyVersion : version
  }
  /// Sections larger than this are refused before any allocation (a hostile length field).
  static let maximumSection = 64 << 20
  /// The most key slots a file may have.
  static let maximumSlots = 16

  /// The header of a version-2 or version-3 file (version 3 adds the key epoch).
  struct Header: Equatable {
    var cipher = "AES-256-GCM"
    /// nil in a version-2 header.
    var epoch: UInt64?
    var generation: UInt64
    var kdf = "HKDF-SHA256"
    var nonce: String
    var salt: String
    var vault: UUID

    var json: JSON {
      .object(
        [
          ("cipher", .string(cipher))
        ] + (epoch.map { [("epoch", JSON.integer($0))] } ?? []) + [
          ("generation", .integer(generation)), ("kdf", .string(kdf)),
          ("nonce", .string(nonce)), ("salt", .string(salt)), ("vault", .string(vault.lowercasedText)),
        ])
    }
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
    return UnlockedVault(
      vaultID: id, slots: [slot], masterKey: masterKey, contents: VaultContents(), generation: 0, formatVersion: version)
  }

  /// The file bytes of `vault` in format 2, sealed with a fresh salt and nonce.
  ///
  /// - Parameter generation: the generation to write (default: one more than the vault's).
  public static func encode(_ vault: UnlockedVault, generation: UInt64? = nil) throws(VaultError) -> [UInt8] {
    let salt: [UInt8]
    let nonce: [UInt8]
    do {
      salt = try randomBytes(count: 32)
      nonce = try randomBytes(count: AESGCM.nonceSize)
    } catch {
      throw .crypto(error)
    }
    let header = Header(
      epoch: vault.epoch, generation: generation ?? Self.nextGeneration(after: vault.generation), nonce: Base64.encode(nonce),
      salt: Base64.encode(salt),
      vault: vault.vaultID)
    var bytes = magic
    append(UInt16(writtenVersion(vault.slots)), to: &bytes)
    appendSection(JSON.array(vault.slots.map(\.json)).serialized(), to: &bytes)
    appendSection(header.json.serialized(), to: &bytes)
    let key = try payloadKey(masterKey: vault.masterKey, salt: salt, vaultID: vault.vaultID)
    let plaintext = try VaultPayload.encode(vault.contents)
    let sealed: AESGCM.Sealed
    do { sealed = try AESGCM.seal(plaintext, key: key, nonce: nonce, aad: bytes) } catch { throw .crypto(error) }
    appendSection(sealed.ciphertext, to: &bytes)
    bytes += sealed.tag
    return bytes
  }

  /// The key that encrypts one save's payload: HKDF-SHA-256 of the master key, with that save's
  /// random salt and, as info, the format and the vault id.
  static func payloadKey(masterKey: SecretBytes, salt: [UInt8], vaultID: UUID) throws(VaultError) -> SecretBytes {
    do {
      return try HKDF.sha256(key: masterKey, salt: salt, info: Array("otter/payload/v2|\(vaultID.lowercasedText)".utf8))
    } catch {
      throw .crypto(error)
    }
  }

  /// The sections of a vault file, checked for shape but not yet decrypted.
  struct Sections {
    var version: Int
    var slots: [KeySlot]
    var vaultID: UUID
    var generation: UInt64
    var nonce: [UInt8]
    /// Version 2: the header's salt for the payload key; version 1: nil (the master key is used).
    var salt: [UInt8]?
    /// The payload's associated data.
    var associatedData: [UInt8]
    /// The encrypted accounts, a slice of the file's bytes (not copied out).
    var ciphertext: ArraySlice<UInt8>
    var tag: [UInt8]
    /// The key epoch (0 before format 3).
    var epoch: UInt64 = 0
  }

  /// Opens `bytes` with `password`.
  ///
  /// - Parameter budget: how much key derivation the file may ask for; checked for every
  ///   password slot before the first one is tried.
  /// - Throws: `VaultError.notAVault`, `.newerVersion`, `.damaged` (with where), `.overBudget`
  ///   before any KDF ran, or `.authenticationFailed` when no slot opens with the password.
  public static func decode(
    _ bytes: [UInt8], password: SecretBytes, derive: KeyDerivation = scryptDerivation, budget: KDFBudget = .default
  ) throws(VaultError) -> UnlockedVault {
    let sections = try parse(bytes)
    let masterKey = try unlock(sections, password: password, derive: derive, budget: budget)
    return try open(sections, masterKey: masterKey)
  }

  /// Opens `bytes` with an already unwrapped master key (no key derivation): for re-reading a
  /// vault whose password was checked, and for an agent that holds the key.
  public static func decode(_ bytes: [UInt8], masterKey: SecretBytes) throws(VaultError) -> UnlockedVault {
    try open(try parse(bytes), masterKey: masterKey)
  }

  /// Opens `bytes` with the master key of `vault` (already unlocked): for re-reading the file
  /// under the writer lock without deriving the key again.
  public static func decode(_ bytes: [UInt8], sameKeyAs vault: UnlockedVault) throws(VaultError) -> UnlockedVault {
    try decode(bytes, masterKey: vault.masterKey)
  }

  /// Opens `bytes` with `password`, decoding the payload with the JSON tree only: for
  /// `otter-bench`, which measures whether the direct decoder still earns its place.
  @_spi(Benchmark) public static func decodeWithTree(
    _ bytes: [UInt8], password: SecretBytes, derive: KeyDerivation
  ) throws(VaultError) -> UnlockedVault {
    let sections = try parse(bytes)
    let masterKey = try unlock(sections, password: password, derive: derive, budget: .default)
    return try open(sections, masterKey: masterKey, decodePayload: VaultPayload.decodeWithTree)
  }

  /// The vault id of `bytes`, read from the header without any key (for matching conflict
  /// copies and agents to a vault).
  public static func vaultID(of bytes: [UInt8]) throws(VaultError) -> UUID { try parse(bytes).vaultID }

  /// The vault id and generation from the first bytes of a file (its key slots and header; the
  /// payload need not be there), for finding a vault's backup copies without reading each
  /// whole. Format 1 (no generation) is read by `vaultID(of:)` from the whole file instead.
  ///
  /// - Throws: `VaultError` when the prefix does not hold a format 2+ header.
  public static func identity(ofPrefix bytes: [UInt8]) throws(VaultError) -> (vaultID: UUID, generation: UInt64) {
    var reader = ByteReader(bytes: bytes)
    guard let found = reader.take(magic.count), found == magic else { throw .notAVault }
    guard let versionValue = reader.uint16(), versionValue >= 2, Int(versionValue) <= version else {
      throw .damaged("not a format this prefix can be read in")
    }
    _ = try reader.sectionSlice("key slots")
    let header = try strictHeader(try reader.section("header"), version: Int(versionValue))
    return (header.vault, header.generation)
  }

  /// The key slots of `bytes`, read without any key.
  public static func keySlots(of bytes: [UInt8]) throws(VaultError) -> [KeySlot] { try parse(bytes).slots }

  /// The generation written in `bytes` (0 for format 1), read without any key.
  public static func generation(of bytes: [UInt8]) throws(VaultError) -> UInt64 { try parse(bytes).generation }

  /// The key epoch of `bytes`, read from the header without any key (0 before format 3).
  public static func epoch(of bytes: [UInt8]) throws(VaultError) -> UInt64 { try parse(bytes).epoch }

  /// Checks the container and splits it into sections.
  static func parse(_ bytes: [UInt8]) throws(VaultError) -> Sections {
    var reader = ByteReader(bytes: bytes)
    guard let found = reader.take(magic.count), found == magic else {
      throw bytes.count < magic.count ? .damaged("the file is too short to be a vault") : .notAVault
    }
    guard let versionValue = reader.uint16() else { throw .damaged("the file ends inside the version field") }
    guard Int(versionValue) <= version else { throw .newerVersion(found: Int(versionValue), supported: version) }
    guard versionValue >= 1 else { throw .damaged("unknown format version \(versionValue)") }
    let slotsJSON = try reader.section("key slots")
    let headerJSON = try reader.section("header")
    let headerEnd = reader.offset
    let ciphertext = try reader.sectionSlice("encrypted accounts")
    guard let tag = reader.take(AESGCM.tagSize) else { throw .damaged("the file is truncated (the payload's tag is missing)") }
    guard reader.isAtEnd else { throw .damaged("\(reader.remaining) unexpected bytes after the payload") }
    if versionValue == 1 {
      return try parseVersion1(slotsJSON: slotsJSON, headerJSON: headerJSON, ciphertext: ciphertext, tag: tag)
    }
    let slots = try strictSlots(slotsJSON, version: Int(versionValue))
    let header = try strictHeader(headerJSON, version: Int(versionValue))
    guard let nonce = Base64.decode(header.nonce), nonce.count == AESGCM.nonceSize,
      let salt = Base64.decode(header.salt), salt.count == 32
    else { throw .damaged("the header's nonce or salt is malformed") }
    return Sections(
      version: Int(versionValue), slots: slots, vaultID: header.vault, generation: header.generation, nonce: nonce,
      salt: salt, associatedData: Array(bytes[0..<headerEnd]), ciphertext: ciphertext, tag: tag, epoch: header.epoch ?? 0)
  }

  /// The key slots of a version-2 file: exactly as Otter writes them (no byte of whitespace,
  /// no unknown member, members in order), each of a known type with valid fields.
  ///
  /// Version 4 adds slots of other kinds (`KeySlot+Sources`), each with its own id; a slot of a
  /// kind this Otter does not know is kept as it is and never tried.
  static func strictSlots(_ text: [UInt8], version: Int) throws(VaultError) -> [KeySlot] {
    guard let value = try? JSON.parse(text), let entries = value.arrayValue else { throw .damaged("the key slots are malformed") }
    guard (1...maximumSlots).contains(entries.count) else { throw .damaged("the file has \(entries.count) key slots") }
    var slots: [KeySlot] = []
    var ids = Set<String>()
    for entry in entries {
      guard let slot = KeySlot(entry), slot.type == KeySlot.passwordType || version >= 4 else {
        throw .damaged("a key slot is malformed or of an unknown type")
      }
      try slot.validate()
      if slot.type != KeySlot.passwordType {
        guard ids.insert(slot.slotID).inserted else { throw .damaged("two key slots have the id \(slot.slotID)") }
      }
      slots.append(slot)
    }
    guard JSON.array(slots.map(\.json)).serialized() == text else {
      throw .damaged("the key slots are not as Otter writes them (the file was edited)")
    }
    return slots
  }

  /// The header of a version-2 or version-3 file, exactly as Otter writes it (version 3 with
  /// the key epoch, version 2 without).
  static func strictHeader(_ text: [UInt8], version: Int) throws(VaultError) -> Header {
    var epoch: UInt64?
    if version >= 3 {
      guard let value = try? JSON.parse(text), case .number(let epochText)? = value["epoch"], let parsed = UInt64(epochText)
      else { throw .damaged("the header has no key epoch") }
      epoch = parsed
    }
    guard let value = try? JSON.parse(text), value["cipher"]?.stringValue == "AES-256-GCM",
      value["kdf"]?.stringValue == "HKDF-SHA256", case .number(let generationText)? = value["generation"],
      let generation = UInt64(generationText), let nonce = value["nonce"]?.stringValue,
      let salt = value["salt"]?.stringValue, let idText = value["vault"]?.stringValue,
      let vault = UUID(canonicalText: Array(idText.utf8), in: 0..<idText.utf8.count), vault.lowercasedText == idText
    else { throw .damaged("the header is malformed") }
    let header = Header(epoch: epoch, generation: generation, nonce: nonce, salt: salt, vault: vault)
    guard header.json.serialized() == text else { throw .damaged("the header is not as Otter writes it (the file was edited)") }
    return header
  }

  /// A version-1 file, read as version 1 readers did: members by name, others ignored.
  static func parseVersion1(slotsJSON: [UInt8], headerJSON: [UInt8], ciphertext: ArraySlice<UInt8>, tag: [UInt8])
    throws(VaultError) -> Sections
  {
    guard let slotsValue = try? JSON.parse(slotsJSON), let entries = slotsValue.arrayValue,
      entries.count <= maximumSlots
    else { throw .damaged("the key slots are malformed") }
    var slots: [KeySlot] = []
    for entry in entries {
      guard let slot = KeySlot(entry) else { throw .damaged("the key slots are malformed") }
      slots.append(slot)
    }
    guard let header = try? JSON.parse(headerJSON), header["cipher"]?.stringValue == "AES-256-GCM",
      let idText = header["vault"]?.stringValue, let vaultID = UUID(uuidString: idText),
      let nonceText = header["nonce"]?.stringValue, let nonce = Base64.decode(nonceText), nonce.count == AESGCM.nonceSize
    else { throw .damaged("the header is malformed") }
    // Version 1's payload associated data: magic, version, header length and header.
    var aad = magic
    append(1, to: &aad)
    appendSection(headerJSON, to: &aad)
    return Sections(
      version: 1, slots: slots, vaultID: vaultID, generation: 0, nonce: nonce, salt: nil, associatedData: aad,
      ciphertext: ciphertext, tag: tag)
  }

  /// The master key from a password slot that `password` opens. The budget is checked for every
  /// password slot before any is tried; they are tried cheapest first.
  static func unlock(_ sections: Sections, password: SecretBytes, derive: KeyDerivation, budget: KDFBudget)
    throws(VaultError) -> SecretBytes
  {
    let candidates = sections.slots.filter { $0.type == KeySlot.passwordType }
    for slot in candidates { try slot.validate() }
    let costs = candidates.map(\.cost)
    do { try budget.check(costs) } catch { throw .overBudget(error) }
    for index in KDFBudget.tryOrder(costs) {
      do {
        return try candidates[index].unwrap(password: password, vaultID: sections.vaultID, derive: derive)
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
    let key =
      try sections.salt.map { salt throws(VaultError) in
        try payloadKey(masterKey: masterKey, salt: salt, vaultID: sections.vaultID)
      } ?? masterKey
    // Decrypted straight from the file's bytes into the one buffer the decoder reads, which is
    // wiped here: with 10,000 accounts each extra copy of the 3 MB payload cost milliseconds of
    // page faults, and left one more copy of the secrets to wipe.
    var plaintext: [UInt8]
    do {
      plaintext = try AESGCM.openBytes(
        ciphertext: sections.ciphertext, tag: sections.tag, key: key, nonce: sections.nonce,
        aad: sections.associatedData)
    } catch .authenticationFailed {
      throw .damaged("the file was altered or its parts do not belong together (authentication failed)")
    } catch {
      throw .crypto(error)
    }
    defer { wipe(&plaintext) }
    let contents = try decodePayload(plaintext)
    return UnlockedVault(
      vaultID: sections.vaultID, slots: sections.slots, masterKey: masterKey, contents: contents,
      generation: sections.generation, formatVersion: sections.version, epoch: sections.epoch)
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
