import CryptoPrimitives
import OTPCore
import Posix

/// A client of the ssh-agent protocol (draft-miller-ssh-agent) on a Unix socket,
/// `$SSH_AUTH_SOCK`: the keys the agent holds, and signatures made with one of them. The
/// building block of the ssh-key slot (issue 22): the agent signs a fixed, vault-specific
/// challenge, and only keys whose signatures are deterministic can stand behind a key.
public struct SSHAgent {
  /// One key the agent holds.
  public struct Identity: Sendable, Equatable {
    /// The public key in SSH wire form.
    public var blob: [UInt8]
    public var comment: String

    /// The key's type, the first string of its blob (`ssh-ed25519`, `ssh-rsa`,
    /// `ecdsa-sha2-nistp256`, `sk-ssh-ed25519@openssh.com`…).
    public var type: String {
      var reader = WireReader(blob[...])
      return (try? reader.string()).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// `SHA256:` and the unpadded base64 of the blob's SHA-256, as `ssh-add -l` prints it.
    public var fingerprint: String {
      let digest = (try? Digest.sha256(SecretBytes(blob)).copiedBytes()) ?? []
      return "SHA256:" + String(Base64.encode(digest).prefix { $0 != "=" })
    }

    /// Why a key cannot stand behind a slot, or nil when it can: its signatures must be the
    /// same every time (Ed25519; RSA with SHA-512), and it must sign without a touch.
    public var unsuitable: String? {
      switch type {
      case "ssh-ed25519", "ssh-rsa": nil
      case let type where type.hasPrefix("sk-"):
        "a security-key (\(type)) signature holds a counter that changes every time"
      case let type where type.hasPrefix("ecdsa-"):
        "an ECDSA (\(type)) signature is different every time"
      default: "Otter does not know \(Sanitizer.quoted(type, limit: 40)) keys"
      }
    }
  }

  /// Why the agent could not answer.
  public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
    /// No agent: `SSH_AUTH_SOCK` unset, or nothing listening there.
    case noAgent
    /// The agent refused (the key is not there, or the user said no to an `ssh-add -c` key).
    case refused
    /// The agent's reply is not the protocol.
    case garbled(String)

    public var description: String {
      switch self {
      case .noAgent: "no ssh-agent is running (SSH_AUTH_SOCK names no socket)"
      case .refused: "the ssh-agent refused (is the key still loaded? was a confirmation declined?)"
      case .garbled(let what): "the ssh-agent's reply is not the ssh-agent protocol: \(what)"
      }
    }
  }

  static let requestIdentities: UInt8 = 11
  static let identitiesAnswer: UInt8 = 12
  static let signRequest: UInt8 = 13
  static let signResponse: UInt8 = 14
  static let failure: UInt8 = 5
  /// Sign with RSA and SHA-512 (`rsa-sha2-512`).
  static let rsaSHA512: UInt32 = 4
  /// An agent message is small; a reply longer than this is not one.
  static let maximumReply = 256 * 1024

  public let socketPath: String

  public init(socketPath: String) { self.socketPath = socketPath }

  /// The agent named by `environment["SSH_AUTH_SOCK"]`, or nil.
  public init?(environment: [String: String]) {
    guard let path = environment["SSH_AUTH_SOCK"], !path.isEmpty else { return nil }
    self.init(socketPath: path)
  }

  /// The keys the agent holds, in its order.
  public func identities() throws(Failure) -> [Identity] {
    let reply = try exchange([Self.requestIdentities])
    var reader = WireReader(reply[...])
    guard try reader.byte() == Self.identitiesAnswer else { throw .garbled("no list of keys") }
    let count = try reader.uint32()
    var identities: [Identity] = []
    for _ in 0..<count {
      let blob = Array(try reader.string())
      identities.append(Identity(blob: blob, comment: String(decoding: try reader.string(), as: UTF8.self)))
    }
    return identities
  }

  /// The signature blob (`string format, string signature`) of `data` by the key `blob`;
  /// RSA keys sign with SHA-512. The reply buffer is wiped; the caller owns the result.
  public func sign(_ data: [UInt8], with blob: [UInt8]) throws(Failure) -> SecretBytes {
    var message = [Self.signRequest]
    WireReader.appendString(blob, to: &message)
    WireReader.appendString(data, to: &message)
    WireReader.appendUInt32(Self.rsaSHA512, to: &message)
    var reply = try exchange(message)
    defer { wipe(&reply) }
    var reader = WireReader(reply[...])
    let type = try reader.byte()
    guard type != Self.failure else { throw .refused }
    guard type == Self.signResponse else { throw .garbled("no signature") }
    return SecretBytes(try reader.string())
  }

  /// Sends one message and reads its one reply (length-prefixed both ways).
  func exchange(_ message: [UInt8]) throws(Failure) -> [UInt8] {
    let fd: Int32
    do { fd = try UnixSocket.connect(to: socketPath) } catch { throw .noAgent }
    defer { Posix.close(fd) }
    UnixSocket.setTimeout(fd, seconds: 30)
    var framed: [UInt8] = []
    WireReader.appendUInt32(UInt32(message.count), to: &framed)
    guard UnixSocket.sendAll(fd, framed + message) else { throw .noAgent }
    guard let header = UnixSocket.read(fd, count: 4) else { throw .garbled("the reply is cut short") }
    let length = header.reduce(0) { $0 << 8 | Int($1) }
    guard length > 0, length <= Self.maximumReply else { throw .garbled("a reply of \(length) bytes") }
    guard let reply = UnixSocket.read(fd, count: length) else { throw .garbled("the reply is cut short") }
    return reply
  }
}

/// SSH wire encoding: `uint32` big-endian, `string` = `uint32` length and bytes.
struct WireReader {
  var bytes: ArraySlice<UInt8>

  init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

  mutating func byte() throws(SSHAgent.Failure) -> UInt8 {
    guard let first = bytes.first else { throw .garbled("the reply is cut short") }
    bytes = bytes.dropFirst()
    return first
  }

  mutating func uint32() throws(SSHAgent.Failure) -> UInt32 {
    guard bytes.count >= 4 else { throw .garbled("the reply is cut short") }
    defer { bytes = bytes.dropFirst(4) }
    return bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
  }

  mutating func string() throws(SSHAgent.Failure) -> ArraySlice<UInt8> {
    let length = Int(try uint32())
    guard length <= bytes.count else { throw .garbled("a field runs past the reply's end") }
    defer { bytes = bytes.dropFirst(length) }
    return bytes.prefix(length)
  }

  static func appendUInt32(_ value: UInt32, to bytes: inout [UInt8]) {
    bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
  }

  static func appendString(_ value: [UInt8], to bytes: inout [UInt8]) {
    appendUInt32(UInt32(value.count), to: &bytes)
    bytes += value
  }
}
