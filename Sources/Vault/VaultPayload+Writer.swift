import CryptoPrimitives
import JSONCodec
import OTPCore

extension VaultPayload {
  /// The payload's JSON, written straight into one buffer without a JSON tree, so that no
  /// secret becomes a `String` (a tree held each secret's base32 as one, freed unwiped on every
  /// save). The text is exactly what the tree would serialize.
  ///
  /// The buffer is sized for the worst case of each entry before it is written (every character
  /// escaped), and grows only by copying into a larger buffer and zeroing the old one.
  static func encode(_ contents: VaultContents) throws(VaultError) -> SecretBytes {
    var writer = SecretTextWriter(reserving: 64 + contents.tombstones.count * 80)
    writer.append(#"{"accounts":["#)
    var first = true
    for record in contents.records {
      writer.reserve(worstCase(record))
      if !first { writer.append(",") }
      first = false
      write(record, to: &writer)
    }
    for entry in contents.unusable {
      var text = entry.json.serialized()
      writer.reserve(text.count + 1)
      if !first { writer.append(",") }
      first = false
      writer.append(bytes: text)
      wipe(&text)
    }
    writer.append(#"],"tombstones":["#)
    for (index, tombstone) in contents.tombstones.enumerated() {
      writer.reserve(80)
      writer.reserve(80 + 40 * tombstone.version.counts.count)
      writer.append(
        (index > 0 ? "," : "") + #"{"id":"\#(tombstone.id.lowercasedText)","deleted":\#(tombstone.deleted),"version":"#)
      writeVersion(tombstone.version, to: &writer)
      if tombstone.counter > 0 { writer.append(#","counter":"\#(tombstone.counter)""#) }
      writer.append("}")
    }
    writer.append("]}")
    return writer.finish()
  }

  /// The most bytes `record` can take: every string character escaped as `\uXXXX` (six bytes
  /// for one UTF-8 byte at most), plus the fixed text.
  static func worstCase(_ record: VaultRecord) -> Int {
    let account = record.account
    var strings = account.issuer.utf8.count + account.name.utf8.count + record.note.utf8.count
    for tag in record.tags { strings += tag.utf8.count + 3 }
    for extra in account.extraParameters { strings += extra.name.utf8.count + extra.value.utf8.count + 6 }
    let versions = 40 * record.version.counts.reduce(0) { $0 + $1.key.utf8.count + 1 }
    return 400 + 6 * strings + 2 * account.secret.count + (account.pin?.count ?? 0) + versions
      + record.conflicts.reduce(0) { $0 + worstCase($1) }
  }

  /// A version as `[["device",count],…]`, devices in order (device ids are hex; nothing to escape).
  static func writeVersion(_ version: RecordVersion, to writer: inout SecretTextWriter) {
    writer.append("[")
    for (index, pair) in version.pairs.enumerated() {
      if index > 0 { writer.append(",") }
      writer.append("[")
      writer.appendString(pair.device)
      writer.append(",\(pair.count)]")
    }
    writer.append("]")
  }

  /// One record, members in the order `object(for:)` has them.
  static func write(_ record: VaultRecord, to writer: inout SecretTextWriter) {
    let account = record.account
    writer.append(#"{"id":"\#(record.id.lowercasedText)","type":"\#(account.kind.rawValue)","issuer":"#)
    writer.appendString(account.issuer)
    writer.append(#","name":"#)
    writer.appendString(account.name)
    writer.append(#","secret":""#)
    writer.appendBase32(account.secret)
    writer.append(
      #"","algorithm":"\#(account.algorithm.rawValue)","digits":\#(account.digits),"period":\#(account.period),"counter":"\#(account.counter)","note":"#
    )
    writer.appendString(record.note)
    writer.append(#","tags":["#)
    for (index, tag) in record.tags.enumerated() {
      if index > 0 { writer.append(",") }
      writer.appendString(tag)
    }
    writer.append(#"],"favourite":\#(record.favourite),"created":\#(record.created),"modified":\#(record.modified),"extra":["#)
    for (index, extra) in account.extraParameters.enumerated() {
      writer.append(index > 0 ? ",[" : "[")
      writer.appendString(extra.name)
      writer.append(",")
      writer.appendString(extra.value)
      writer.append("]")
    }
    writer.append("]")
    if let pin = account.pin {
      // Digits only (`OTPAccount.checkPIN`): nothing to escape.
      writer.append(#","pin":""#)
      var digits = pin.copiedBytes()
      writer.append(bytes: digits)
      wipe(&digits)
      writer.append("\"")
    }
    writer.append(#","version":"#)
    writeVersion(record.version, to: &writer)
    if !record.conflicts.isEmpty {
      writer.append(#","conflicts":["#)
      for (index, other) in record.conflicts.enumerated() {
        if index > 0 { writer.append(",") }
        var alone = other
        alone.conflicts = []
        write(alone, to: &writer)
      }
      writer.append("]")
    }
    writer.append("}")
  }
}

/// A growing byte buffer for text that holds secrets: before an append that could pass its
/// capacity it moves to a buffer twice as large and zeroes the old one, so no copy is left
/// behind; `finish` hands the text over as `SecretBytes` and zeroes the buffer.
struct SecretTextWriter {
  private var buffer: [UInt8]

  init(reserving capacity: Int) {
    buffer = []
    buffer.reserveCapacity(capacity)
  }

  /// Makes room for `count` more bytes without the array reallocating on its own.
  mutating func reserve(_ count: Int) {
    guard buffer.count + count > buffer.capacity else { return }
    var larger: [UInt8] = []
    larger.reserveCapacity(max(buffer.capacity * 2, buffer.count + count))
    larger.append(contentsOf: buffer)
    wipe(&buffer)
    buffer = larger
  }

  mutating func append(_ text: String) {
    reserve(text.utf8.count)
    buffer.append(contentsOf: text.utf8)
  }

  mutating func append(bytes: [UInt8]) {
    reserve(bytes.count)
    buffer.append(contentsOf: bytes)
  }

  /// Appends `text` as a JSON string (room reserved by the caller's worst case).
  mutating func appendString(_ text: String) {
    JSON.appendString(text, to: &buffer)
  }

  mutating func appendBase32(_ secret: SecretBytes) {
    Base32.encode(secret, into: &buffer)
  }

  /// The text, copied into `SecretBytes`; the buffer is zeroed.
  mutating func finish() -> SecretBytes {
    let text = SecretBytes(buffer)
    wipe(&buffer)
    return text
  }
}
