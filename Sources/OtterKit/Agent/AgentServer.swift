import CryptoPrimitives
import FoundationEssentials
import OTPCore
import Posix
import SessionSignals
import Vault

#if canImport(Glibc)
  import Glibc
#endif

/// The agent: one process per user that holds unlocked vaults' master keys (never a password)
/// for a while, so that commands need not derive the key again. It decides nothing about a
/// vault's contents: clients still read, verify and write the file themselves, under its lock.
///
/// It listens on a 0600 socket in a 0700 folder, answers only its own user (`SO_PEERCRED`),
/// keeps each key in locked memory (`mlock`), wipes a key when it expires, when told to forget
/// it (`otter lock`, a password change, the viewer locking), and every key on SIGTERM, SIGINT
/// or SIGHUP, and exits when it holds none. It sleeps in `poll` until the next request or the
/// next expiry: an idle agent uses no CPU.
public final class AgentServer {
  struct Entry {
    let key: SecretBytes
    let path: String
    /// Unix time it expires, or nil until it is forgotten.
    let expires: Int64?
    /// Kept when the machine suspends (`otter unlock --keep-on-suspend`).
    var keepOnSuspend = false
  }

  private var keys: [UUID: Entry] = [:]
  private let socketPath: String
  private let clock: WallClock
  private let monotonic = MonotonicClock()
  nonisolated(unsafe) static var stopRequested: sig_atomic_t = 0
  /// The write end of a pipe the stop handler writes to, so that a signal arriving just before
  /// `poll` still wakes it (the read end is among the descriptors polled).
  nonisolated(unsafe) static var wakeWriter: Int32 = -1
  static var stopping: Bool { unsafe stopRequested != 0 }

  /// - Parameter clock: the clock of the expiries: by default one that a change of the wall
  ///   clock does not stretch and that counts a suspend (`CLOCK_BOOTTIME`).
  public init(socketPath: String, clock: WallClock = MonotonicClock()) {
    self.socketPath = socketPath
    self.clock = clock
  }

  /// Makes the folder (0700, the user's own, not a link) and listens, replacing the socket of
  /// an agent that died. Returns nil when another agent already answers there.
  ///
  /// - Throws: `OtterFailure` when the folder is unsafe or the socket cannot be made.
  public static func listen(at socketPath: String) throws(OtterFailure) -> Int32? {
    try prepareFolder(for: socketPath)
    if let live = try? UnixSocket.connect(to: socketPath) {
      Posix.close(live)
      return nil
    }
    Posix.unlink(socketPath)  // a socket left by an agent that was killed
    do { return try UnixSocket.listen(at: socketPath) } catch { throw OtterFailure(.ioError, "\(error)") }
  }

  /// Makes the socket's folder (0700) and checks that it is a folder of this user's own that
  /// no one else can enter, not a link: in a shared `/tmp` someone else could have made it.
  ///
  /// - Throws: `OtterFailure` 64 for a socket path too long, 65 for an unsafe folder, 74 when
  ///   it cannot be made.
  public static func prepareFolder(for socketPath: String) throws(OtterFailure) {
    guard socketPath.utf8.count <= UnixSocket.maximumPath else {
      throw OtterFailure(
        .usage,
        "the agent socket path \(socketPath) is longer than \(UnixSocket.maximumPath) bytes; set a shorter XDG_RUNTIME_DIR")
    }
    let folder = VaultLocation(path: socketPath).folder
    do { try Posix.makeFolders(folder, mode: 0o700) } catch { throw OtterFailure(.ioError, "\(error)") }
    guard let info = try? Posix.linkStatus(folder), info.st_mode & S_IFMT == S_IFDIR, info.st_uid == Posix.effectiveUser,
      info.st_mode & 0o077 == 0
    else {
      throw OtterFailure(
        .dataError,
        "refusing the agent folder \(folder): it must be a folder of your own with mode 0700, not a link; set XDG_RUNTIME_DIR to a folder of your own (mode 0700)"
      )
    }
  }

  /// Serves on `listener`, starting with the key of `initial` (a put request's bytes, given on
  /// the agent's standard input by `otter unlock`), until no key is left or a stop signal
  /// arrives; then wipes every key and removes the socket.
  ///
  /// No client can hold it up: connections are read without waiting, all of them and the
  /// listener in one `poll`, each with a deadline of a second from its accept (a client that
  /// connects and sends nothing, or trickles bytes, is dropped then), so `otter lock`, an
  /// expiry and a stop signal are always served on time.
  public func serve(_ listener: Int32, initial: inout [UInt8]) {
    var wake: [Int32] = [-1, -1]
    if unsafe pipe(&wake) == 0 { unsafe Self.wakeWriter = wake[1] }
    defer {
      unsafe Self.wakeWriter = -1
      for fd in wake where fd >= 0 { Posix.close(fd) }
    }
    installStopHandlers()
    _ = handle(.put, initial)
    wipe(&initial)
    var connections: [Connection] = []
    // The session's signals (the system bus: logind; the session bus: the screen saver);
    // without a bus, or without libsystemd, the agent only expires and locks as before.
    let signals = [true, false].compactMap { system in try? SessionSignals(system: system) }
    let ownSession = Self.sessionPath(Environment.value("XDG_SESSION_ID"))
    defer {
      for connection in connections { connection.close() }
      keys.removeAll()
      Posix.close(listener)
      Posix.unlink(socketPath)
    }
    repeat {
      expire()
      let now = monotonic.milliseconds()
      var wait = nextExpiry().map { Int64(max(0, $0 - clock.now().seconds)) * 1000 + 50 } ?? -1
      for connection in connections {
        let left = max(0, connection.deadline - now)
        wait = wait < 0 ? left : min(wait, left)
      }
      if Self.stopping { break }
      let ready = UnixSocket.waitReadable(
        [listener, wake[0]] + signals.map(\.descriptor) + connections.map(\.fd), milliseconds: Int32(clamping: wait))
      if Self.stopping { break }
      for (index, watch) in signals.enumerated() where ready[index + 2] {
        for event in watch.take() { react(to: event, ownSession: ownSession) }
      }
      let first = 2 + signals.count
      for (index, connection) in connections.enumerated() where ready[index + first] { serve(connection) }
      if ready[0], let client = try? UnixSocket.accept(listener) {
        if connections.count < Self.maximumConnections {
          connections.append(Connection(fd: client, deadline: monotonic.milliseconds() + Self.deadlineMilliseconds))
        } else {
          Posix.close(client)
        }
      }
      let after = monotonic.milliseconds()
      connections.removeAll { connection in
        guard connection.done || connection.deadline <= after else { return false }
        connection.close()
        return true
      }
      expire()
    } while !keys.isEmpty && !Self.stopping
  }

  /// Forgets keys when the session can no longer be trusted with them: the machine suspends
  /// (except keys unlocked with `--keep-on-suspend`), this session locks (any session's Lock
  /// when the agent does not know its own), or the screen saver starts.
  func react(to event: SessionSignals.Event, ownSession: String?) {
    switch event {
    case .prepareForSleep(true): keys = keys.filter { $0.value.keepOnSuspend }
    case .sessionLock(let path) where ownSession == nil || ownSession == path: keys.removeAll()
    case .screenSaverActive(true): keys.removeAll()
    default: break
    }
  }

  /// logind's object path of session `id` (sd-bus's label escaping: every byte but an ASCII
  /// letter or digit, and a leading digit, as `_` and two hex digits).
  static func sessionPath(_ id: String?) -> String? {
    guard let id, !id.isEmpty else { return nil }
    var label = ""
    for (index, byte) in id.utf8.enumerated() {
      let letter = (65...90).contains(byte) || (97...122).contains(byte)
      let digit = (48...57).contains(byte)
      if letter || (digit && index > 0) {
        label.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        label += "_" + Hex.encode([byte])
      }
    }
    return "/org/freedesktop/login1/session/" + label
  }

  /// How long a client may take to send its request, from its accept.
  static let deadlineMilliseconds: Int64 = 1000
  /// Clients served at once; more are closed at once (each is dropped within a second anyway).
  static let maximumConnections = 32

  /// One client: the bytes of its request so far (wiped when it closes) and its deadline.
  final class Connection {
    let fd: Int32
    let deadline: Int64
    var request: [UInt8] = []
    var done = false

    init(fd: Int32, deadline: Int64) {
      self.fd = fd
      self.deadline = deadline
      request.reserveCapacity(64)
    }

    func close() {
      wipe(&request)
      Posix.close(fd)
    }
  }

  /// Reads what `connection` sent so far, without waiting, and answers once its request is
  /// whole. The request is read before any answer, so a refused client reads "refused" rather
  /// than a reset connection.
  private func serve(_ connection: Connection) {
    let wanted = Self.frameLength(connection.request) ?? 5
    guard wanted <= 5 + AgentProtocol.maximumLength,
      UnixSocket.receiveAvailable(connection.fd, into: &connection.request, limit: wanted - connection.request.count)
        != .closed
    else {
      connection.done = true
      return
    }
    guard let total = Self.frameLength(connection.request), total <= 5 + AgentProtocol.maximumLength else { return }
    guard connection.request.count == total else {
      // The header is whole: room for the payload at once, so a buffer that grows leaves no
      // copy of a key behind.
      connection.request.reserveCapacity(total)
      return
    }
    answer(connection.fd, operation: connection.request[0], payload: connection.request[5...])
    connection.done = true
  }

  /// The length of the whole message whose first bytes are `bytes` (5 + its payload's), or nil
  /// before its 5-byte header is there.
  static func frameLength(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 5 else { return nil }
    return 5 + (Int(bytes[1]) << 24 | Int(bytes[2]) << 16 | Int(bytes[3]) << 8 | Int(bytes[4]))
  }

  private func installStopHandlers() {
    var stop = sigaction()
    unsafe stop.__sigaction_handler.sa_handler = { _ in
      unsafe AgentServer.stopRequested = 1
      var byte: UInt8 = 1
      _ = unsafe write(AgentServer.wakeWriter, &byte, 1)
    }
    unsafe sigemptyset(&stop.sa_mask)
    stop.sa_flags = 0  // no SA_RESTART: poll returns at once
    for signal in [SIGTERM, SIGINT, SIGHUP] { unsafe sigaction(signal, &stop, nil) }
    signal(SIGPIPE, SIG_IGN)
  }

  private func nextExpiry() -> Int64? { keys.values.compactMap(\.expires).min() }

  private func expire() {
    let now = clock.now().seconds
    for (id, entry) in keys where entry.expires.map({ $0 <= now }) == true { keys[id] = nil }
  }

  /// Answers one whole request, from this user only; the reply that carries a key is built
  /// and sent from locked memory that wipes itself.
  func answer(_ client: Int32, operation: UInt8, payload: ArraySlice<UInt8>) {
    guard let uid = try? UnixSocket.peerUser(client), uid == Posix.effectiveUser else {
      UnixSocket.sendAll(client, AgentProtocol.frame(AgentProtocol.Status.refused.rawValue, []), nonBlocking: true)
      return
    }
    guard let kind = AgentProtocol.Operation(rawValue: operation) else {
      UnixSocket.sendAll(client, AgentProtocol.frame(AgentProtocol.Status.malformed.rawValue, []), nonBlocking: true)
      return
    }
    if kind == .get, let id = AgentProtocol.id(from: payload), let entry = keys[id] {
      let reply = SecretBytes(pagesFor: 5 + entry.key.count)
      reply.lockInMemory()
      reply[0] = AgentProtocol.Status.ok.rawValue
      reply[4] = UInt8(entry.key.count)
      for index in 0..<entry.key.count { reply[5 + index] = entry.key[index] }
      unsafe reply.withUnsafeBytes { _ = unsafe UnixSocket.sendAll(client, $0, nonBlocking: true) }
      return
    }
    var input = Array(payload)
    defer { wipe(&input) }
    var (status, output) = handle(kind, input)
    defer { wipe(&output) }
    var message = AgentProtocol.frame(status.rawValue, output)
    UnixSocket.sendAll(client, message, nonBlocking: true)
    wipe(&message)
  }

  func handle(_ kind: AgentProtocol.Operation, _ payload: [UInt8]) -> (AgentProtocol.Status, [UInt8]) {
    switch kind {
    case .put:
      guard payload.count >= 56, let id = AgentProtocol.id(from: payload[0..<16]) else { return (.malformed, []) }
      let field = AgentProtocol.integer(from: payload[16..<24])
      let seconds = field & ~AgentProtocol.keepOnSuspend
      let key = SecretBytes(pagesFor: 32)
      key.lockInMemory()
      for index in 0..<32 { key[index] = payload[payload.startIndex + 24 + index] }
      let path = String(decoding: payload[56...], as: UTF8.self)
      keys[id] = Entry(
        key: key, path: path, expires: seconds == 0 ? nil : clock.now().seconds + Int64(clamping: seconds),
        keepOnSuspend: field & AgentProtocol.keepOnSuspend != 0)
      return (.ok, [])
    case .get:
      guard let id = AgentProtocol.id(from: payload[...]) else { return (.malformed, []) }
      guard let entry = keys[id] else { return (.notHeld, []) }
      return (.ok, entry.key.copiedBytes())
    case .forget:
      guard let id = AgentProtocol.id(from: payload[...]) else { return (.malformed, []) }
      keys[id] = nil
      return (.ok, [])
    case .forgetAll:
      keys.removeAll()
      return (.ok, [])
    case .status:
      let now = clock.now().seconds
      var reply = AgentProtocol.integer(UInt64(getpid()))
      for (id, entry) in keys.sorted(by: { $0.value.path < $1.value.path }) {
        let left = entry.expires.map { max(0, $0 - now) } ?? -1
        let path = Array(entry.path.utf8.prefix(4096))
        reply +=
          AgentProtocol.bytes(of: id) + AgentProtocol.integer(UInt64(bitPattern: left))
          + [UInt8(path.count >> 8), UInt8(path.count & 0xFF)] + path
      }
      return (.ok, reply)
    }
  }
}
