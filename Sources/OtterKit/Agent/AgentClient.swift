import CryptoPrimitives
import FoundationEssentials
import Posix

/// What a command asks the agent. Every call fails softly: no agent, a dead one, or one that
/// does not hold the key all mean "unlock as usual".
public struct AgentClient: Sendable {
  public let socketPath: String

  public init(socketPath: String = AgentProtocol.socketPath()) { self.socketPath = socketPath }

  /// What the agent holds: each vault's id, path, and seconds left (nil: until `otter lock`).
  public struct Held: Sendable {
    public var vaultID: UUID
    public var path: String
    public var secondsLeft: Int64?
  }

  /// The master key held for `vaultID`, or nil.
  public func key(for vaultID: UUID) -> SecretBytes? {
    guard var reply = request(.get, AgentProtocol.bytes(of: vaultID)), reply.status == .ok, reply.payload.count == 32
    else { return nil }
    defer { wipe(&reply.payload) }
    return SecretBytes(reply.payload)
  }

  /// Hands the agent `key` for `vaultID` for `seconds` (0: until `otter lock`).
  ///
  /// - Returns: whether an agent took it.
  @discardableResult
  public func put(_ key: SecretBytes, for vaultID: UUID, path: String, seconds: UInt64) -> Bool {
    var payload = AgentProtocol.bytes(of: vaultID) + AgentProtocol.integer(seconds) + key.copiedBytes() + Array(path.utf8)
    defer { wipe(&payload) }
    return request(.put, payload)?.status == .ok
  }

  /// Tells the agent to wipe the key of `vaultID`; true when an agent answered.
  @discardableResult
  public func forget(_ vaultID: UUID) -> Bool { request(.forget, AgentProtocol.bytes(of: vaultID)) != nil }

  /// Tells the agent to wipe every key (it then exits); true when an agent answered.
  @discardableResult
  public func forgetAll() -> Bool { request(.forgetAll, []) != nil }

  /// What the agent holds, or nil when no agent answers.
  public func status() -> [Held]? { report()?.held }

  /// The agent's process id and what it holds, or nil when no agent answers.
  public func report() -> (pid: Int32, held: [Held])? {
    guard let reply = request(.status, []), reply.status == .ok, reply.payload.count >= 8 else { return nil }
    let pid = Int32(truncatingIfNeeded: AgentProtocol.integer(from: reply.payload.prefix(8)))
    var held: [Held] = []
    var rest = reply.payload.dropFirst(8)
    while rest.count >= 26, let id = AgentProtocol.id(from: rest.prefix(16)) {
      let left = Int64(bitPattern: AgentProtocol.integer(from: rest.dropFirst(16).prefix(8)))
      let length = Int(rest[rest.startIndex + 24]) << 8 | Int(rest[rest.startIndex + 25])
      let path = String(decoding: rest.dropFirst(26).prefix(length), as: UTF8.self)
      held.append(Held(vaultID: id, path: path, secondsLeft: left < 0 ? nil : left))
      rest = rest.dropFirst(26 + length)
    }
    return (pid, held)
  }

  /// Whether an agent answers at the socket.
  public var isRunning: Bool { status() != nil }

  private func request(_ operation: AgentProtocol.Operation, _ payload: [UInt8]) -> (
    status: AgentProtocol.Status, payload: [UInt8]
  )? {
    guard let fd = try? UnixSocket.connect(to: socketPath) else { return nil }
    defer { Posix.close(fd) }
    // Only an agent of this user gets a key or is believed: a socket someone else made (in a
    // shared /tmp, say) is ignored.
    guard (try? UnixSocket.peerUser(fd)) == Posix.effectiveUser else { return nil }
    UnixSocket.setTimeout(fd, seconds: 2)
    var message = AgentProtocol.frame(operation.rawValue, payload)
    defer { wipe(&message) }
    guard UnixSocket.sendAll(fd, message), let (status, reply) = AgentProtocol.read(fd),
      let known = AgentProtocol.Status(rawValue: status)
    else { return nil }
    return (known, reply)
  }
}
