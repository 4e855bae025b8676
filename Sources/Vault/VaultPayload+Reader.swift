import CryptoPrimitives
import FoundationEssentials
import JSONCodec
import OTPCore

extension VaultPayload {
  /// Thrown by the direct decoder for text it does not handle; the caller then decodes the
  /// whole payload with `decodeWithTree`.
  struct NeedsTree: Error {}

  /// Decodes the payload straight from its bytes, without building a JSON tree: about three
  /// times faster on a large vault, and no secret ever becomes a `String`.
  ///
  /// It handles the payload as Otter writes it (members in any order, each once). Any other
  /// shape throws `NeedsTree`, or, for one account entry, falls back to the tree for that entry,
  /// so the result is always the one `decodeWithTree` gives; the payload fuzzer checks this.
  ///
  /// - Parameter split: how to spread a large account list over the cores (tests force splits
  ///   of small payloads with it).
  static func decodeDirectly(_ bytes: [UInt8], split: Split = .automatic) throws(NeedsTree) -> VaultContents {
    var reader = JSONReader(bytes: bytes)
    guard reader.consume(UInt8(ascii: "{")), reader.readName() == .accounts, reader.consume(UInt8(ascii: "[")) else {
      throw NeedsTree()
    }
    var contents = VaultContents()
    if let (parts, end) = readEntriesInParallel(bytes, from: reader.offset, split: split) {
      contents.records.reserveCapacity(parts.reduce(0) { $0 + $1.records.count })
      for part in parts {
        contents.records += part.records
        contents.unusable += part.unusable
      }
      reader.offset = end
    } else if !reader.consume(UInt8(ascii: "]")) {
      contents.records.reserveCapacity(bytes.count / 256)
      try readEntries(&reader, into: &contents, upTo: nil)
    }
    guard reader.consume(UInt8(ascii: ",")), reader.readName() == .tombstones,
      let tombstones = try? reader.readValue(depth: 1).arrayValue, reader.consume(UInt8(ascii: "}"))
    else { throw NeedsTree() }
    reader.skipWhitespace()
    guard reader.isAtEnd, let values = try? self.tombstones(from: tombstones) else { throw NeedsTree() }
    contents.tombstones = values
    return contents
  }

  /// Reads account entries from a non-empty list: up to and including the `]` that closes it,
  /// or, given a `boundary`, up to the comma at that offset.
  ///
  /// - Throws: `NeedsTree` for text that is not a list of entries, or when an entry runs past
  ///   `boundary` (which then was not between two entries).
  static func readEntries(_ reader: inout JSONReader, into contents: inout VaultContents, upTo boundary: Int?)
    throws(NeedsTree)
  {
    let names = Member.quotedNamesCopy()
    while true {
      let start = reader.offset
      if let record = directRecord(&reader, names: names) {
        contents.records.append(record)
      } else {
        reader.offset = start
        // An entry of another shape: read it as a tree at the depth it has in the whole text.
        do { add(try reader.readValue(depth: 2), to: &contents) } catch { throw NeedsTree() }
      }
      if let boundary {
        reader.skipWhitespace()
        if reader.offset == boundary { return }
        guard reader.offset < boundary else { throw NeedsTree() }
      }
      if reader.consume(UInt8(ascii: ",")) { continue }
      guard boundary == nil, reader.consume(UInt8(ascii: "]")) else { throw NeedsTree() }
      return
    }
  }

  /// When to split the account list into parts read at the same time.
  struct Split {
    /// Account lists shorter than this many bytes are read in one part.
    var minimumSize: Int
    /// The number of parts.
    var parts: Int
    /// Whether the parts are read at the same time (else one after another on this thread, as
    /// the fuzzer does: the same splitting, without a thread start per input).
    var concurrently = true

    /// Four parts per core (at most 16), so that a thread started late holds up less than its
    /// whole share, for lists of 512 KiB (about 1,700 accounts) or more.
    static var automatic: Split {
      Split(minimumSize: 512 << 10, parts: min(ProcessInfo.processInfo.activeProcessorCount * 4, 16))
    }
    /// Always one part.
    static let never = Split(minimumSize: .max, parts: 1)
    /// Always `parts` parts, read one after another: for tests and the fuzzer.
    static func always(_ parts: Int, concurrently: Bool = false) -> Split {
      Split(minimumSize: 0, parts: parts, concurrently: concurrently)
    }
  }

  /// Splits a large account list at entry boundaries into `split.parts` parts and reads them
  /// at the same time.
  ///
  /// A boundary is the text `,{"id":"` as Otter writes it between two entries; in JSON text
  /// those bytes cannot sit inside a string, and a part that does not end exactly at its
  /// boundary (the text was nested deeper there) makes the whole split fail.
  ///
  /// - Returns: each part's contents and the offset after the list's `]`, or nil when the list
  ///   is small, no split was found, or a part failed; the caller then reads the list in order.
  static func readEntriesInParallel(_ bytes: [UInt8], from start: Int, split: Split) -> ([VaultContents], Int)? {
    let count = split.parts
    guard count > 1, bytes.count - start >= split.minimumSize else { return nil }
    var starts = [start]
    var boundaries: [Int?] = []
    for part in 1..<count {
      guard let comma = nextEntryBoundary(in: bytes, from: max(start + (bytes.count - start) * part / count, starts[part - 1]))
      else { break }
      boundaries.append(comma)
      starts.append(comma + 1)
    }
    boundaries.append(nil)
    guard starts.count > 1 else { return nil }
    let read: @Sendable (Int, Int?) -> (VaultContents, Int)? = { start, boundary in
      // Each part reads its own copy: readers sharing one array would contend on its
      // reference count, and scale worse than one thread.
      var part = Array(bytes[start..<(boundary.map { $0 + 1 } ?? bytes.count)])
      defer { wipe(&part) }
      guard let (contents, end) = readPart(part, hasBoundary: boundary != nil) else { return nil }
      return (contents, start + end)
    }
    let ranges = Array(zip(starts, boundaries))
    let parts = split.concurrently ? ranges.concurrentMap(minimumChunk: 1, chunksPerCore: ranges.count, read) : ranges.map(read)
    var results: [VaultContents] = []
    for part in parts {
      guard let (contents, _) = part else { return nil }
      results.append(contents)
    }
    guard let (_, end) = parts.last ?? nil else { return nil }
    return (results, end)
  }

  /// Reads the entries of one part (see `readEntriesInParallel`); it ends with its boundary comma
  /// or runs to the end of the payload.
  private static func readPart(_ part: [UInt8], hasBoundary: Bool) -> (VaultContents, Int)? {
    var reader = JSONReader(bytes: part)
    var contents = VaultContents()
    contents.records.reserveCapacity(part.count / 256)
    do { try readEntries(&reader, into: &contents, upTo: hasBoundary ? part.count - 1 : nil) } catch { return nil }
    return (contents, reader.offset)
  }

  private static let entryBoundary = Array(#",{"id":""#.utf8)

  /// The offset of the next `,{"id":"` at or after `position`.
  static func nextEntryBoundary(in bytes: [UInt8], from position: Int) -> Int? {
    let pattern = entryBoundary
    var index = position
    while index + pattern.count <= bytes.count {
      if bytes[index] == pattern[0] {
        var offset = 1
        while offset < pattern.count && bytes[index + offset] == pattern[offset] { offset += 1 }
        if offset == pattern.count { return index }
      }
      index += 1
    }
    return nil
  }

  /// The members of an account entry (and the payload's two lists), by name.
  enum Member: Int, CaseIterable {
    case id, type, issuer, name, secret, algorithm, digits, period, counter, note, tags, favourite, created, modified,
      extra, pin, version, conflicts
    case accounts, tombstones

    static let names: [[UInt8]] = allCases.map { Array("\($0)".utf8) }
    /// Each name as it appears in Otter's own output, quoted and followed by its colon.
    static let quotedNames: [[UInt8]] = allCases.map { Array("\"\($0)\":".utf8) }

    /// A private copy of `quotedNames` for one reader: threads sharing the global arrays would
    /// contend on their reference counts (a fifth of the decoding time, measured).
    static func quotedNamesCopy() -> [[UInt8]] { quotedNames.map { $0.map { $0 } } }
    /// The bit set with every account member in it but `pin` (mOTP and Yandex accounts only).
    static let allAccountMembers = (1 << (Member.extra.rawValue + 1)) - 1
  }

  /// One account entry in the shape Otter writes, or nil (with the reader anywhere) for any
  /// other shape: an unknown or repeated member, an escaped name, a number with a fraction, a
  /// value the account cannot hold.
  ///
  /// - Parameter names: `Member.quotedNamesCopy()`, made once per reader.
  static func directRecord(_ reader: inout JSONReader, names: [[UInt8]]) -> VaultRecord? {
    guard reader.consume(UInt8(ascii: "{")) else { return nil }
    var seen = 0
    var id: UUID?  // not UUID(): a random one reads /dev/urandom
    var kind = OTPKind.totp
    var issuer = ""
    var name = ""
    var secret: SecretBytes?
    var algorithm = DigestAlgorithm.sha1
    var digits: Int64 = 0
    var period: Int64 = 0
    var counter: UInt64 = 0
    var note = ""
    var tags: [String] = []
    var favourite = false
    var created: Int64 = 0
    var modified: Int64 = 0
    var extras: [URIParameter] = []
    var pin: SecretBytes?
    var version: RecordVersion?
    var expected = Member.id
    repeat {
      guard let member = reader.readName(expecting: expected, names: names), member.rawValue <= Member.version.rawValue,
        seen & (1 << member.rawValue) == 0
      else { return nil }
      expected = Member(rawValue: member.rawValue + 1) ?? .id
      seen |= 1 << member.rawValue
      switch member {
      case .id:
        guard let text = reader.readPlainString(), let value = UUID(canonicalText: reader.bytes, in: text) else { return nil }
        id = value
      case .type:
        guard let text = reader.readPlainString(), let value = OTPKind(rawValue: reader.text(text)) else { return nil }
        kind = value
      case .algorithm:
        guard let text = reader.readPlainString(), let value = DigestAlgorithm(rawValue: reader.text(text)) else {
          return nil
        }
        algorithm = value
      case .counter:
        guard let text = reader.readPlainString(), let value = UInt64(reader.text(text)) else { return nil }
        counter = value
      case .secret:
        guard let text = reader.readPlainString(), let value = try? Base32.decode(utf8: reader.bytes[text]) else {
          return nil
        }
        secret = value
      case .issuer, .name, .note:
        guard let value = try? reader.readString() else { return nil }
        switch member {
        case .issuer: issuer = value
        case .name: name = value
        default: note = value
        }
      case .digits, .period, .created, .modified:
        guard let value = reader.readInt64() else { return nil }
        switch member {
        case .digits: digits = value
        case .period: period = value
        case .created: created = value
        default: modified = value
        }
      case .favourite:
        guard let value = reader.readBool() else { return nil }
        favourite = value
      case .tags:
        guard let value = readStrings(&reader) else { return nil }
        tags = value
      case .extra:
        guard reader.consume(UInt8(ascii: "[")) else { return nil }
        if !reader.consume(UInt8(ascii: "]")) {
          repeat {
            guard let pair = readStrings(&reader), pair.count == 2 else { return nil }
            extras.append(URIParameter(name: pair[0], value: pair[1]))
          } while reader.consume(UInt8(ascii: ","))
          guard reader.consume(UInt8(ascii: "]")) else { return nil }
        }
      case .pin:
        guard let text = reader.readPlainString() else { return nil }
        pin = SecretBytes(reader.bytes[text])
      case .version:
        guard let value = readVersion(&reader) else { return nil }
        version = value
      case .conflicts, .accounts, .tombstones:
        // A record in conflict is rare: the tree reads it.
        return nil
      }
    } while reader.consume(UInt8(ascii: ","))
    var members = pin == nil ? Member.allAccountMembers : Member.allAccountMembers | 1 << Member.pin.rawValue
    if version != nil { members |= 1 << Member.version.rawValue }
    guard reader.consume(UInt8(ascii: "}")), seen == members, let id, let secret, kind.needsPIN == (pin != nil),
      let digitsValue = Int(exactly: digits), let periodValue = Int(exactly: period),
      let account = try? OTPAccount(
        kind: kind, issuer: issuer, name: name, secret: secret, algorithm: algorithm, digits: digitsValue,
        period: periodValue, counter: counter, extraParameters: extras, pin: pin)
    else { return nil }
    return VaultRecord(
      id: id, account: account, note: note, tags: tags, favourite: favourite, created: created, modified: modified,
      version: version ?? .seeded(at: modified))
  }

  /// A version as Otter writes it, `[["device",count],…]`, with the limits the tree reader
  /// checks (each device once, 1 to 64 bytes; counts 1 to 2^64 − 1; at most 4,096), or nil.
  static func readVersion(_ reader: inout JSONReader) -> RecordVersion? {
    guard reader.consume(UInt8(ascii: "[")) else { return nil }
    var counts: [String: UInt64] = [:]
    if reader.consume(UInt8(ascii: "]")) { return RecordVersion() }
    repeat {
      guard counts.count < 4096, reader.consume(UInt8(ascii: "[")), let device = try? reader.readString(), !device.isEmpty,
        device.utf8.count <= 64, counts[device] == nil, reader.consume(UInt8(ascii: ",")), let number = reader.readUInt64(),
        number > 0, reader.consume(UInt8(ascii: "]"))
      else { return nil }
      counts[device] = number
    } while reader.consume(UInt8(ascii: ","))
    return reader.consume(UInt8(ascii: "]")) ? RecordVersion(counts) : nil
  }

  /// An array of strings, or nil for anything else.
  static func readStrings(_ reader: inout JSONReader) -> [String]? {
    guard reader.consume(UInt8(ascii: "[")) else { return nil }
    var strings: [String] = []
    if reader.consume(UInt8(ascii: "]")) { return strings }
    repeat {
      guard let value = try? reader.readString() else { return nil }
      strings.append(value)
    } while reader.consume(UInt8(ascii: ","))
    return reader.consume(UInt8(ascii: "]")) ? strings : nil
  }
}

extension JSONReader {
  /// A member name this decoder knows, followed by its colon; nil for anything else.
  ///
  /// - Parameter expected: the member that usually comes next (Otter writes them in a fixed
  ///   order), tried first.
  fileprivate mutating func readName(expecting expected: VaultPayload.Member? = nil, names: [[UInt8]] = [])
    -> VaultPayload.Member?
  {
    if let expected, expected.rawValue < names.count, consume(names[expected.rawValue]) { return expected }
    guard let text = readPlainString(), consume(UInt8(ascii: ":")) else { return nil }
    let names = VaultPayload.Member.names
    for (index, candidate) in names.enumerated() where bytes(in: text, equal: candidate) {
      return VaultPayload.Member(rawValue: index)
    }
    return nil
  }

  /// Whether the bytes in `range` are `word` (a plain loop: `elementsEqual` between an array
  /// and a slice cost ten times as much).
  fileprivate func bytes(in range: Range<Int>, equal word: [UInt8]) -> Bool {
    guard range.count == word.count else { return false }
    var position = range.lowerBound
    for byte in word {
      guard bytes[position] == byte else { return false }
      position += 1
    }
    return true
  }

  /// The bytes in `range` as a `String` (short ones are stored inline, without allocating).
  fileprivate func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
}
