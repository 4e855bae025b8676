import CryptoPrimitives
import FIDO2Secret
import FoundationEssentials
import Keyring
import OTPCore
import Posix
import SSHAgentClient
import TPMSeal
import Vault

/// Which routes unlocking may take (`--slot KIND`).
public enum SlotPolicy: Equatable, Sendable {
  /// The agent, then every key slot in `KeySlot.unlockRank` order, then the password.
  case any
  /// Only slots of this kind (`--slot password`: only the password, no agent, no other slot).
  case only(SlotKind)

  /// The policy `--slot KIND` names, or nil for an unknown kind.
  public static func parse(_ text: String?) -> SlotPolicy? {
    guard let text else { return .any }
    return SlotKind(rawValue: text).map { .only($0) }
  }

  /// Whether the agent may be asked (it is no slot: any explicit `--slot` leaves it out).
  var allowsAgent: Bool { self == .any }

  /// Whether slots of `kind` may be tried.
  func allows(_ kind: SlotKind) -> Bool {
    switch self {
    case .any: true
    case .only(let only): only == kind
    }
  }
}

/// Why a key slot could not be tried now, or did not open.
public struct SlotUnavailable: Error, Sendable, CustomStringConvertible {
  public let description: String
}

/// The components that give key slots their secrets: the desktop keyring (libsecret, on the
/// session bus) and the ssh-agent (`$SSH_AUTH_SOCK`).
public struct SlotSources: Sendable {
  public var environment: [String: String]

  public init(environment: [String: String] = Environment.all) { self.environment = environment }

  /// The secret of `slot` of vault `vaultID`, or why there is none now.
  public func secret(for slot: KeySlot, vaultID: UUID) -> Result<SecretBytes, SlotUnavailable> {
    switch slot.kind {
    case .keyring?: keyringSecret(vaultID: vaultID, slotID: slot.slotID)
    case .sshKey?: sshSignature(for: slot, vaultID: vaultID)
    case .tpm2?: tpmSecret(for: slot)
    case .fido2?: fido2Secret(for: slot, vaultID: vaultID)
    case .password?, nil: .failure(SlotUnavailable(description: "Otter cannot use this kind of slot"))
    }
  }

  /// How `otter slot list` names what a slot is bound to.
  public static func binding(of slot: KeySlot, vaultID: UUID) -> String {
    switch slot.kind {
    case .password?:
      "scrypt N=2^\(slot.logN), r=\(slot.r), p=\(slot.p)"
    case .keyring?:
      "keyring item org.otter.VaultKey vault=\(vaultID.lowercasedText) slot=\(slot.slotID)"
    case .sshKey?:
      "\(Sanitizer.displayText(slot.binding["keyType"] ?? "")) \(Sanitizer.displayText(slot.binding["fingerprint"] ?? ""))"
    case .tpm2?:
      slot.needsPIN ? "TPM 2.0 sealed key, with a PIN" : "TPM 2.0 sealed key"
    case .fido2?:
      "FIDO2 credential \(String((slot.binding["credential"] ?? "").prefix(16)))… (hmac-secret\(slot.needsPIN ? ", with the key's PIN" : ""))"
    case nil:
      "a kind this Otter does not know (a newer Otter's); kept, never tried"
    }
  }

  // MARK: - The keyring

  /// Whether a session bus can be reached without starting anything: GLib would otherwise try
  /// to autolaunch one through X11.
  var hasSessionBus: Bool {
    if let address = environment["DBUS_SESSION_BUS_ADDRESS"], !address.isEmpty { return true }
    guard let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty else { return false }
    return (try? Posix.status(runtime + "/bus")) != nil
  }

  func keyringSecret(vaultID: UUID, slotID: String) -> Result<SecretBytes, SlotUnavailable> {
    guard hasSessionBus else { return .failure(SlotUnavailable(description: "no D-Bus session bus, so no keyring")) }
    do {
      guard let key = try Keyring.lookup(vault: vaultID.lowercasedText, slot: slotID) else {
        return .failure(
          SlotUnavailable(description: "the keyring gave no key for it (locked, the item deleted, or another machine's keyring)"))
      }
      return .success(key)
    } catch {
      return .failure(SlotUnavailable(description: "the keyring did not answer: \(Sanitizer.displayText(error.description))"))
    }
  }

  /// A new keyring slot: a random key stored in the keyring, wrapping `masterKey`.
  public func newKeyringSlot(masterKey: SecretBytes, vaultID: UUID, now: UInt64) throws(OtterFailure) -> KeySlot {
    guard hasSessionBus else {
      throw OtterFailure(
        .unavailable, "no D-Bus session bus, so no keyring to keep the key in (DBUS_SESSION_BUS_ADDRESS is not set)")
    }
    do {
      let id = try KeySlot.newID()
      let key = try SecretBytes.random(count: 32)
      do {
        try Keyring.store(
          key, vault: vaultID.lowercasedText, slot: id, label: "Otter vault key (vault \(vaultID.lowercasedText), slot \(id))")
      } catch {
        throw OtterFailure(.unavailable, "the keyring did not store the key: \(Sanitizer.displayText(error.description))")
      }
      return try KeySlot.wrap(masterKey: masterKey, kind: .keyring, secret: key, vaultID: vaultID, id: id, added: now)
    } catch let failure as OtterFailure {
      throw failure
    } catch {
      throw OtterFailure(.ioError, "cannot make the slot: \(error)")
    }
  }

  /// Removes what a slot left outside the vault (a keyring slot's item); what went wrong, if
  /// anything, to say.
  public func forget(_ slot: KeySlot, vaultID: UUID) -> String? {
    guard slot.kind == .keyring else { return nil }
    guard hasSessionBus else { return "no session bus: remove the keyring item yourself (slot \(slot.slotID))" }
    do {
      try Keyring.remove(vault: vaultID.lowercasedText, slot: slot.slotID)
      return nil
    } catch {
      return "the keyring item was not removed: \(Sanitizer.displayText(error.description))"
    }
  }

  // MARK: - The ssh-agent

  /// The challenge the agent signs for a slot: fixed for the vault and the slot (its id and
  /// salt), so a deterministic signature gives the same key every time.
  static func challenge(vaultID: UUID, slotID: String, salt: [UInt8]) -> [UInt8] {
    Array("otter/ssh-key-slot/v1|\(vaultID.lowercasedText)|\(slotID)|".utf8) + salt
  }

  var agent: SSHAgent? { SSHAgent(environment: environment) }

  func sshSignature(for slot: KeySlot, vaultID: UUID) -> Result<SecretBytes, SlotUnavailable> {
    guard let agent else { return .failure(SlotUnavailable(description: "no ssh-agent (SSH_AUTH_SOCK is not set)")) }
    do {
      let fingerprint = slot.binding["fingerprint"] ?? ""
      guard let identity = try agent.identities().first(where: { $0.fingerprint == fingerprint }) else {
        return .failure(
          SlotUnavailable(
            description: "the key \(Sanitizer.displayText(fingerprint)) is not loaded in the ssh-agent (ssh-add it)"))
      }
      return .success(
        try agent.sign(Self.challenge(vaultID: vaultID, slotID: slot.slotID, salt: slot.saltBytes), with: identity.blob))
    } catch {
      return .failure(SlotUnavailable(description: "\(error)"))
    }
  }

  /// A new ssh-key slot for the agent's key `fingerprint` (`SHA256:…` as `ssh-add -l` prints
  /// it): the agent signs the slot's challenge twice, and the key is refused unless both
  /// signatures are the same.
  public func newSSHKeySlot(fingerprint: String, masterKey: SecretBytes, vaultID: UUID, now: UInt64) throws(OtterFailure)
    -> KeySlot
  {
    guard let agent else { throw OtterFailure(.unavailable, "no ssh-agent is running (SSH_AUTH_SOCK is not set)") }
    let identities: [SSHAgent.Identity]
    do { identities = try agent.identities() } catch { throw OtterFailure(.unavailable, "\(error)") }
    guard let identity = identities.first(where: { $0.fingerprint == fingerprint }) else {
      throw OtterFailure(
        .noInput,
        "the ssh-agent holds no key \(Sanitizer.quoted(fingerprint, limit: 60)); 'ssh-add -l' lists the keys it holds (give the SHA256:… fingerprint)"
      )
    }
    if let reason = identity.unsuitable {
      throw OtterFailure(
        .dataError, "this key cannot open a vault: \(reason); use an Ed25519 or RSA key (ssh-keygen -t ed25519)")
    }
    do {
      let id = try KeySlot.newID()
      let salt = try randomBytes(count: 32)
      let challenge = Self.challenge(vaultID: vaultID, slotID: id, salt: salt)
      let first = try agent.sign(challenge, with: identity.blob)
      let second = try agent.sign(challenge, with: identity.blob)
      guard first.constantTimeEquals(second) else {
        throw OtterFailure(.dataError, "the ssh-agent signed the same challenge differently twice; this key cannot open a vault")
      }
      return try KeySlot.wrap(
        masterKey: masterKey, kind: .sshKey, secret: first, vaultID: vaultID, id: id, added: now,
        binding: ["fingerprint": fingerprint, "keyType": identity.type], salt: salt)
    } catch let failure as OtterFailure {
      throw failure
    } catch let failure as SSHAgent.Failure {
      throw OtterFailure(.unavailable, "\(failure)")
    } catch {
      throw OtterFailure(.ioError, "cannot make the slot: \(error)")
    }
  }

  // MARK: - The TPM

  /// The TCTI: `TSS2_TCTI`, else tpm2-tss's default (`/dev/tpmrm0` first).
  var tcti: String? { environment["TSS2_TCTI"].flatMap { $0.isEmpty ? nil : $0 } }

  /// How many PINs one unlock tries before it moves on: each wrong one counts against the
  /// TPM's dictionary-attack lockout.
  static let pinTries = 3

  /// A slot's PIN: asked on the terminal, else (a key binding, a status bar) through
  /// `OTTER_ASKPASS` or pinentry, as the password is (`AskPass`).
  static func askPIN(_ prompt: String, what: String, description: String) -> Result<SecretBytes, SlotUnavailable> {
    if TerminalPrompt.isAvailable {
      do { return .success(try TerminalPrompt.readSecret(prompt: prompt)) } catch {
        return .failure(SlotUnavailable(description: error.message))
      }
    }
    do {
      guard let pin = try AskPass.read(prompt: prompt, description: description) else {
        return .failure(
          SlotUnavailable(description: "it asks \(what), and there is no terminal, OTTER_ASKPASS or pinentry to ask on"))
      }
      return .success(pin)
    } catch {
      return .failure(SlotUnavailable(description: error.message))
    }
  }

  func tpmSecret(for slot: KeySlot) -> Result<SecretBytes, SlotUnavailable> {
    let sealed = TPMSeal.Sealed(
      privateBlob: Base64.decode(slot.binding["private"] ?? "") ?? [],
      publicBlob: Base64.decode(slot.binding["public"] ?? "") ?? [])
    guard slot.needsPIN else {
      do { return .success(try TPMSeal.unseal(sealed, pin: nil, tcti: tcti)) } catch {
        return .failure(SlotUnavailable(description: "\(error)"))
      }
    }
    for attempt in 1...Self.pinTries {
      let pin: SecretBytes
      switch Self.askPIN(
        "TPM PIN for the tpm2 slot \(slot.slotID) (empty to skip): ", what: "its TPM PIN",
        description: "The TPM PIN of the vault's tpm2 slot \(slot.slotID). Each wrong PIN counts against the TPM's lockout.")
      {
      case .success(let typed): pin = typed
      case .failure(let unavailable): return .failure(unavailable)
      }
      guard !pin.isEmpty else { return .failure(SlotUnavailable(description: "its PIN was skipped")) }
      do {
        return .success(try TPMSeal.unseal(sealed, pin: pin, tcti: tcti))
      } catch .wrongPIN {
        let left = Self.pinTries - attempt
        StandardError.write(
          "otter: wrong TPM PIN; each wrong PIN counts against the TPM's lockout\(left > 0 ? " (\(left) \(left == 1 ? "try" : "tries") left)" : "")\n"
        )
      } catch {
        return .failure(SlotUnavailable(description: "\(error)"))
      }
    }
    return .failure(
      SlotUnavailable(description: "the TPM PIN was wrong \(Self.pinTries) times (each counts against the TPM's lockout)"))
  }

  /// A new tpm2 slot: a random key sealed to the TPM (behind a PIN, asked twice on the
  /// terminal, with `pin`), wrapping `masterKey`.
  public func newTPMSlot(pin wantsPIN: Bool, masterKey: SecretBytes, vaultID: UUID, now: UInt64) throws(OtterFailure)
    -> KeySlot
  {
    var pin: SecretBytes?
    if wantsPIN {
      guard TerminalPrompt.isAvailable else {
        throw OtterFailure(.usage, "--pin asks the new TPM PIN on a terminal, and there is none")
      }
      let first = try TerminalPrompt.readSecret(prompt: "New TPM PIN: ")
      guard !first.isEmpty else { throw OtterFailure(.dataError, "the PIN is empty; an empty PIN is refused") }
      let again = try TerminalPrompt.readSecret(prompt: "Repeat the TPM PIN: ")
      guard again.constantTimeEquals(first) else { throw OtterFailure(.dataError, "the PINs do not match") }
      pin = first
    }
    do {
      let id = try KeySlot.newID()
      let key = try SecretBytes.random(count: 32)
      let sealed: TPMSeal.Sealed
      do { sealed = try TPMSeal.seal(key, pin: pin, tcti: tcti) } catch {
        switch error {
        case .noTPM: throw OtterFailure(.unavailable, "\(error); a TPM is /dev/tpmrm0, or the TCTI TSS2_TCTI names")
        default: throw OtterFailure(.ioError, "\(error)")
        }
      }
      return try KeySlot.wrap(
        masterKey: masterKey, kind: .tpm2, secret: key, vaultID: vaultID, id: id, added: now,
        binding: [
          "pin": pin == nil ? "no" : "yes", "private": Base64.encode(sealed.privateBlob),
          "public": Base64.encode(sealed.publicBlob),
        ])
    } catch let failure as OtterFailure {
      throw failure
    } catch {
      throw OtterFailure(.ioError, "cannot make the slot: \(error)")
    }
  }

  // MARK: - FIDO2

  /// The security keys to ask: the system's HID FIDO devices. A debug build also takes
  /// `OTTER_TEST_FIDO2_SOCKET`, the tests' authenticator reached through libfido2's custom I/O;
  /// a release build ignores it.
  var fido2Devices: [FIDO2Secret.Device] {
    #if DEBUG
      if let socket = environment["OTTER_TEST_FIDO2_SOCKET"], !socket.isEmpty { return [.reportSocket(socket)] }
    #endif
    return FIDO2Secret.devices()
  }

  /// A fido2 slot's secret: each security key is asked for hmac-secret of the slot's salt
  /// until one holds the credential (a touch; the key's PIN first, when the slot was made with it).
  func fido2Secret(for slot: KeySlot, vaultID: UUID) -> Result<SecretBytes, SlotUnavailable> {
    let devices = fido2Devices
    guard !devices.isEmpty else { return .failure(SlotUnavailable(description: "no FIDO2 security key is plugged in")) }
    var pin: SecretBytes?
    if slot.needsPIN {
      switch Self.askPIN(
        "PIN of the security key for the fido2 slot \(slot.slotID) (empty to skip): ", what: "the security key's PIN",
        description: "The PIN of the security key that holds the vault's fido2 slot \(slot.slotID).")
      {
      case .success(let typed):
        guard !typed.isEmpty else { return .failure(SlotUnavailable(description: "its PIN was skipped")) }
        pin = typed
      case .failure(let unavailable): return .failure(unavailable)
      }
    }
    let credential = Base64.decode(slot.binding["credential"] ?? "") ?? []
    var reasons: [String] = []
    for device in devices {
      StandardError.write("otter: touch the security key (fido2 slot \(slot.slotID))\n")
      do {
        return .success(try FIDO2Secret.secret(on: device, credential: credential, salt: slot.saltBytes, pin: pin))
      } catch {
        reasons.append("\(Sanitizer.displayText(device.description)): \(error)")
      }
    }
    return .failure(SlotUnavailable(description: reasons.joined(separator: "; ")))
  }

  /// A new fido2 slot: a credential made on the security key at `path` (else the first one
  /// plugged in), and the key-encryption key from its hmac-secret of the slot's salt.
  public func newFIDO2Slot(device path: String?, pin wantsPIN: Bool, masterKey: SecretBytes, vaultID: UUID, now: UInt64)
    throws(OtterFailure) -> KeySlot
  {
    let device: FIDO2Secret.Device
    if let path {
      device = .hid(path)
    } else {
      guard let first = fido2Devices.first else {
        throw OtterFailure(.unavailable, "no FIDO2 security key is plugged in (or give its path with --device)")
      }
      device = first
    }
    var pin: SecretBytes?
    if wantsPIN {
      guard TerminalPrompt.isAvailable else {
        throw OtterFailure(.usage, "--pin asks the security key's PIN on a terminal, and there is none")
      }
      pin = try TerminalPrompt.readSecret(prompt: "PIN of the security key: ")
    }
    do {
      let id = try KeySlot.newID()
      let salt = try randomBytes(count: 32)
      StandardError.write("otter: touch the security key (twice: to make the credential, then to use it)\n")
      let credential: [UInt8]
      let secret: SecretBytes
      do {
        credential = try FIDO2Secret.makeCredential(on: device, pin: pin)
        secret = try FIDO2Secret.secret(on: device, credential: credential, salt: salt, pin: pin)
      } catch {
        switch error {
        case .noDevice: throw OtterFailure(.unavailable, "\(error)")
        case .pinRequired: throw OtterFailure(.usage, "the security key asks its PIN: add --pin")
        case .wrongPIN, .pinBlocked: throw OtterFailure(.noPermission, "\(error)")
        default: throw OtterFailure(.ioError, "\(error)")
        }
      }
      return try KeySlot.wrap(
        masterKey: masterKey, kind: .fido2, secret: secret, vaultID: vaultID, id: id, added: now,
        binding: ["credential": Base64.encode(credential), "pin": pin == nil ? "no" : "yes"], salt: salt)
    } catch let failure as OtterFailure {
      throw failure
    } catch {
      throw OtterFailure(.ioError, "cannot make the slot: \(error)")
    }
  }
}
