internal import CSQLite

#if canImport(Glibc)
  import Glibc
#endif

/// Why a database file could not be read.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
  public let description: String
  init(_ description: String) { self.description = description }
}

/// One value of a row, as SQLite stores it.
public enum SQLiteValue: Equatable, Sendable {
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob([UInt8])
  case null

  public var text: String? {
    switch self {
    case .text(let text): text
    case .integer(let value): String(value)
    default: nil
    }
  }

  public var integer: Int64? {
    switch self {
    case .integer(let value): value
    case .text(let text): Int64(text)
    default: nil
    }
  }
}

/// A SQLite database file read from memory, never from or to disk: the bytes are handed to
/// `sqlite3_deserialize` read-only (the in-memory form of `mode=ro&immutable=1`: no journal,
/// no lock, no write can reach the phone's file), with triggers, views and schema functions
/// off, values capped at 1 MiB and every query bounded in steps. The only file that calls
/// libsqlite3; the copy of the file is zeroed when the database is closed.
@safe public final class SQLiteDatabase {
  /// The largest file read (a phone's authenticator database is a few hundred KiB).
  public static let maximumBytes = 64 << 20
  /// The most rows read from one table.
  public static let maximumRows = 100_000
  static let maximumValueBytes = 1 << 20
  static let maximumSteps = 2_000_000  // thousands of VM steps, about 10 s at worst

  private let handle: OpaquePointer
  private let buffer: UnsafeMutableRawBufferPointer
  /// What every value read from this database may add up to, in bytes: linear in the file's
  /// size (a column's DEFAULT can make each row read back far more than the file stores).
  private var bytesLeft: Int
  private let stepsLeft: UnsafeMutablePointer<Int>

  /// Whether `bytes` start with SQLite's file header.
  public static func isDatabase(_ bytes: [UInt8]) -> Bool {
    bytes.starts(with: Array("SQLite format 3".utf8) + [0])
  }

  /// The corresponding C functions are `sqlite3_open_v2`, `sqlite3_db_config` and
  /// `sqlite3_deserialize`.
  public init(_ bytes: [UInt8]) throws(SQLiteError) {
    guard Self.isDatabase(bytes) else { throw SQLiteError("not a SQLite database") }
    guard bytes.count <= Self.maximumBytes else {
      throw SQLiteError("the database is \(bytes.count >> 20) MiB, over Otter's limit of \(Self.maximumBytes >> 20) MiB")
    }
    var opened: OpaquePointer?
    let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE
    guard unsafe sqlite3_open_v2(":memory:", &opened, flags, nil) == SQLITE_OK, let opened = unsafe opened else {
      unsafe sqlite3_close(opened)
      throw SQLiteError("SQLite could not open an in-memory database")
    }
    let steps = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    unsafe steps.initialize(to: Self.maximumSteps)
    // A database in WAL mode (header bytes 18–19 are 2) would look for its log: from memory
    // it is read as the rollback-journal database it is once its log (if any) is applied.
    var image = bytes
    SQLiteWAL.markRollbackJournal(&image)
    defer { for index in image.indices { image[index] = 0 } }
    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(image.count, 1), alignment: 16)
    unsafe copy.copyBytes(from: image)
    unsafe handle = opened
    unsafe buffer = copy
    bytesLeft = Self.readBudget(forFileOf: bytes.count)
    unsafe stepsLeft = steps
    guard unsafe otter_sqlite_harden(opened, Int32(Self.maximumValueBytes), steps) == SQLITE_OK else {
      throw SQLiteError("SQLite refused the read-only settings")
    }
    let loaded = unsafe sqlite3_deserialize(
      opened, "main", copy.baseAddress?.assumingMemoryBound(to: UInt8.self), Int64(bytes.count), Int64(bytes.count),
      UInt32(SQLITE_DESERIALIZE_READONLY))
    guard loaded == SQLITE_OK else { throw SQLiteError("SQLite could not load the file (\(Self.message(loaded)))") }
  }

  deinit {
    unsafe sqlite3_close_v2(handle)
    if let base = unsafe buffer.baseAddress { unsafe explicit_bzero(base, buffer.count) }
    unsafe buffer.deallocate()
    unsafe stepsLeft.deallocate()
  }

  /// The bytes of values a database file of `size` bytes may be read back as: 16 times its
  /// size and 1 MiB more.
  public static func readBudget(forFileOf size: Int) -> Int { 16 * size + (1 << 20) }

  /// The column names of the table `name`, or nil when the file has no table (a view does
  /// not count) of that name.
  public func columns(of table: String) throws(SQLiteError) -> [String]? {
    let kind = try query("SELECT type FROM sqlite_master WHERE name = '\(Self.literal(table))'", columns: 1)
    guard kind.contains(where: { $0.first == .text("table") }) else { return nil }
    return try query("SELECT name FROM pragma_table_info('\(Self.literal(table))')", columns: 1).compactMap { $0.first?.text }
  }

  /// Every row of `table`, with the values of `columns` (those the table has; a column it lacks
  /// is absent from the rows), at most `maximumRows`.
  public func rows(of table: String, columns wanted: [String]) throws(SQLiteError) -> [[String: SQLiteValue]] {
    guard let present = try columns(of: table) else { throw SQLiteError("the database has no table '\(table)'") }
    let selected = wanted.filter { present.contains($0) }
    guard !selected.isEmpty else { return [] }
    let list = selected.map { "\"\(Self.identifier($0))\"" }.joined(separator: ", ")
    let rows = try query("SELECT \(list) FROM \"\(Self.identifier(table))\"", columns: selected.count)
    return rows.map { Dictionary(uniqueKeysWithValues: zip(selected, $0)) }
  }

  /// The corresponding C functions are `sqlite3_prepare_v2`, `sqlite3_step` and
  /// `sqlite3_column_*`.
  private func query(_ sql: String, columns: Int) throws(SQLiteError) -> [[SQLiteValue]] {
    var statement: OpaquePointer?
    let prepared = unsafe sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
    guard prepared == SQLITE_OK, let statement = unsafe statement else {
      throw SQLiteError("the database could not be read (\(Self.message(prepared)))")
    }
    defer { unsafe sqlite3_finalize(statement) }
    var rows: [[SQLiteValue]] = []
    while true {
      let stepped = unsafe sqlite3_step(statement)
      if stepped == SQLITE_DONE { break }
      guard stepped == SQLITE_ROW else {
        if stepped == SQLITE_INTERRUPT { throw SQLiteError("reading the database took too long; it is damaged or not a phone's") }
        throw SQLiteError("the database could not be read (\(Self.message(stepped)))")
      }
      guard rows.count < Self.maximumRows else { throw SQLiteError("the table has more than \(Self.maximumRows) rows") }
      var row: [SQLiteValue] = []
      for column in 0..<Int32(columns) {
        // Counted before the value is copied out: the budget bounds the work, not only the result.
        // (The type first: asking a number's size would turn it into text.)
        let type = unsafe sqlite3_column_type(statement, column)
        let size = type == SQLITE_TEXT || type == SQLITE_BLOB ? Int(unsafe sqlite3_column_bytes(statement, column)) : 8
        bytesLeft -= 16 + size
        guard bytesLeft >= 0 else {
          throw SQLiteError(
            "the database reads back far more than the \(buffer.count >> 10) KiB it holds; it is damaged, or not a phone's")
        }
        row.append(unsafe value(statement, column))
      }
      rows.append(row)
    }
    return rows
  }

  private func value(_ statement: OpaquePointer, _ column: Int32) -> SQLiteValue {
    switch unsafe sqlite3_column_type(statement, column) {
    case SQLITE_INTEGER: return .integer(unsafe sqlite3_column_int64(statement, column))
    case SQLITE_FLOAT: return .real(unsafe sqlite3_column_double(statement, column))
    case SQLITE_TEXT:
      let count = Int(unsafe sqlite3_column_bytes(statement, column))
      guard let text = unsafe sqlite3_column_text(statement, column) else { return .text("") }
      return .text(unsafe String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
    case SQLITE_BLOB:
      let count = Int(unsafe sqlite3_column_bytes(statement, column))
      guard count > 0, let blob = unsafe sqlite3_column_blob(statement, column) else { return .blob([]) }
      return .blob(unsafe Array(UnsafeRawBufferPointer(start: blob, count: count)))
    default: return .null
    }
  }

  private static func message(_ code: Int32) -> String {
    guard let text = unsafe sqlite3_errstr(code) else { return "error \(code)" }
    return unsafe String(cString: text)
  }

  private static func literal(_ text: String) -> String {
    text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''")
  }
  private static func identifier(_ text: String) -> String {
    text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"")
  }
}
