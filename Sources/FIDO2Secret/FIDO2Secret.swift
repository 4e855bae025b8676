internal import CFIDO2
import CryptoPrimitives

/// A 32-byte secret from a FIDO2 security key's `hmac-secret` extension, through libfido2, for
/// the fido2 key slot: `makeCredential` makes a credential (relying party `otter`, not
/// resident) and `secret` asks the key for hmac-secret(salt) of it, which takes a touch (and
/// the key's PIN when it asks). The only importer of CFIDO2.
public enum FIDO2Secret {
  /// Where the key is: a HID device (`/dev/hidraw3`), or a Unix socket carrying its HID reports
  /// (libfido2's custom I/O: the tests' authenticator).
  public enum Device: Sendable, Equatable, CustomStringConvertible {
    case hid(String)
    case reportSocket(String)

    public var description: String {
      switch self {
      case .hid(let path): path
      case .reportSocket(let path): "the authenticator at \(path)"
      }
    }
  }

  /// Why the key gave no secret.
  public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
    /// No such device, or it does not answer.
    case noDevice(String)
    /// The key does not hold this credential (another key).
    case otherKey
    /// The key asks its PIN.
    case pinRequired
    /// The PIN is wrong (the key counts wrong PINs; eight block it).
    case wrongPIN
    /// Too many wrong PINs: the key blocks until it is unplugged, or for good.
    case pinBlocked
    /// The key has no hmac-secret extension.
    case unsupported
    /// No touch in time, or the touch was declined.
    case noTouch
    case failed(String)

    public var description: String {
      switch self {
      case .noDevice(let why): "no FIDO2 key answers (\(why))"
      case .otherKey: "this security key does not hold the slot's credential (another key?)"
      case .pinRequired: "the security key asks its PIN"
      case .wrongPIN: "the security key's PIN is wrong (the key counts wrong PINs)"
      case .pinBlocked: "the security key blocks its PIN after too many wrong tries (unplug it, or reset it)"
      case .unsupported: "this security key has no hmac-secret extension"
      case .noTouch: "the security key was not touched in time"
      case .failed(let what): "the security key refused: \(what)"
      }
    }
  }

  /// The HID FIDO devices the system has (at most 16).
  public static func devices() -> [Device] {
    guard otter_fido_load() != 0 else { return [] }
    var buffer = [CChar](repeating: 0, count: 16 * 256)
    let count = unsafe otter_fido_devices(&buffer, buffer.count, 16)
    var paths: [Device] = []
    var start = 0
    for index in buffer.indices where buffer[index] == 0 && paths.count < Int(count) {
      let bytes = buffer[start..<index].map { UInt8(bitPattern: $0) }
      paths.append(.hid(String(decoding: bytes, as: UTF8.self)))
      start = index + 1
    }
    return paths
  }

  /// Makes a credential with hmac-secret on `device`.
  ///
  /// - Returns: the credential id (the key holds nothing: the id is the key's own encryption
  ///   of what it needs).
  public static func makeCredential(on device: Device, pin: SecretBytes?) throws(Failure) -> [UInt8] {
    let clientHash: [UInt8]
    let userID: [UInt8]
    do {
      clientHash = try randomBytes(count: 32)
      userID = try randomBytes(count: 32)
    } catch { throw .failed("\(error)") }
    return try unsafe withDevice(device) { handle throws(Failure) -> [UInt8] in
      var id = [UInt8](repeating: 0, count: 1024)
      var size = 0
      let rc = try unsafe withPIN(pin) { pinText in
        unsafe otter_fido_make_credential(handle, pinText, clientHash, userID, userID.count, &id, &size)
      }
      try check(rc)
      return Array(id.prefix(size))
    }
  }

  /// hmac-secret(`salt`) of credential `credential` on `device`: a touch, and the PIN when given.
  public static func secret(on device: Device, credential: [UInt8], salt: [UInt8], pin: SecretBytes?) throws(Failure)
    -> SecretBytes
  {
    precondition(salt.count == 32, "an hmac-secret salt is 32 bytes")
    guard (1...1024).contains(credential.count) else { throw .failed("the credential id is malformed") }
    let clientHash: [UInt8]
    do { clientHash = try randomBytes(count: 32) } catch { throw .failed("\(error)") }
    return try unsafe withDevice(device) { handle throws(Failure) -> SecretBytes in
      var output = [UInt8](repeating: 0, count: 32)
      defer { wipe(&output) }
      let rc = try unsafe withPIN(pin) { pinText in
        unsafe otter_fido_hmac_secret(handle, pinText, clientHash, credential, credential.count, salt, &output)
      }
      try check(rc)
      return SecretBytes(output)
    }
  }

  /// Calls `body` with the PIN as a NUL-terminated C string (nil for none), wiped after.
  static func withPIN(_ pin: SecretBytes?, _ body: (UnsafePointer<CChar>?) -> Int32) throws(Failure) -> Int32 {
    guard let pin else { return body(nil) }
    var text = [CChar](repeating: 0, count: pin.count + 1)
    defer { for index in text.indices { text[index] = 0 } }
    for index in 0..<pin.count {
      guard pin[index] != 0 else { throw .failed("the PIN holds a NUL byte") }
      text[index] = CChar(bitPattern: pin[index])
    }
    return unsafe text.withUnsafeBufferPointer { unsafe body($0.baseAddress) }
  }

  static func withDevice<Result>(_ device: Device, _ body: (OpaquePointer?) throws(Failure) -> Result) throws(Failure)
    -> Result
  {
    guard otter_fido_load() != 0 else { throw .noDevice("libfido2 is not installed (Debian: libfido2-1)") }
    var handle: OpaquePointer?
    let rc: Int32
    switch device {
    case .hid(let path): rc = unsafe otter_fido_open(path, 0, &handle)
    case .reportSocket(let path): rc = unsafe otter_fido_open(path, 1, &handle)
    }
    defer { unsafe otter_fido_close(&handle) }
    guard rc == FIDO_OK else { throw .noDevice(message(rc)) }
    return try unsafe body(handle)
  }

  static func check(_ rc: Int32) throws(Failure) {
    switch rc {
    case FIDO_OK: return
    case FIDO_ERR_NO_CREDENTIALS, FIDO_ERR_INVALID_CREDENTIAL: throw .otherKey
    case FIDO_ERR_PIN_REQUIRED: throw .pinRequired
    case FIDO_ERR_PIN_INVALID: throw .wrongPIN
    case FIDO_ERR_PIN_BLOCKED, FIDO_ERR_PIN_AUTH_BLOCKED: throw .pinBlocked
    case FIDO_ERR_UNSUPPORTED_EXTENSION, FIDO_ERR_UNSUPPORTED_OPTION: throw .unsupported
    case FIDO_ERR_ACTION_TIMEOUT, FIDO_ERR_OPERATION_DENIED, FIDO_ERR_USER_ACTION_TIMEOUT: throw .noTouch
    default: throw .failed(message(rc))
    }
  }

  static func message(_ rc: Int32) -> String {
    unsafe (otter_fido_message(rc)).map { unsafe String(cString: $0) } ?? "error \(rc)"
  }
}
