import Foundation

/// Reads secret-bearing input from standard input or a file, never from argv.
enum InputSource {
  /// The most bytes read from one source; protects against a runaway pipe.
  static let limit = 16 << 20

  /// All bytes of `path` ("-" is standard input).
  ///
  /// - Throws: `OtterFailure` with status 66 when the file is missing, 74 on a read error,
  ///   65 when the input is larger than `limit`.
  static func read(_ path: String) throws(OtterFailure) -> [UInt8] {
    let handle: FileHandle
    if path == "-" {
      handle = FileHandle.standardInput
    } else {
      guard FileManager.default.fileExists(atPath: path) else {
        throw OtterFailure(.noInput, "\(path): no such file")
      }
      guard let opened = FileHandle(forReadingAtPath: path) else {
        throw OtterFailure(.noInput, "\(path): cannot be opened for reading (check its permissions)")
      }
      handle = opened
    }
    var bytes: [UInt8] = []
    do {
      while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
        bytes.append(contentsOf: chunk)
        guard bytes.count <= limit else {
          throw OtterFailure(.dataError, "\(path == "-" ? "standard input" : path) is larger than \(limit >> 20) MiB")
        }
      }
    } catch let failure as OtterFailure {
      throw failure
    } catch {
      throw OtterFailure(.ioError, "cannot read \(path == "-" ? "standard input" : path): \(error.localizedDescription)")
    }
    return bytes
  }

  /// The first non-blank line of `bytes`, trimmed; lines starting with `#` are comments.
  static func firstLine(_ bytes: [UInt8]) -> String? {
    for line in lines(bytes) where !line.text.isEmpty && !line.text.hasPrefix("#") { return line.text }
    return nil
  }

  /// The lines of `bytes` with their 1-based numbers, trimmed of surrounding whitespace.
  static func lines(_ bytes: [UInt8]) -> [(number: Int, text: String)] {
    var result: [(Int, String)] = []
    var number = 0
    for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      number += 1
      let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      result.append((number, text))
    }
    return result
  }
}
