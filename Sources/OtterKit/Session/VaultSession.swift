import CryptoPrimitives
import FoundationEssentials
import OTPCore
import Posix
import Vault

/// Everything a command does with the vault file: open and unlock it through the configured
/// password source, change it under the writer lock, save it atomically, and turn every
/// failure into the exit status and message the user sees.
///
/// Reading commands read the file without the lock and derive the key once. Writing commands
/// go through `modify`: the lock is taken first, the file is read and unlocked under it (so two
/// writers never lose each other's change), the change is applied, and the vault is encoded
/// with a fresh nonce and replaced atomically before the lock is released.
public struct VaultSession: Sendable {
  public let location: VaultLocation
  public let passwordSource: PasswordSource
  /// The key derivation for password slots (scrypt; tests memoize it).
  public let derive: KeyDerivation
  /// How much key derivation a file may ask for (`--kdf-budget`).
  public let budget: KDFBudget
  /// Where the highest generation seen of each vault is kept, for the rollback warning.
  public let generations: GenerationMemory?
  /// Where warnings go (stderr in the program; the viewer's status line; tests collect them).
  public var warn: @Sendable (String) -> Void
  /// The agent that may hold this vault's master key (`otter unlock`); nil to never ask one.
  public let agent: AgentClient?
  /// The file store, with a symbolic link at the vault path resolved once, here.
  public let store: VaultStore
  /// How the password prompt names the vault (default: its path, sanitized).
  public var promptName: String?
  /// The device whose edits this process makes (`DeviceID`): every opened vault's editor.
  public var device = DeviceID.current
  /// Which routes unlocking may take (`--slot KIND`).
  public var slotPolicy = SlotPolicy.any
  /// Whether each save also writes a copy to the backup folder (`Backups`); off for files
  /// that are not the user's vault (git's merge driver's temporary sides, another copy).
  public var backsUp = true
  /// What gives key slots their secrets (the keyring, the ssh-agent); nil tries no slot.
  public var slotSources: SlotSources? = SlotSources()

  public init(
    location: VaultLocation, passwordSource: PasswordSource, derive: @escaping KeyDerivation = scryptDerivation,
    budget: KDFBudget = .default, generations: GenerationMemory? = GenerationMemory.standard(),
    agent: AgentClient? = AgentClient(), warn: @escaping @Sendable (String) -> Void = StandardError.warn
  ) {
    self.agent = agent
    self.location = location
    self.passwordSource = passwordSource
    self.derive = derive
    self.budget = budget
    self.generations = generations
    self.warn = warn
    store = VaultStore(location: location)
  }

  /// The same session with warnings sent to `warn` instead.
  public func warning(to warn: @escaping @Sendable (String) -> Void) -> VaultSession {
    var copy = self
    copy.warn = warn
    return copy
  }

  /// Whether a vault file exists.
  public func exists() throws(OtterFailure) -> Bool {
    do { return try store.exists() } catch { throw Self.failure(for: error) }
  }

  /// The vault password from the configured source.
  public func readPassword() throws(OtterFailure) -> SecretBytes {
    try passwordSource.read(prompt: "Password for \(promptName ?? Sanitizer.displayText(location.path)): ")
  }

  /// The vault file's bytes, after the store's safety checks.
  public func read() throws(OtterFailure) -> [UInt8] {
    do { return try store.read() } catch { throw Self.failure(for: error) }
  }

  /// Reads and unlocks the vault for reading (no lock); reports entries this version cannot use.
  ///
  /// - Parameter password: the password, when the caller already has it; else it is read from
  ///   the configured source after the file was found and read.
  public func open(password given: SecretBytes? = nil, noticeConflicts: Bool = true) throws(OtterFailure) -> UnlockedVault {
    let bytes = try read()
    let vault: UnlockedVault
    if let given {
      vault = try unlock(bytes, password: given)
    } else {
      vault = try unlockAnyRoute(bytes).vault
    }
    reportUnusable(vault)
    if noticeConflicts { reportConflictCopies(of: vault) }
    return vault
  }

  /// Opens the vault as `open` does, and also returns the password when one was read (nil when
  /// the agent's key or a key slot opened it): a merge tries it on a copy of the vault.
  public func openKeepingPassword(noticeConflicts: Bool = true) throws(OtterFailure) -> (
    vault: UnlockedVault, password: SecretBytes?
  ) {
    let bytes = try read()
    let (vault, password) = try unlockAnyRoute(bytes)
    reportUnusable(vault)
    if noticeConflicts { reportConflictCopies(of: vault) }
    return (vault, password)
  }

  /// The vault file's absolute path, as the rollback memory keys it.
  var memoryPath: String { VaultStore.absolute(store.file.path) }

  /// Whether the agent holds the key of vault `id` given for this session's file (with
  /// `forThisFile`), or for another file that still exists (without).
  func agentHolds(_ id: UUID, forThisFile: Bool, agent: AgentClient) -> Bool {
    guard let held = agent.status()?.first(where: { $0.vaultID == id }) else { return false }
    let mine = Self.samePath(held.path, store.file.path)
    return forThisFile ? mine : !mine && (try? Posix.status(held.path)) != nil
  }

  /// Whether two paths name the same file (the same device and inode), or are equal.
  static func samePath(_ a: String, _ b: String) -> Bool {
    if a == b { return true }
    guard let x = try? Posix.status(a), let y = try? Posix.status(b) else { return false }
    return x.st_dev == y.st_dev && x.st_ino == y.st_ino
  }

  /// Warns when accounts keep versions edited apart on two copies (a merge found them).
  public func reportConflictingVersions(of vault: UnlockedVault) {
    let count = vault.contents.records.reduce(0) { $0 + ($1.inConflict ? 1 : 0) }
    guard count > 0 else { return }
    warn(
      "\(count) \(count == 1 ? "account was" : "accounts were") changed on two copies apart and \(count == 1 ? "keeps" : "keep") both versions — pick one with 'otter merge --resolve QUERY'"
    )
  }

  /// Warns when sync conflict copies of this vault lie beside it (`ConflictCopies`).
  public func reportConflictCopies(of vault: UnlockedVault) {
    reportConflictingVersions(of: vault)
    let copies = ConflictCopies.find(besides: store.file.path, vaultID: vault.vaultID)
    guard !copies.isEmpty else { return }
    warn(
      "\(copies.count) conflict \(copies.count == 1 ? "copy" : "copies") beside the vault — run 'otter merge --conflicts'")
  }

  /// The vault opened with the master key the agent holds for it, or nil (no agent, no key, or
  /// a key that no longer opens the file — after a password change elsewhere — which the agent
  /// is then told to forget).
  ///
  /// Only the file the agent was given the key for makes it forget: a copy with the same id (a
  /// conflict copy, an old backup, another branch) that the key does not open leaves the
  /// vault's key with the agent.
  public func unlockWithAgent(_ bytes: [UInt8]) -> UnlockedVault? {
    guard let agent, let id = try? VaultFile.vaultID(of: bytes), let key = agent.key(for: id) else { return nil }
    guard let vault = try? VaultFile.decode(bytes, masterKey: key) else {
      if agentHolds(id, forThisFile: true, agent: agent) { agent.forget(id) }
      return nil
    }
    noteGeneration(of: vault)
    vault.contents.editor = device
    return vault
  }

  /// How a writing command will unlock: nil when the agent holds a key for this vault, else the
  /// vault opened before the lock is taken (a prompt never holds the lock) by a key slot or a
  /// password.
  ///
  /// A password read here is tried on the file as it is now (three tries on a terminal), so a
  /// mistyped one is asked again before any lock is taken; under the lock, the vault it opened
  /// is used as it is when the file has not changed since (no second key derivation).
  func passwordUnlessAgent(_ given: SecretBytes?) throws(OtterFailure) -> CheckedPassword? {
    if let given { return CheckedPassword(password: given, bytes: nil, vault: nil) }
    let bytes = try read()
    if slotPolicy.allowsAgent, let agent, let id = try? VaultFile.vaultID(of: bytes), agent.key(for: id) != nil {
      return nil
    }
    let opened = try unlockAnyRoute(bytes)
    return CheckedPassword(password: opened.password, bytes: bytes, vault: opened.vault)
  }

  /// A password (nil when a key slot opened the vault), and the vault it opened from the
  /// file's bytes before the lock was taken.
  struct CheckedPassword {
    var password: SecretBytes?
    var bytes: [UInt8]?
    var vault: UnlockedVault?
  }

  /// Under the lock: the vault opened with the agent's key, a key slot or the password; when
  /// the file changed in between, the same key opens it again (another key after a password
  /// change elsewhere: every route is tried again).
  func unlockUnderLock(_ bytes: [UInt8], password checked: CheckedPassword?) throws(OtterFailure) -> UnlockedVault {
    if let checked {
      if let vault = checked.vault, checked.bytes == bytes { return vault }
      if let password = checked.password { return try unlock(bytes, password: password) }
      if let vault = checked.vault, let reopened = try? reopen(bytes, sameKeyAs: vault) {
        noteGeneration(of: reopened)
        return reopened
      }
    }
    return try unlockAnyRoute(bytes).vault
  }

  /// How many passwords a prompt on the terminal may try, as sudo allows; a password file or
  /// command gets one (trying it again would give the same answer).
  var passwordTries: Int { passwordSource == .terminal ? 3 : 1 }

  /// Opens `bytes` with a password from the configured source; on a terminal, a wrong one is
  /// asked again, up to three tries.
  ///
  /// - Throws: `OtterFailure` 77 after the last wrong password, or what `unlock` throws.
  public func unlockAsking(_ bytes: [UInt8]) throws(OtterFailure) -> (vault: UnlockedVault, password: SecretBytes) {
    var attempt = 1
    while true {
      let password = try readPassword()
      do { return (try unlock(bytes, password: password), password) } catch {
        guard error.status == .noPermission, attempt < passwordTries else { throw error }
        let left = passwordTries - attempt
        StandardError.write("otter: wrong password; try again (\(left) \(left == 1 ? "try" : "tries") left)\n")
        attempt += 1
      }
    }
  }

  /// Opens `bytes` with `password`.
  ///
  /// - Throws: `OtterFailure` 77 for a wrong password, 65 (naming the backup) for a damaged
  ///   file, 74 when a primitive fails.
  public func unlock(_ bytes: [UInt8], password: SecretBytes) throws(OtterFailure) -> UnlockedVault {
    let vault: UnlockedVault
    do { vault = try VaultFile.decode(bytes, password: password, derive: derive, budget: budget) } catch {
      throw failure(for: error)
    }
    noteGeneration(of: vault)
    vault.contents.editor = device
    return vault
  }

  /// Warns when `vault` is older than the newest copy of it opened or saved on this machine,
  /// and otherwise remembers its generation.
  func noteGeneration(of vault: UnlockedVault) {
    guard let generations else { return }
    if let remembered = generations.remembered(vault.vaultID, path: memoryPath), remembered > vault.generation {
      warn(
        "this vault is older than the copy last opened here: generation \(vault.generation) < \(remembered) — restored from a backup or rolled back? (the next save makes it current)"
      )
    } else if vault.generation > 0 {
      generations.remember(vault.vaultID, vault.generation, onlyIfHigher: true, path: memoryPath)
    }
  }

  /// Opens `bytes` with the master key of `vault`, already unlocked (no key derivation).
  public func reopen(_ bytes: [UInt8], sameKeyAs vault: UnlockedVault) throws(OtterFailure) -> UnlockedVault {
    do {
      let opened = try VaultFile.decode(bytes, sameKeyAs: vault)
      opened.contents.editor = device
      return opened
    } catch {
      throw failure(for: error)
    }
  }

  /// Runs `body` while holding the exclusive writer lock.
  public func withWriteLock<Result>(_ body: () throws(OtterFailure) -> Result) throws(OtterFailure) -> Result {
    try store.withWriteLock(lockFailure: Self.failure(for:), body)
  }

  /// Runs `change` on the vault under the writer lock, then saves it: the vault is read and
  /// unlocked after the lock is taken, so concurrent writers each see the others' changes.
  public func modify<Result>(
    password given: SecretBytes? = nil, _ change: (UnlockedVault) throws(OtterFailure) -> Result
  ) throws(OtterFailure) -> Result {
    try modifyIfChanged(password: given) { vault throws(OtterFailure) -> (Result, changed: Bool) in
      (try change(vault), true)
    }
  }

  /// Like `modify`, but the vault is written only when `change` says it changed something: an
  /// import of duplicates only leaves the file (and its backup) byte for byte as they were.
  public func modifyIfChanged<Result>(
    password given: SecretBytes? = nil, _ change: (UnlockedVault) throws(OtterFailure) -> (Result, changed: Bool)
  ) throws(OtterFailure) -> Result {
    let password = try passwordUnlessAgent(given)
    return try withWriteLock { () throws(OtterFailure) -> Result in
      let bytes = try read()
      let vault = try unlockUnderLock(bytes, password: password)
      reportUnusable(vault)
      reportConflictCopies(of: vault)
      let (result, changed) = try change(vault)
      if changed { try save(vault, expecting: bytes) }
      return result
    }
  }

  /// Re-reads the file under the writer lock with the key of `unlocked` (no KDF), applies
  /// `change` and saves atomically: for the viewer, which holds the key while it runs.
  ///
  /// - Returns: the vault as saved.
  public func modify(
    unlocked: UnlockedVault, _ change: (inout VaultContents) throws(OtterFailure) -> Void
  ) throws(OtterFailure) -> UnlockedVault {
    try modifyIfChanged(unlocked: unlocked) { contents throws(OtterFailure) in
      try change(&contents)
      return true
    }.vault
  }

  /// Like `modify(unlocked:)`, but saves only when `change` returns true; the saved
  /// generation is above `atLeastGeneration` too (a merged copy's), so the result is newer
  /// than every copy it came from.
  ///
  /// - Returns: the vault as read under the lock and changed, and whether it was saved.
  ///
  /// - Parameter newer: a copy of this vault with a newer key (its password was changed on
  ///   another machine): the result is saved under that key, changed contents or not.
  ///
  /// - Parameter alsoChange: run after `change` (and after a newer key is adopted) on the vault
  ///   itself, for a merge that joins key slots; says whether it changed anything.
  public func modifyIfChanged(
    unlocked: UnlockedVault, atLeastGeneration: UInt64 = 0, adoptingKeyOf newer: UnlockedVault? = nil,
    alsoChange: (UnlockedVault) -> Bool = { _ in false },
    _ change: (inout VaultContents) throws(OtterFailure) -> Bool
  ) throws(OtterFailure) -> (vault: UnlockedVault, saved: Bool) {
    try withWriteLock { () throws(OtterFailure) -> (vault: UnlockedVault, saved: Bool) in
      let bytes = try read()
      // A slot added or removed meanwhile (otter slot) leaves the key as it was; only a new
      // key (otter passwd) keeps the file from opening with the one held here.
      let fresh: UnlockedVault
      do throws(OtterFailure) { fresh = try reopen(bytes, sameKeyAs: unlocked) } catch {
        if let slots = try? VaultFile.keySlots(of: bytes), slots != unlocked.slots {
          throw OtterFailure(.noPermission, "the vault's password was changed meanwhile (otter passwd); lock and unlock again")
        }
        throw error
      }
      let changed = try change(&fresh.contents)
      if let newer { fresh.adoptKey(of: newer) }
      let slotsChanged = alsoChange(fresh)
      guard changed || slotsChanged || newer != nil else { return (fresh, false) }
      fresh.generation = max(fresh.generation, atLeastGeneration)
      try save(fresh, expecting: bytes)
      return (fresh, true)
    }
  }

  /// Refuses an existing vault and makes its folder (mode 0700): `init` does this before it
  /// asks for a password.
  ///
  /// - Throws: `OtterFailure` 73 when a vault exists.
  public func prepareToCreate() throws(OtterFailure) {
    if try exists() { throw OtterFailure(.cannotCreate, "\(StoreError.alreadyExists(path: location.path))") }
    do { try store.createFolder() } catch { throw Self.failure(for: error) }
  }

  /// Creates an empty vault (its folder too); never replaces an existing one, even one another
  /// process creates at the same moment.
  ///
  /// - Throws: `OtterFailure` 73 when a vault exists, 74 when it cannot be written.
  public func create(password: SecretBytes, cost: ScryptParameters = .vaultDefault) throws(OtterFailure) -> UnlockedVault {
    try prepareToCreate()
    let vault: UnlockedVault
    do { vault = try VaultFile.create(password: password, cost: cost, derive: derive) } catch {
      throw OtterFailure(.ioError, "cannot create the vault: \(error)")
    }
    try withWriteLock { () throws(OtterFailure) in try save(vault, createOnly: true) }
    vault.contents.editor = device
    return vault
  }

  /// Changes the password: the old one (from the configured source) must open the vault; a new
  /// master key is drawn, wrapped under the new password at `cost` (nil keeps the current
  /// cost), and the accounts are encrypted again under it, so an old copy of the file and the
  /// old password open nothing saved from now on.
  ///
  /// Every other key slot is wrapped again around the new key when its source gives its
  /// secret now; one that cannot is removed and named.
  public func changePassword(to newPassword: SecretBytes, cost: ScryptParameters?) throws(OtterFailure) {
    let before = try read()
    let checked = try unlockAsking(before)
    try withWriteLock { () throws(OtterFailure) in
      let now = try read()
      let vault = now == before ? checked.vault : try unlock(now, password: checked.password)
      reportUnusable(vault)
      let dropped: [KeySlot]
      do {
        dropped = try vault.changePassword(to: newPassword, cost: cost ?? vault.currentCost, derive: derive) { slot in
          slotSecret(slot, vaultID: vault.vaultID)
        }
      } catch {
        throw OtterFailure(.ioError, "cannot change the password: \(error)")
      }
      try save(vault, expecting: now)
      for slot in dropped {
        warn(Self.droppedNotice(slot))
        if let sources = slotSources, let problem = sources.forget(slot, vaultID: vault.vaultID) { warn(problem) }
      }
      // The agent's key for this vault is the old master key: it must not be used again (for
      // a copy of the vault, the agent's key is the vault's own, and stays).
      if let agent, agentHolds(vault.vaultID, forThisFile: true, agent: agent) { agent.forget(vault.vaultID) }
    }
  }

  /// Encodes `vault` as the next generation and atomically writes it.
  ///
  /// The generation is one more than the highest of the file's and the one remembered here, so
  /// a save also ends the warning about an older copy.
  ///
  /// - Parameter expecting: the file's bytes as read under the lock. A sync tool that replaced
  ///   the file since (it never takes Otter's lock) is noticed just before the rename: what it
  ///   wrote is merged in (`VaultContents.merge`), said, and the save tried again, so neither
  ///   side's change is overwritten.
  public func save(_ vault: UnlockedVault, createOnly: Bool = false, expecting: [UInt8]? = nil) throws(OtterFailure) {
    var expected = expecting
    for _ in 0..<4 {
      let generation = VaultFile.nextGeneration(
        after: vault.generation, generations?.remembered(vault.vaultID, path: memoryPath) ?? 0)
      let bytes: [UInt8]
      do { bytes = try VaultFile.encode(vault, generation: generation) } catch {
        throw OtterFailure(.ioError, "cannot encode the vault: \(error)")
      }
      do {
        try store.write(bytes, createOnly: createOnly, expecting: expected)
      } catch .replacedMeanwhile(_, let current) {
        guard let theirs = try? VaultFile.decode(current, masterKey: vault.masterKey), theirs.vaultID == vault.vaultID else {
          throw OtterFailure(
            .ioError,
            "\(Sanitizer.displayText(location.path)) was replaced by another program (a sync tool?) with a file this key does not open while it was saved; nothing was written: run the command again"
          )
        }
        vault.contents.merge(theirs.contents)
        let slots = vault.mergeSlots(from: theirs)
        for slot in slots.added {
          warn("the key slot \(slot.slotID) (\(Sanitizer.displayText(slot.type))) that program's copy has was kept")
        }
        vault.generation = max(vault.generation, theirs.generation)
        warn("the vault was replaced by another program (a sync tool?) while it was saved: its changes were merged in")
        expected = current
        continue
      } catch {
        throw Self.failure(for: error)
      }
      vault.generation = generation
      generations?.remember(vault.vaultID, generation, onlyIfHigher: false, path: memoryPath)
      backUp(bytes)
      return
    }
    throw OtterFailure(
      .ioError,
      "\(Sanitizer.displayText(location.path)) kept being replaced by another program while it was saved; nothing was written")
  }

  /// Atomically replaces the vault file with `bytes` (call it under the writer lock).
  public func write(_ bytes: [UInt8], createOnly: Bool = false) throws(OtterFailure) {
    do { try store.write(bytes, createOnly: createOnly) } catch { throw Self.failure(for: error) }
    backUp(bytes)
  }

  /// Writes the file just saved as a copy in the backup folder; a failure is said, never thrown.
  func backUp(_ bytes: [UInt8]) {
    guard backsUp, let settings = BackupSettings.standard(), settings.enabled else { return }
    do { try Backups.write(bytes, of: location, settings: settings, at: currentTime()) } catch {
      warn("no backup copy was written: \(error.message); the vault itself was saved")
    }
  }

  /// Warns about each account entry this version of Otter cannot use (it is kept unchanged).
  public func reportUnusable(_ vault: UnlockedVault) {
    for entry in vault.contents.unusable {
      warn(
        "an account (\(Sanitizer.quoted(entry.id ?? "no id", limit: 40))) cannot be used by this version of Otter and is kept unchanged: \(entry.reason)"
      )
    }
  }

  /// What the user is told when the file cannot be opened.
  func failure(for error: VaultError) -> OtterFailure {
    switch error {
    case .authenticationFailed:
      return OtterFailure(.noPermission, "\(VaultError.authenticationFailed); \(location.path) was not changed")
    case .crypto(let error):
      return OtterFailure(.ioError, "\(error)")
    case .overBudget(let error):
      return OtterFailure(.dataError, "\(location.path): \(error); nothing was derived and the file was not changed")
    default:
      var message = "\(location.path): \(error); the file was not changed"
      if SecretFile.exists(location.backupPath) { message += "; the previous version is in \(location.backupPath)" }
      return OtterFailure(.dataError, message)
    }
  }

  /// What the user is told when the file system refuses.
  public static func failure(for error: StoreError) -> OtterFailure {
    switch error {
    case .notFound: OtterFailure(.noInput, "\(error)")
    case .alreadyExists: OtterFailure(.cannotCreate, "\(error)")
    case .unsafePermissions: OtterFailure(.dataError, "\(error)")
    case .notAFile: OtterFailure(.noInput, "\(error)")
    case .system: OtterFailure(.ioError, "\(error)")
    case .replacedMeanwhile: OtterFailure(.ioError, "\(error); nothing was written: run the command again")
    }
  }

  /// The scrypt cost from `--kdf-log-n`, or the default.
  public static func cost(logN: Int?) -> ScryptParameters {
    guard let logN else { return .vaultDefault }
    return ScryptParameters(logN: logN, r: 8, p: 1)
  }
}
