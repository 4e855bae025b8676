import CryptoPrimitives
import FoundationEssentials
import Posix
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
  }

  private var keys: [UUID: Entry] = [:]
  private let socketPath: String
  private let clock: WallClock
  nonisolated(unsafe) static var stopRequested: sig_atomic_t = 0
  static var stopping: Bool { unsafe stopRequested != 0 }

  public init(socketPath: String, clock: WallClock = SystemClock()) {
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
        "refusing the agent folder \(folder): it must be a folder of your own with mode 0700, not a link; remove it or set XDG_RUNTIME_DIR"
      )
    }
  }

  /// Serves on `listener`, starting with the key of `initial` (a put request's bytes, given on
  /// the agent's standard input by `otter unlock`), until no key is left or a stop signal
  /// arrives; then wipes every key and removes the socket.
  public func serve(_ listener: Int32, initial: [UInt8]) {
    installStopHandlers()
    _ = handle(.put, initial)
    defer {
      keys.removeAll()
      Posix.close(listener)
      Posix.unlink(socketPath)
    }
    repeat {
      expire()
      let wait = nextExpiry().map { Int32(clamping: max(0, $0 - clock.now().seconds) * 1000 + 50) } ?? -1
      if UnixSocket.waitReadable(listener, milliseconds: wait), let client = try? UnixSocket.accept(listener) {
        answer(client)
        Posix.close(client)
      }
      expire()
    } while !keys.isEmpty && !Self.stopping
  }

  private func installStopHandlers() {
    var stop = sigaction()
    unsafe stop.__sigaction_handler.sa_handler = { _ in unsafe AgentServer.stopRequested = 1 }
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

  /// Answers one request, from this user only. The request is read (bounded, with a timeout)
  /// before any answer, so a refused client reads "refused" rather than a reset connection.
  func answer(_ client: Int32) {
    UnixSocket.setTimeout(client, seconds: 2)
    var operation: UInt8?
    var payload: [UInt8] = []
    if let request = AgentProtocol.read(client) { (operation, payload) = request }
    defer { wipe(&payload) }
    guard let uid = try? UnixSocket.peerUser(client), uid == Posix.effectiveUser else {
      UnixSocket.sendAll(client, AgentProtocol.frame(AgentProtocol.Status.refused.rawValue, []))
      return
    }
    guard let operation, let kind = AgentProtocol.Operation(rawValue: operation) else {
      UnixSocket.sendAll(client, AgentProtocol.frame(AgentProtocol.Status.malformed.rawValue, []))
      return
    }
    let (status, reply) = handle(kind, payload)
    var message = AgentProtocol.frame(status.rawValue, reply)
    UnixSocket.sendAll(client, message)
    wipe(&message)
  }

  func handle(_ kind: AgentProtocol.Operation, _ payload: [UInt8]) -> (AgentProtocol.Status, [UInt8]) {
    switch kind {
    case .put:
      guard payload.count >= 56, let id = AgentProtocol.id(from: payload[0..<16]) else { return (.malformed, []) }
      let seconds = AgentProtocol.integer(from: payload[16..<24])
      let key = SecretBytes(payload[24..<56])
      key.lockInMemory()
      let path = String(decoding: payload[56...], as: UTF8.self)
      keys[id] = Entry(key: key, path: path, expires: seconds == 0 ? nil : clock.now().seconds + Int64(clamping: seconds))
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
