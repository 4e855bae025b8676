import CryptoPrimitives
import Posix

#if canImport(Glibc)
  import Glibc
#endif

/// Reads secret-bearing input from standard input or a file, never from argv.
public enum InputSource {
  /// The most bytes read from one source; protects against a runaway pipe.
  public static let limit = 16 << 20

  /// All bytes of `path` ("-" is standard input). A file or a pipe (`<(command)`) is read up to
  /// the limit; a folder or a device is refused at once.
  ///
  /// - Throws: `OtterFailure` with status 66 when the file is missing, cannot be opened or is
  ///   not a file or a pipe, 74 on a read error, 65 when the input is larger than `limit`.
  public static func read(_ path: String) throws(OtterFailure) -> [UInt8] {
    let fd = try open(path)
    defer { if path != "-" { Posix.close(fd) } }
    if path != "-" {
      let type = (try? Posix.status(of: fd, path: path))?.st_mode ?? 0
      guard type & S_IFMT == S_IFREG || type & S_IFMT == S_IFIFO else {
        throw OtterFailure(.noInput, "\(path) is \(type & S_IFMT == S_IFDIR ? "a folder" : "not a file or a pipe"); give a file")
      }
    }
    do {
      return try Posix.readAll(fd, path: path, limit: limit)
    } catch  where error.code == EFBIG {
      throw OtterFailure(.dataError, "\(name(of: path)) is larger than \(limit >> 20) MiB")
    } catch {
      throw OtterFailure(.ioError, "cannot read \(name(of: path)): \(Posix.errorText(error.code))")
    }
  }

  /// How messages name `path`.
  public static func name(of path: String) -> String { path == "-" ? "standard input" : path }

  private static func open(_ path: String) throws(OtterFailure) -> Int32 {
    if path == "-" { return 0 }
    do {
      // O_NONBLOCK: opening a FIFO without a writer must not hang; reads then block as usual.
      let fd = try Posix.open(path, O_RDONLY | O_NONBLOCK)
      let flags = fcntl(fd, F_GETFL)
      _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
      return fd
    } catch  where error.code == ENOENT {
      throw OtterFailure(.noInput, "\(path): no such file")
    } catch {
      throw OtterFailure(.noInput, "\(path): cannot be opened for reading (check its permissions)")
    }
  }

  /// The first non-blank line of `bytes`, trimmed; lines starting with `#` are comments.
  public static func firstLine(_ bytes: [UInt8]) -> String? {
    for line in lines(bytes) where !line.text.isEmpty && !line.text.hasPrefix("#") { return line.text }
    return nil
  }

  /// The lines of `bytes` with their 1-based numbers, trimmed of surrounding whitespace.
  public static func lines(_ bytes: [UInt8]) -> [(number: Int, text: String)] {
    var result: [(Int, String)] = []
    var number = 0
    for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      number += 1
      result.append((number, trimmed(String(decoding: raw, as: UTF8.self))))
    }
    return result
  }

  /// The lines that carry data: not blank, not a `#` comment.
  public static func dataLines(_ bytes: [UInt8]) -> [(number: Int, text: String)] {
    lines(bytes).filter { !$0.text.isEmpty && !$0.text.hasPrefix("#") }
  }

  /// `bytes` without the ASCII whitespace around them (for a secret that must stay bytes).
  public static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
    guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
      return []
    }
    return Array(bytes[first...last])
  }

  /// `text` without the whitespace and newlines around it.
  public static func trimmed(_ text: String) -> String {
    var scalars = Substring(text).unicodeScalars
    while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }

  /// What `bytes` look like when they are no list of URIs but a file for `otter import`: an
  /// image, an archive or database, some other binary, or an app's JSON, XML or HTML export.
  public static func importableKind(of bytes: [UInt8]) -> String? {
    func starts(_ magic: [UInt8]) -> Bool { bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic }
    if starts([0x89, 0x50, 0x4E, 0x47]) || starts([0xFF, 0xD8, 0xFF]) || starts(Array("GIF8".utf8))
      || (starts(Array("RIFF".utf8)) && bytes.count >= 12 && Array(bytes[8..<12]) == Array("WEBP".utf8))
    {
      return "an image"
    }
    if starts([0x50, 0x4B, 0x03, 0x04]) { return "a zip archive (an export)" }
    if starts(Array("SQLite format 3".utf8)) { return "a database (a phone app's)" }
    // Binary: many raw control bytes (a stray one in a pasted URI is that line's own error).
    let controls = bytes.prefix(4096).reduce(0) { $0 + ($1 < 0x20 && $1 != 0x09 && $1 != 0x0A && $1 != 0x0D ? 1 : 0) }
    if controls >= 4 && controls * 50 >= min(bytes.count, 4096) { return "a binary file (an export)" }
    let first = bytes.first { !(0x20 == $0 || (0x09...0x0D).contains($0)) }
    if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return "an app's JSON export" }
    if first == UInt8(ascii: "<") { return "an app's XML or HTML export" }
    return nil
  }
}
