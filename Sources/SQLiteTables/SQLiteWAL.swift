/// A SQLite write-ahead log applied to its database image in memory: a database copied off a
/// phone is often in WAL mode (header bytes 18–19 are 2), its last changes still in
/// `NAME-wal` beside it. The log is read as SQLite's file format documents it (a 32-byte
/// header, then frames of a 24-byte header and one page, each checked by its salts and its
/// running checksum); the pages of every frame up to the last valid commit are laid over the
/// image. Nothing is written anywhere, and no SQLite code runs on the log.
public enum SQLiteWAL {
  /// The largest log read (it is bounded like the database itself).
  public static let maximumBytes = 64 << 20

  /// `database` with `wal` applied, marked as a rollback-journal database (header bytes 18–19
  /// set to 1) so that it opens from memory; `database` alone, so marked, when the log holds
  /// no committed frame or is not a log for a database of this page size.
  public static func applying(_ wal: [UInt8]?, to database: [UInt8]) -> [UInt8] {
    var image = overlaying(wal, on: database)
    markRollbackJournal(&image)
    return image
  }

  /// `database` with the committed frames of `wal` laid over it (as it is, when there are none).
  static func overlaying(_ wal: [UInt8]?, on database: [UInt8]) -> [UInt8] {
    var image = database
    guard let wal, wal.count >= 32, wal.count <= maximumBytes, image.count >= 100 else { return image }
    let magic = word(wal, 0, bigEndian: true)
    guard magic == 0x377F_0682 || magic == 0x377F_0683 else { return image }
    let bigEndian = magic & 1 == 1
    let pageSize = Int(word(wal, 8, bigEndian: true)) == 1 ? 65_536 : Int(word(wal, 8, bigEndian: true))
    guard pageSize >= 512, pageSize <= 65_536, pageSize & (pageSize - 1) == 0 else { return image }
    let imagePageSize = Int(image[16]) << 8 | Int(image[17])
    guard (imagePageSize == 1 ? 65_536 : imagePageSize) == pageSize else { return image }
    var sums = checksum(wal, 0..<24, bigEndian: bigEndian, from: (0, 0))
    guard sums.0 == word(wal, 24, bigEndian: true), sums.1 == word(wal, 28, bigEndian: true) else { return image }
    let salts = (word(wal, 16, bigEndian: true), word(wal, 20, bigEndian: true))
    // Pages of frames not yet committed wait here; a commit frame lays them over the image.
    var pending: [(page: Int, offset: Int)] = []
    var offset = 32
    while offset + 24 + pageSize <= wal.count {
      guard word(wal, offset + 8, bigEndian: true) == salts.0, word(wal, offset + 12, bigEndian: true) == salts.1 else { break }
      sums = checksum(wal, offset..<(offset + 8), bigEndian: bigEndian, from: sums)
      sums = checksum(wal, (offset + 24)..<(offset + 24 + pageSize), bigEndian: bigEndian, from: sums)
      guard sums.0 == word(wal, offset + 16, bigEndian: true), sums.1 == word(wal, offset + 20, bigEndian: true) else { break }
      let page = Int(word(wal, offset, bigEndian: true))
      guard page >= 1, page <= maximumBytes / pageSize else { break }
      pending.append((page, offset + 24))
      let commitSize = Int(word(wal, offset + 4, bigEndian: true))
      if commitSize > 0 {
        guard commitSize <= maximumBytes / pageSize else { break }
        apply(pending, from: wal, pageSize: pageSize, to: &image)
        pending = []
        // The database's size in pages after this commit.
        let size = commitSize * pageSize
        if image.count > size {
          image.removeSubrange(size...)
        } else if image.count < size {
          image += [UInt8](repeating: 0, count: size - image.count)
        }
      }
      offset += 24 + pageSize
    }
    return image
  }

  /// Header bytes 18 and 19 (the write and read format versions) set to 1, legacy: a database
  /// image read from memory has no log of its own to look for.
  static func markRollbackJournal(_ image: inout [UInt8]) {
    guard image.count >= 20, image[18] == 2 || image[19] == 2 else { return }
    image[18] = 1
    image[19] = 1
  }

  private static func apply(_ frames: [(page: Int, offset: Int)], from wal: [UInt8], pageSize: Int, to image: inout [UInt8]) {
    for frame in frames {
      let start = (frame.page - 1) * pageSize
      if image.count < start + pageSize { image += [UInt8](repeating: 0, count: start + pageSize - image.count) }
      image.replaceSubrange(start..<(start + pageSize), with: wal[frame.offset..<(frame.offset + pageSize)])
    }
  }

  /// The 32-bit word at `offset`.
  private static func word(_ bytes: [UInt8], _ offset: Int, bigEndian: Bool) -> UInt32 {
    let b = bytes[offset..<(offset + 4)].map(UInt32.init)
    return bigEndian ? b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3] : b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]
  }

  /// SQLite's WAL checksum of `range` (a multiple of 8 bytes), continuing from `sums`.
  private static func checksum(_ bytes: [UInt8], _ range: Range<Int>, bigEndian: Bool, from sums: (UInt32, UInt32))
    -> (UInt32, UInt32)
  {
    var (s0, s1) = sums
    var index = range.lowerBound
    while index + 8 <= range.upperBound {
      s0 = s0 &+ word(bytes, index, bigEndian: bigEndian) &+ s1
      s1 = s1 &+ word(bytes, index + 4, bigEndian: bigEndian) &+ s0
      index += 8
    }
    return (s0, s1)
  }
}
