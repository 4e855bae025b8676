import CryptoPrimitives
import FoundationEssentials
import OTPCore
import Vault

/// Unlocking through the routes that need no typed password, and the key slots themselves.
extension VaultSession {
  /// What the routes that need no password gave: the vault, or what each route said.
  public struct QuietUnlock {
    public var vault: UnlockedVault?
    /// One line per slot tried or skipped ("the keyring slot 1a2b3c4d: no D-Bus session bus…"):
    /// said only when every route fails.
    public var notes: [String]
  }

  /// Opens `bytes` by the routes that need nothing typed, in order: the agent's key (unless
  /// `--slot` names a kind), then each key slot the policy allows, those that need nothing
  /// from the user first (`KeySlot.unlockRank`, ties in file order). A slot whose source is
  /// absent or refuses is skipped silently, noted for the error if every route fails.
  public func unlockWithoutPassword(_ bytes: [UInt8]) -> QuietUnlock {
    if slotPolicy.allowsAgent, let vault = unlockWithAgent(bytes) { return QuietUnlock(vault: vault, notes: []) }
    guard let sources = slotSources, let id = try? VaultFile.vaultID(of: bytes),
      let slots = try? VaultFile.keySlots(of: bytes)
    else { return QuietUnlock(vault: nil, notes: []) }
    var notes: [String] = []
    let candidates = slots.enumerated().compactMap { entry -> (Int, KeySlot, SlotKind)? in
      guard let kind = entry.element.kind, kind != .password, slotPolicy.allows(kind) else { return nil }
      return (entry.offset, entry.element, kind)
    }.sorted { ($0.1.unlockRank, $0.0) < ($1.1.unlockRank, $1.0) }
    for (_, slot, kind) in candidates {
      let name = "the \(kind.rawValue) slot \(slot.slotID)"
      switch sources.secret(for: slot, vaultID: id) {
      case .failure(let reason):
        notes.append("\(name): \(reason)")
      case .success(let secret):
        guard let masterKey = try? slot.unwrap(secret: secret, vaultID: id) else {
          notes.append(
            "\(name): its \(kind == .keyring ? "keyring item" : "key") does not open it (another \(kind == .keyring ? "item" : "key") with the same name?)"
          )
          continue
        }
        do {
          let vault = try VaultFile.decode(bytes, masterKey: masterKey)
          noteGeneration(of: vault)
          vault.contents.editor = device
          return QuietUnlock(vault: vault, notes: [])
        } catch {
          notes.append("\(name): \(error)")
        }
      }
    }
    if case .only(let kind) = slotPolicy, kind != .password, candidates.isEmpty {
      notes.append("the vault has no \(kind.rawValue) slot (otter slot list shows its slots)")
    }
    return QuietUnlock(vault: nil, notes: notes)
  }

  /// Opens `bytes` by any route the policy allows: the quiet ones, then the password (asked up
  /// to three times on a terminal). With `--slot KIND` for a kind other than password, no
  /// password is asked.
  ///
  /// - Returns: the vault, and the password when one was typed.
  /// - Throws: the password route's failure, with what each quiet route said appended.
  func unlockAnyRoute(_ bytes: [UInt8]) throws(OtterFailure) -> (vault: UnlockedVault, password: SecretBytes?) {
    let quiet = unlockWithoutPassword(bytes)
    if let vault = quiet.vault { return (vault, nil) }
    if case .only(let kind) = slotPolicy, kind != .password {
      throw OtterFailure(
        .noPermission,
        "no \(kind.rawValue) slot opened \(Sanitizer.displayText(location.path)): \(quiet.notes.joined(separator: "; "))")
    }
    do {
      let opened = try unlockAsking(bytes)
      return (opened.vault, opened.password)
    } catch {
      guard !quiet.notes.isEmpty else { throw error }
      throw OtterFailure(error.status, error.message + "\n  (also tried: " + quiet.notes.joined(separator: "; ") + ")")
    }
  }

  /// The secret each slot of a vault being re-keyed can get now (for `otter passwd`).
  func slotSecret(_ slot: KeySlot, vaultID: UUID) -> SecretBytes? {
    guard let sources = slotSources, let secret = try? sources.secret(for: slot, vaultID: vaultID).get() else { return nil }
    return secret
  }

  /// How a dropped slot is named, with the command that adds it again.
  static func droppedNotice(_ slot: KeySlot) -> String {
    let again =
      switch slot.kind {
      case .keyring?: "otter slot add --keyring"
      case .sshKey?: "otter slot add --ssh-key \(Sanitizer.displayText(slot.binding["fingerprint"] ?? "FINGERPRINT"))"
      case .tpm2?: slot.needsPIN ? "otter slot add --tpm2 --pin" : "otter slot add --tpm2"
      case .fido2?: slot.needsPIN ? "otter slot add --fido2 --pin" : "otter slot add --fido2"
      default: "a newer Otter"
      }
    return
      "the \(Sanitizer.displayText(slot.type)) slot \(slot.slotID) was removed (its source is not available now): add it again with \(again)"
  }

  /// Adds the slot `make` builds around the vault's master key, under the writer lock.
  ///
  /// - Returns: the slot added.
  public func addSlot(_ make: (UnlockedVault) throws(OtterFailure) -> KeySlot) throws(OtterFailure) -> KeySlot {
    try modify { vault throws(OtterFailure) -> KeySlot in
      let slot = try make(vault)
      do { try vault.addSlot(slot) } catch {
        if let sources = slotSources, let problem = sources.forget(slot, vaultID: vault.vaultID) { warn(problem) }
        throw OtterFailure(.dataError, "\(error)")
      }
      return slot
    }
  }

  /// Removes the slot `id` names, under the writer lock, and what it left outside the vault
  /// (a keyring item) once the vault is saved.
  public func removeSlot(id: String) throws(OtterFailure) -> KeySlot {
    let (removed, vaultID) = try modify { vault throws(OtterFailure) -> (KeySlot, UUID) in
      do throws(SlotRemovalError) { return (try vault.removeSlot(id: id), vault.vaultID) } catch {
        throw OtterFailure(error == .lastPassword ? .dataError : .noInput, "\(error)")
      }
    }
    if let sources = slotSources, let problem = sources.forget(removed, vaultID: vaultID) { warn(problem) }
    return removed
  }
}
