import ArgumentParser
import OtterKit

/// `otter slot`: the vault's key slots, the routes that open it.
struct Slot: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "slot",
    abstract:
      "List, add and remove the vault's key slots: the password, the desktop keyring, an ssh-agent key, the TPM, a FIDO2 key.",
    discussion: """
      Every slot wraps the vault's master key. Unlocking tries the slots that need nothing from \
      you first (the keyring, the ssh-agent, the TPM without PIN), then those that ask a PIN or a touch, \
      then the password; --slot KIND forces one kind. A vault always keeps at least one \
      password slot, its recovery route.
      """,
    subcommands: [SlotList.self, SlotAdd.self, SlotRemove.self], defaultSubcommand: SlotList.self)
}

struct SlotList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "One line per key slot: id, kind, what it is bound to, when it was added.")

  @Flag(help: "Print a JSON array of objects with id, kind, boundTo and added.")
  var json = false

  @OptionGroup var options: VaultOptions

  func run() throws {
    let vault = try options.writableSession(for: "slot list").open()
    StandardOutput.shared.write(
      (json ? SlotListing.json(vault.slots, vaultID: vault.vaultID) : SlotListing.table(vault.slots, vaultID: vault.vaultID))
        + "\n")
  }
}

struct SlotAdd: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add",
    abstract: "Add a key slot (the vault must be unlocked: any password source, a slot, or the agent).",
    discussion: """
      --keyring keeps a random key in the desktop keyring (the Secret Service: GNOME Keyring, \
      KWallet, KeePassXC). --ssh-key FINGERPRINT uses a key the running ssh-agent holds, as \
      'ssh-add -l' prints it (SHA256:…): Ed25519 or RSA; ECDSA and security keys sign \
      differently every time and are refused. --tpm2 seals a random key to this machine's TPM \
      2.0 (with --pin, behind a PIN the TPM checks; each wrong PIN counts against its lockout). \
      --fido2 makes a credential (relying party otter, not resident) on a FIDO2 security key \
      with the hmac-secret extension; unlocking then takes a touch (and its PIN with --pin).
      """)

  @Flag(help: "A key kept in the desktop keyring.")
  var keyring = false

  @Option(help: ArgumentHelp("A key held by the running ssh-agent, as 'ssh-add -l' prints it.", valueName: "FINGERPRINT"))
  var sshKey: String?

  @Flag(help: "A key sealed to this machine's TPM 2.0 (/dev/tpmrm0, or the TCTI TSS2_TCTI names).")
  var tpm2 = false

  @Flag(help: "A FIDO2 security key's hmac-secret (a touch to unlock).")
  var fido2 = false

  @Option(help: ArgumentHelp("With --fido2: the security key's device (default: the first one plugged in).", valueName: "PATH"))
  var device: String?

  @Flag(
    help:
      "With --tpm2: the TPM asks a PIN (set here, asked twice) before it unseals the key. With --fido2: the security key's PIN is asked, now and at every unlock."
  )
  var pin = false

  @OptionGroup var options: VaultOptions

  func validate() throws {
    guard [keyring, sshKey != nil, tpm2, fido2].filter({ $0 }).count == 1 else {
      throw ValidationError("Give one of --keyring, --ssh-key FINGERPRINT, --tpm2 or --fido2.")
    }
    if pin && !(tpm2 || fido2) { throw ValidationError("--pin goes with --tpm2 or --fido2.") }
    if device != nil && !fido2 { throw ValidationError("--device goes with --fido2.") }
  }

  func run() throws {
    let session = try options.writableSession(for: "slot add")
    let sources = session.slotSources ?? SlotSources()
    let now = UInt64(max(0, currentTime()))
    let slot = try session.addSlot { vault throws(OtterFailure) in
      if fido2 {
        return try sources.newFIDO2Slot(
          device: device, pin: pin, masterKey: vault.masterKey, vaultID: vault.vaultID, now: now)
      }
      if tpm2 {
        return try sources.newTPMSlot(pin: pin, masterKey: vault.masterKey, vaultID: vault.vaultID, now: now)
      }
      if let sshKey {
        return try sources.newSSHKeySlot(fingerprint: sshKey, masterKey: vault.masterKey, vaultID: vault.vaultID, now: now)
      }
      return try sources.newKeyringSlot(masterKey: vault.masterKey, vaultID: vault.vaultID, now: now)
    }
    StandardOutput.shared.write("added the \(slot.type) slot \(slot.slotID)\n")
  }
}

struct SlotRemove: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "remove", abstract: "Remove a key slot (never the last password slot).")

  @Argument(help: ArgumentHelp("The slot's id, as otter slot list shows it.", valueName: "ID"))
  var id: String

  @OptionGroup var options: VaultOptions

  func run() throws {
    let removed = try options.writableSession(for: "slot remove").removeSlot(id: id)
    StandardOutput.shared.write("removed the \(removed.type) slot \(removed.slotID)\n")
  }
}
