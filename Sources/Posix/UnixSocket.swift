import CLinux

#if canImport(Glibc)
  import Glibc
#endif

/// Unix-domain stream sockets, for the agent and its clients.
public enum UnixSocket {
  /// The longest socket path the kernel takes (sun_path, with its final NUL).
  public static let maximumPath = 107

  /// A socket listening at `path`, created mode 0600 (the umask is narrowed around `bind`).
  ///
  /// The corresponding C functions are `socket`, `bind` and `listen`.
  public static func listen(at path: String) throws(SystemError) -> Int32 {
    let fd = try make(path)
    let old = umask(0o177)
    defer { umask(old) }
    let bound = unsafe withAddress(path) { unsafe bind(fd, $0, $1) }
    guard bound == 0 else {
      let error = SystemError.last("bind", path)
      Posix.close(fd)
      throw error
    }
    guard Glibc.listen(fd, 16) == 0 else {
      let error = SystemError.last("listen", path)
      Posix.close(fd)
      throw error
    }
    return fd
  }

  /// A connection to the socket at `path`.
  ///
  /// - Throws: `SystemError` (ENOENT: nothing there; ECONNREFUSED: a socket nobody listens on).
  /// The corresponding C function is `connect`.
  public static func connect(to path: String) throws(SystemError) -> Int32 {
    let fd = try make(path)
    while true {
      if unsafe withAddress(path, { unsafe Glibc.connect(fd, $0, $1) }) == 0 { return fd }
      if errno == EINTR { continue }
      let error = SystemError.last("connect", path)
      Posix.close(fd)
      throw error
    }
  }

  /// The next connection on listening socket `fd`.
  ///
  /// The corresponding C function is `accept4`.
  public static func accept(_ fd: Int32) throws(SystemError) -> Int32 {
    while true {
      let client = otter_accept_cloexec(fd)
      if client >= 0 { return client }
      if errno != EINTR { throw .last("accept", "") }
    }
  }

  /// The user id of the process at the other end of `fd`, from the kernel.
  ///
  /// The corresponding C function is `getsockopt(SO_PEERCRED)`.
  public static func peerUser(_ fd: Int32) throws(SystemError) -> uid_t {
    let uid = otter_peer_uid(fd)
    guard uid >= 0 else { throw .last("getsockopt(SO_PEERCRED)", "") }
    return uid_t(uid)
  }

  /// Makes reads and writes on `fd` give up after `seconds` (a client that stalls).
  ///
  /// The corresponding C function is `setsockopt(SO_RCVTIMEO, SO_SNDTIMEO)`.
  public static func setTimeout(_ fd: Int32, seconds: Int) {
    var value = timeval(tv_sec: seconds, tv_usec: 0)
    let size = socklen_t(MemoryLayout<timeval>.size)
    _ = unsafe setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, size)
    _ = unsafe setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, size)
  }

  /// Waits until `fd` can be read, at most `milliseconds` (-1: forever).
  ///
  /// - Returns: true when readable; false on a timeout or a signal.
  /// The corresponding C function is `poll`.
  public static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
    var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return unsafe poll(&entry, 1, milliseconds) > 0
  }

  /// Waits until any of `fds` can be read (or its peer hung up), at most `milliseconds` (-1:
  /// forever).
  ///
  /// - Returns: for each descriptor, whether it is ready; all false on a timeout or a signal.
  /// The corresponding C function is `poll`.
  public static func waitReadable(_ fds: [Int32], milliseconds: Int32) -> [Bool] {
    var entries = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    guard unsafe poll(&entries, nfds_t(entries.count), milliseconds) > 0 else { return fds.map { _ in false } }
    return entries.map { $0.revents != 0 }
  }

  /// What a read that does not wait found.
  public enum Received: Equatable, Sendable {
    /// This many bytes were appended.
    case bytes(Int)
    /// Nothing is there yet.
    case nothingYet
    /// The peer closed, or the connection failed.
    case closed
  }

  /// Appends to `buffer` what `fd` holds now, at most `limit` bytes, without waiting.
  ///
  /// The corresponding C function is `recv(MSG_DONTWAIT)`.
  public static func receiveAvailable(_ fd: Int32, into buffer: inout [UInt8], limit: Int) -> Received {
    guard limit > 0 else { return .nothingYet }
    var chunk = [UInt8](repeating: 0, count: min(limit, 4096))
    defer { for index in chunk.indices { chunk[index] = 0 } }
    while true {
      let got = unsafe chunk.withUnsafeMutableBytes { unsafe recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
      if got > 0 {
        buffer.append(contentsOf: chunk[0..<got])
        return .bytes(got)
      }
      if got == 0 { return .closed }
      if errno == EINTR { continue }
      return errno == EAGAIN || errno == EWOULDBLOCK ? .nothingYet : .closed
    }
  }

  /// Sends every byte of `bytes`, never raising SIGPIPE (a peer that went away is a failed
  /// send, not the end of this process).
  ///
  /// - Returns: whether everything was sent.
  /// The corresponding C function is `send(MSG_NOSIGNAL)`.
  /// - Parameter nonBlocking: give up rather than wait when the peer does not read (the
  ///   agent never lets one client hold it up).
  @discardableResult
  public static func sendAll(_ fd: Int32, _ bytes: [UInt8], nonBlocking: Bool = false) -> Bool {
    unsafe bytes.withUnsafeBytes { unsafe sendAll(fd, $0, nonBlocking: nonBlocking) }
  }

  /// Sends every byte of `buffer` (see `sendAll(_:_:nonBlocking:)`): for a reply built in
  /// locked memory that must not be copied into an array.
  @discardableResult
  public static func sendAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, nonBlocking: Bool = false) -> Bool {
    let flags = Int32(MSG_NOSIGNAL) | (nonBlocking ? Int32(MSG_DONTWAIT) : 0)
    var offset = 0
    while offset < buffer.count {
      let sent = unsafe send(fd, buffer.baseAddress.unsafelyUnwrapped + offset, buffer.count - offset, flags)
      if sent < 0 {
        if errno == EINTR { continue }
        return false
      }
      offset += sent
    }
    return true
  }

  /// Reads exactly `count` bytes, or nil when the peer closed or stalled first.
  public static func read(_ fd: Int32, count: Int) -> [UInt8]? {
    var bytes = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let got = unsafe bytes.withUnsafeMutableBytes { buffer in
        (try? unsafe Posix.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))) ?? 0
      }
      guard got > 0 else {
        for index in bytes.indices { bytes[index] = 0 }
        return nil
      }
      filled += got
    }
    return bytes
  }

  private static func make(_ path: String) throws(SystemError) -> Int32 {
    guard path.utf8.count <= maximumPath else { throw SystemError(operation: "socket", path: path, code: ENAMETOOLONG) }
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw .last("socket", path) }
    return fd
  }

  /// Calls `body` with a `sockaddr_un` for `path`.
  private static func withAddress<Result>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    unsafe withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (index, byte) in bytes.enumerated() { unsafe raw[index] = byte }
    }
    return unsafe withUnsafePointer(to: &address) { pointer in
      unsafe pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        unsafe body($0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
  }
}
