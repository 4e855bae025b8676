internal import CTPM2
import CryptoPrimitives

/// A secret sealed to the machine's TPM 2.0 through tpm2-tss's ESAPI (`libtss2-esys`), for
/// the tpm2 key slot: the TPM keeps nothing; the sealed blobs live in the slot, and only the
/// TPM that sealed them (its owner seed) can load them again. The only importer of CTPM2.
///
/// The TCTI is tpm2-tss's default (`/dev/tpmrm0`, then the others it knows) or the one
/// `TSS2_TCTI` names (`swtpm:host=127.0.0.1,port=2321`, `device:/dev/tpm0`…).
public enum TPMSeal {
  /// Why the TPM could not seal or unseal.
  public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
    /// No TPM answers on the TCTI (none in the machine, no access to the device, no simulator).
    case noTPM(String)
    /// The PIN is wrong. The try counts against the TPM's dictionary-attack lockout.
    case wrongPIN
    /// The TPM is in dictionary-attack lockout: no PIN is tried until it recovers.
    case lockout
    /// The blobs were sealed by another TPM (or its owner seed was changed by a clear).
    case otherTPM
    /// Anything else the TPM or tpm2-tss said.
    case failed(String)

    public var description: String {
      switch self {
      case .noTPM(let why): "no TPM answers (\(why))"
      case .wrongPIN: "the TPM PIN is wrong (each wrong PIN counts against the TPM's lockout)"
      case .lockout:
        "the TPM is in dictionary-attack lockout after too many wrong PINs; it lets you try again after its recovery time"
      case .otherTPM: "it was sealed by another TPM (or this TPM was cleared since)"
      case .failed(let what): "the TPM refused: \(what)"
      }
    }
  }

  /// The sealed object's two halves, as TPM2B_PRIVATE and TPM2B_PUBLIC in the TPM's wire form.
  public struct Sealed: Sendable, Equatable {
    public var privateBlob: [UInt8]
    public var publicBlob: [UInt8]

    public init(privateBlob: [UInt8], publicBlob: [UInt8]) {
      self.privateBlob = privateBlob
      self.publicBlob = publicBlob
    }
  }

  /// The largest secret a sealed data object holds here.
  public static let maximumSecret = 128

  /// Seals `secret` to the TPM; with `pin`, the TPM asks for it (its SHA-256 is the object's
  /// auth value) and counts wrong tries against its lockout.
  public static func seal(_ secret: SecretBytes, pin: SecretBytes?, tcti: String?) throws(Failure) -> Sealed {
    precondition(secret.count <= maximumSecret, "a sealed secret is at most 128 bytes")
    let auth = try authValue(pin)
    return try unsafe withPrimary(tcti: tcti) { context, primary, session throws(Failure) -> Sealed in
      var privateBlob = [UInt8](repeating: 0, count: 1024)
      var publicBlob = [UInt8](repeating: 0, count: 1024)
      var privateSize = 0
      var publicSize = 0
      let rc = unsafe secret.withUnsafeBytes { secretBytes in
        unsafe auth.withUnsafeBytes { authBytes in
          unsafe otter_tpm_seal(
            context, primary, session, secretBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), secret.count,
            authBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), auth.count, &privateBlob, &privateSize,
            &publicBlob, &publicSize)
        }
      }
      try check(rc)
      return Sealed(privateBlob: Array(privateBlob.prefix(privateSize)), publicBlob: Array(publicBlob.prefix(publicSize)))
    }
  }

  /// The secret `sealed` holds, unsealed by the TPM that sealed it.
  public static func unseal(_ sealed: Sealed, pin: SecretBytes?, tcti: String?) throws(Failure) -> SecretBytes {
    guard sealed.privateBlob.count <= 1024, sealed.publicBlob.count <= 1024 else {
      throw .failed("the sealed blobs are too large")
    }
    let auth = try authValue(pin)
    return try unsafe withPrimary(tcti: tcti) { context, primary, session throws(Failure) -> SecretBytes in
      var output = [UInt8](repeating: 0, count: maximumSecret)
      defer { wipe(&output) }
      var size = 0
      let rc = unsafe auth.withUnsafeBytes { authBytes in
        unsafe otter_tpm_unseal(
          context, primary, session, sealed.privateBlob, sealed.privateBlob.count, sealed.publicBlob,
          sealed.publicBlob.count, authBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), auth.count, &output, &size)
      }
      try check(rc)
      return SecretBytes(output.prefix(size))
    }
  }

  /// The auth value for `pin`: its SHA-256 (a fixed 32 bytes, within what the TPM takes for a
  /// SHA-256 object), or none.
  static func authValue(_ pin: SecretBytes?) throws(Failure) -> SecretBytes {
    guard let pin, !pin.isEmpty else { return SecretBytes(count: 0) }
    do { return try Digest.sha256(pin) } catch { throw .failed("\(error)") }
  }

  /// Opens the TCTI and ESAPI, makes the storage primary key and a salted session on it, runs
  /// `body`, and flushes and closes everything whatever happens.
  static func withPrimary<Result>(
    tcti: String?, _ body: (OpaquePointer?, ESYS_TR, ESYS_TR) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    guard otter_tpm_load() != 0 else {
      throw .noTPM("tpm2-tss is not installed (Debian: libtss2-esys-3.0.2-0, libtss2-tctildr0)")
    }
    var context: OpaquePointer?
    var tctiContext: OpaquePointer?
    let opened: TSS2_RC =
      if let tcti { unsafe otter_tpm_open(tcti, &context, &tctiContext) } else {
        unsafe otter_tpm_open(nil, &context, &tctiContext)
      }
    guard opened == TSS2_RC_SUCCESS else { throw .noTPM(decode(opened)) }
    defer { unsafe otter_tpm_close(&context, &tctiContext) }
    var primary = ESYS_TR(ESYS_TR_NONE)
    let created = unsafe otter_tpm_primary(context, &primary)
    guard created == TSS2_RC_SUCCESS else { throw .failed("cannot make its storage key: \(decode(created))") }
    defer { unsafe otter_tpm_flush(context, primary) }
    var session = ESYS_TR(ESYS_TR_NONE)
    let started = unsafe otter_tpm_session(context, primary, &session)
    defer { unsafe otter_tpm_flush(context, session) }
    guard started == TSS2_RC_SUCCESS else { throw .failed("cannot start a session: \(decode(started))") }
    return try unsafe body(context, primary, session)
  }

  static func check(_ rc: TSS2_RC) throws(Failure) {
    guard rc != TSS2_RC_SUCCESS else { return }
    if otter_tpm_is_lockout(rc) != 0 { throw .lockout }
    if otter_tpm_is_auth_failure(rc) != 0 { throw .wrongPIN }
    if otter_tpm_is_integrity(rc) != 0 { throw .otherTPM }
    throw .failed(decode(rc))
  }

  /// tpm2-tss's text for `rc` (`Tss2_RC_Decode`), with the code.
  static func decode(_ rc: TSS2_RC) -> String {
    let text = unsafe otter_tpm_decode(rc).map { unsafe String(cString: $0) } ?? "unknown"
    return "\(text) (0x\(String(rc, radix: 16)))"
  }
}
