internal import CZlib

/// Why a gzip stream could not be inflated.
public enum InflateError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The data is not a whole, intact gzip stream (zlib's message).
  case damaged(String)
  /// It inflates to more than the limit the caller set.
  case tooLarge(limit: Int)

  public var description: String {
    switch self {
    case .damaged(let what): "the compressed data is damaged (\(what))"
    case .tooLarge(let limit): "the compressed data inflates to more than \(limit / (1 << 20)) MiB"
    }
  }
}

/// gzip (RFC 1952) through zlib: KeePass databases compress their XML with it. The only
/// importer of CZlib.
public enum Gzip {
  /// The inflated bytes of the one gzip stream `data` holds (its CRC-32 and length checked),
  /// at most `limit` bytes: inflating stops as soon as more would come, so a small file that
  /// claims gigabytes costs no more than `limit`.
  ///
  /// - Throws: `InflateError`.
  /// The corresponding C functions are `inflateInit2_`, `inflate` and `inflateEnd`.
  public static func inflate(_ data: [UInt8], limit: Int) throws(InflateError) -> [UInt8] {
    var stream = unsafe z_stream()
    guard unsafe otter_inflate_init_gzip(&stream) == Z_OK else { throw .damaged("zlib did not start") }
    defer { unsafe inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    defer { wipe(&chunk) }
    // zlib reads the input in place (it never writes through next_in) and fills one chunk at a
    // time, which is appended; the output's size is checked after every chunk.
    let status = unsafe data.withUnsafeBufferPointer { source -> Result<Int32, InflateError> in
      unsafe stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
      unsafe stream.avail_in = UInt32(clamping: source.count)
      // Z_OK while there is more; Z_STREAM_END at the end; Z_BUF_ERROR when the input ended
      // before the stream did; anything else is damage.
      var status = Z_OK
      while status == Z_OK {
        status = unsafe chunk.withUnsafeMutableBufferPointer { target in
          unsafe stream.next_out = target.baseAddress
          unsafe stream.avail_out = UInt32(target.count)
          return unsafe CZlib.inflate(&stream, Z_NO_FLUSH)
        }
        let produced = chunk.count - Int(unsafe stream.avail_out)
        guard output.count + produced <= limit else { return .failure(.tooLarge(limit: limit)) }
        output.append(contentsOf: chunk[..<produced])
      }
      return .success(status)
    }
    guard case .success(let status) = status else {
      wipe(&output)
      throw .tooLarge(limit: limit)
    }
    guard status == Z_STREAM_END else {
      wipe(&output)
      let message = unsafe stream.msg.map { unsafe String(cString: $0) } ?? "the stream ends early"
      throw .damaged(message)
    }
    guard unsafe stream.avail_in == 0 else {
      wipe(&output)
      throw .damaged("data follows the end of the stream")
    }
    return output
  }

  /// Zeroes the bytes (they may hold a decrypted database).
  static func wipe(_ bytes: inout [UInt8]) {
    for index in bytes.indices { bytes[index] = 0 }
  }
}
