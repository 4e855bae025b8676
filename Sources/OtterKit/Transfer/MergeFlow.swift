import CryptoPrimitives
import FoundationEssentials
import Importers
import OTPCore
import Posix
import Vault

/// Merging other copies of the vault into it (`otter merge`, `otter merge --conflicts`, the git
/// merge driver): open each copy, merge its accounts (`VaultContents.merge`), save once under
/// the lock, say what was taken.
public struct MergeFlow {
  let session: VaultSession
  /// Where the password of a copy comes from when the vault's key and password do not open it
  /// (`otter passwd` was run on another machine).
  let sourcePassword: PasswordSource

  public init(session: VaultSession, sourcePassword: PasswordSource) {
    self.session = session
    self.sourcePassword = sourcePassword
  }

  /// One copy, opened.
  public struct Copy {
    public let path: String
    /// The file's bytes as opened: a conflict copy is removed only while it still holds them.
    public let bytes: [UInt8]
    public let vault: UnlockedVault
    /// Whether it opened with a password other than the vault's own.
    public let otherPassword: Bool
  }

  /// What a merge said and did.
  public struct Outcome {
    public var lines: [String] = []
    /// Whether the vault was written.
    public var saved = false
    /// Copies that could not be opened or merged, with the reason.
    public var failed: [(path: String, reason: String)] = []
    /// The vault's contents after the merge (saved or not): what a conflict copy must be
    /// included in before it is removed.
    public var contents: VaultContents?
  }

  /// Opens the copy at `path` of `vault`: with the vault's own master key when it is the same
  /// vault (no key derivation), else with `password` (the vault's, when it was typed), else
  /// with the source password.
  ///
  /// - Throws: `OtterFailure` 66 when the copy is missing, 65 when it is damaged or not a vault,
  ///   77 when no password opens it.
  public func open(_ path: String, like vault: UnlockedVault, password: SecretBytes?, shownAs: String? = nil)
    throws(OtterFailure) -> Copy
  {
    var copySession = VaultSession(
      location: VaultLocation(path: path), passwordSource: sourcePassword, derive: session.derive, budget: session.budget,
      generations: nil, agent: session.agent, warn: session.warn)
    copySession.slotPolicy = session.slotPolicy
    copySession.slotSources = session.slotSources
    copySession.backsUp = false
    let bytes = try copySession.read()
    // A file that is no vault, or a damaged one, is said so at once: no password is asked for it.
    do { _ = try VaultFile.vaultID(of: bytes) } catch {
      let shown = Sanitizer.displayText(path)
      switch error {
      case .notAVault: throw OtterFailure(.dataError, "\(shown) is not an Otter vault")
      case .newerVersion: throw OtterFailure(.dataError, "\(shown): \(error)")
      default: throw OtterFailure(.dataError, "\(shown) is a damaged copy: \(error)")
      }
    }
    if (try? VaultFile.vaultID(of: bytes)) == vault.vaultID, let opened = try? VaultFile.decode(bytes, masterKey: vault.masterKey)
    {
      return Copy(path: path, bytes: bytes, vault: opened, otherPassword: false)
    }
    if let opened = copySession.unlockWithoutPassword(bytes).vault {
      return Copy(path: path, bytes: bytes, vault: opened, otherPassword: true)
    }
    if let password, let opened = try? copySession.unlock(bytes, password: password) {
      return Copy(path: path, bytes: bytes, vault: opened, otherPassword: false)
    }
    let other = try sourcePassword.read(
      prompt: "Password for \(shownAs ?? Sanitizer.displayText(path)): ",
      noTerminal:
        "\(Sanitizer.displayText(path)) does not open with the vault's key or password (changed with otter passwd elsewhere?); give its password with --source-password-file PATH"
    )
    return Copy(path: path, bytes: bytes, vault: try copySession.unlock(bytes, password: other), otherPassword: true)
  }

  /// Merges `copies` (same vault id unless `otherVault`) into the vault, under the lock; with
  /// `dryRun` only reports. A copy of another vault is refused unless `otherVault`, which adds
  /// its accounts as an import does (duplicates skipped).
  public func merge(_ copies: [Copy], into vault: UnlockedVault, otherVault: Bool, dryRun: Bool) throws(OtterFailure) -> Outcome {
    for copy in copies where copy.vault.vaultID != vault.vaultID && !otherVault {
      throw OtterFailure(
        .dataError,
        "\(Sanitizer.displayText(copy.path)) is another vault (id \(copy.vault.vaultID.lowercasedText), this one \(vault.vaultID.lowercasedText)); add --other-vault to add its accounts as an import would"
      )
    }
    var outcome = Outcome()
    let highest = copies.map(\.vault.generation).max() ?? 0
    let newerKey = try Self.newestKey(of: copies.filter { $0.vault.vaultID == vault.vaultID }, than: vault)
    let apply = { (contents: inout VaultContents) -> Bool in
      outcome.lines = []
      var changed = false
      for copy in copies {
        if copy.vault.vaultID == vault.vaultID {
          let report = contents.merge(copy.vault.contents)
          outcome.lines += Self.lines(for: report, from: copy.path)
          changed = changed || report.changed
        } else {
          let items = copy.vault.contents.records.enumerated().map { index, record in
            ImportItem(
              "account \(index + 1)",
              .success(
                ImportedAccount(account: record.account, note: record.note, favourite: record.favourite, tags: record.tags)))
          }
          let (lines, added) = ImportFlow.apply(items, to: &contents, now: currentTime(), dryRun: dryRun)
          outcome.lines += lines.map { "\(Sanitizer.displayText(copy.path)): \($0)" }
          changed = changed || added
        }
        if copy.vault.vaultID == vault.vaultID, !copy.vault.hasSameKey(as: vault), copy.vault.epoch < vault.epoch {
          outcome.lines.append(
            "note: \(Sanitizer.displayText(copy.path)) has an older password (the vault's was changed since); the merged vault keeps the vault's newer one"
          )
        }
      }
      return changed && !dryRun
    }
    if dryRun {
      var contents = vault.contents
      _ = apply(&contents)
      outcome.lines.append("dry run: nothing was written")
      return outcome
    }
    let sameVault = copies.filter { $0.vault.vaultID == vault.vaultID }
    var slotLines: [String] = []
    let (fresh, saved) = try session.modifyIfChanged(
      unlocked: vault, atLeastGeneration: highest, adoptingKeyOf: newerKey?.vault,
      alsoChange: { fresh in
        slotLines = []
        for copy in sameVault { slotLines += Self.slotLines(fresh.mergeSlots(from: copy.vault), from: copy.path) }
        return !slotLines.isEmpty
      }
    ) { (contents: inout VaultContents) throws(OtterFailure) -> Bool in apply(&contents) }
    outcome.lines += slotLines
    outcome.saved = saved
    outcome.contents = fresh.contents
    if let newerKey {
      outcome.lines.append(Self.newerKeyLine(newerKey))
      session.agent?.forget(vault.vaultID)
    }
    if !saved { outcome.lines.append("nothing to merge: the vault already holds everything in the copies; it was not written") }
    return outcome
  }

  /// `otter merge --conflicts`: merges every conflict copy beside the vault, then — only after
  /// the merged vault is saved — removes each copy that still holds what was merged. A copy
  /// that cannot be opened is left and named in `failed`.
  public func mergeConflictCopies(into vault: UnlockedVault, password: SecretBytes?, dryRun: Bool) throws(OtterFailure)
    -> Outcome
  {
    let paths = ConflictCopies.find(besides: session.store.file.path, vaultID: vault.vaultID)
    var failed: [(path: String, reason: String)] = []
    var copies: [Copy] = []
    for path in paths {
      do { copies.append(try open(path, like: vault, password: password)) } catch {
        failed.append((path, error.message))
      }
    }
    var outcome = Outcome()
    if paths.isEmpty {
      outcome.lines = ["no conflict copies beside \(session.store.file.path)"]
      return outcome
    }
    if !copies.isEmpty { outcome = try merge(copies, into: vault, otherVault: false, dryRun: dryRun) }
    outcome.failed = failed
    guard !dryRun else { return outcome }
    for copy in copies {
      let shown = Sanitizer.displayText(copy.path)
      guard let merged = outcome.contents, merged.includes(copy.vault.contents) else {
        outcome.failed.append((copy.path, "the vault does not hold everything in it yet; it was kept"))
        continue
      }
      switch ConflictCopies.remove(copy.path, holding: copy.bytes) {
      case .removed: outcome.lines.append("removed   \(shown) (the vault holds everything in it)")
      case .changed(let keptAs):
        outcome.failed.append(
          (
            copy.path,
            "it changed while it was merged (a sync tool wrote it); it was kept\(keptAs.map { " as " + Sanitizer.displayText($0) } ?? ""); run otter merge --conflicts again"
          ))
      }
    }
    return outcome
  }

  /// The copy whose key is newer than `vault`'s (its password was changed later, on another
  /// machine), or nil when the vault's own key is the newest.
  ///
  /// - Throws: `OtterFailure` 65 when a copy's key is as new as the vault's but another (both
  ///   passwords were changed separately since the copies parted): which to keep is the
  ///   user's choice, never a silent one.
  static func newestKey(of copies: [Copy], than vault: UnlockedVault) throws(OtterFailure) -> Copy? {
    var newest: Copy?
    for copy in copies where !copy.vault.hasSameKey(as: vault) {
      let epoch = newest?.vault.epoch ?? vault.epoch
      if copy.vault.epoch == epoch {
        throw OtterFailure(
          .dataError,
          "the password of \(Sanitizer.displayText(copy.path)) and the vault's were changed separately (both at key epoch \(epoch)): run `otter passwd` on the copy whose password you want to keep, then merge again; nothing was written"
        )
      }
      if copy.vault.epoch > epoch { newest = copy }
    }
    return newest
  }

  /// What a merge says when the result is saved under a copy's newer key.
  static func newerKeyLine(_ copy: Copy) -> String {
    "the password of \(Sanitizer.displayText(copy.path)) is newer (changed with otter passwd, key epoch \(copy.vault.epoch)): the merged vault is saved under it — use that password from now on; the older one opens nothing saved from now on"
  }

  /// The git merge driver's merge: `copy` (theirs) into `vault` (ours), the result written to
  /// `path` (git's file for ours, which git then reads) — no lock and no backup beside it,
  /// since git owns that file; the generation is above both sides'.
  ///
  /// - Returns: the report lines.
  /// - Throws: `OtterFailure` 65 when the two are different vaults, 74 when the result cannot
  ///   be written.
  public func mergeForGit(_ copy: Copy, into vault: UnlockedVault, writingTo path: String, baseSlots: [KeySlot]? = nil)
    throws(OtterFailure) -> [String]
  {
    guard copy.vault.vaultID == vault.vaultID else {
      throw OtterFailure(
        .dataError,
        "the two sides are different vaults (ids \(vault.vaultID.lowercasedText), \(copy.vault.vaultID.lowercasedText)); merge them by hand with otter merge --other-vault"
      )
    }
    let newerKey = try Self.newestKey(of: [copy], than: vault)
    let report = vault.contents.merge(copy.vault.contents)
    if let newerKey { vault.adoptKey(of: newerKey.vault) }
    let slotLines = Self.slotLines(vault.mergeSlots(from: copy.vault, base: baseSlots), from: copy.path)
    let generation = VaultFile.nextGeneration(after: vault.generation, copy.vault.generation)
    let bytes: [UInt8]
    do { bytes = try VaultFile.encode(vault, generation: generation) } catch {
      throw OtterFailure(.ioError, "cannot encode the merged vault: \(error)")
    }
    try SecretFile.write(bytes, to: path)
    if let newerKey {
      session.agent?.forget(vault.vaultID)
      return Self.lines(for: report, from: copy.path) + slotLines + [Self.newerKeyLine(newerKey)]
    }
    return Self.lines(for: report, from: copy.path) + slotLines
  }

  /// What a merge says about the key slots it joined.
  static func slotLines(_ change: (added: [KeySlot], removed: [KeySlot]), from path: String) -> [String] {
    change.added.map { slot in
      "slot      \(slot.slotID) (\(Sanitizer.displayText(slot.type))) added from \(Sanitizer.displayText(path)); if it was removed here, remove it again with otter slot remove \(slot.slotID)"
    }
      + change.removed.map { slot in
        "slot      \(slot.slotID) (\(Sanitizer.displayText(slot.type))) removed (removed in \(Sanitizer.displayText(path)))"
      }
  }

  /// The report lines of one merged copy.
  static func lines(for report: MergeReport, from path: String) -> [String] {
    var lines: [String] = []
    for entry in report.entries {
      let label = Sanitizer.displayText(entry.label)
      switch entry.change {
      case .added: lines.append("added     \(label)")
      case .restored: lines.append("restored  \(label) (deleted here, but changed in the copy apart from that: kept)")
      case .updated: lines.append("updated   \(label)")
      case .removed: lines.append("removed   \(label) (deleted in the copy)")
      case .counterAdvanced(let from, let to): lines.append("counter   \(label): \(from) → \(to)")
      case .keptAfterDeletion: lines.append("kept      \(label) (deleted in the copy, but changed here apart from that)")
      case .groupsJoined:
        lines.append("groups    \(label): its groups were changed on both copies apart; it is now in the groups of both")
      case .conflict:
        lines.append(
          "conflict  \(label): changed on both copies apart; both versions are kept: pick one with otter merge --resolve")
      }
    }
    let count = { (matching: (MergeReport.Change) -> Bool) in report.count(matching) }
    let counters = count { if case .counterAdvanced = $0 { true } else { false } }
    let conflicts = count { if case .conflict = $0 { true } else { false } }
    lines.append(
      "merged \(Sanitizer.displayText(path)): \(count { $0 == .added || $0 == .restored }) added, \(count { $0 == .updated || $0 == .groupsJoined }) updated, \(count { $0 == .removed }) removed, \(counters) \(counters == 1 ? "counter" : "counters") advanced, \(conflicts) \(conflicts == 1 ? "conflict" : "conflicts")"
        + (report.unusableAdded > 0 ? ", \(report.unusableAdded) unusable entries kept" : ""))
    return lines
  }
}

extension MergeFlow {
  /// `otter merge FILE` (or, with `file` nil, `otter merge --conflicts`): the report on
  /// standard output, each conflict copy that could not be merged on standard error.
  ///
  /// - Throws: `OtterFailure` 65 when a conflict copy was left, else as `open` and `merge` do.
  public static func run(
    session: VaultSession, file: String?, otherVault: Bool, dryRun: Bool, sourcePassword: PasswordSource
  ) throws(OtterFailure) {
    let (vault, password) = try session.openKeepingPassword(noticeConflicts: false)
    let flow = MergeFlow(session: session, sourcePassword: sourcePassword)
    let outcome: Outcome
    if let file {
      let copy = try flow.open(file, like: vault, password: password)
      outcome = try flow.merge([copy], into: vault, otherVault: otherVault, dryRun: dryRun)
    } else {
      outcome = try flow.mergeConflictCopies(into: vault, password: password, dryRun: dryRun)
    }
    for line in outcome.lines { StandardOutput.shared.write(line + "\n") }
    guard outcome.failed.isEmpty else {
      for (path, reason) in outcome.failed { StandardError.write("otter: left \(Sanitizer.displayText(path)): \(reason)\n") }
      throw OtterFailure(
        .dataError, "\(outcome.failed.count) conflict \(outcome.failed.count == 1 ? "copy was" : "copies were") not merged")
    }
  }

  /// `otter merge-driver %O %A %B %P`: `theirs` merged into `ours`, written to `ours`.
  ///
  /// git's temporary files (`.merge_file_tOIJeD`) are never named in a prompt: the vault is
  /// `shownAs` (%P, its path in the repository; "the vault" without it) "(git merge)".
  ///
  /// - Parameter base: the common ancestor's file (%O), whose key slots (read without a key)
  ///   tell a slot removed on one side from one added on the other.
  public static func runGitDriver(
    base: String? = nil, ours: String, theirs: String, shownAs: String? = nil, passwordSource: PasswordSource,
    sourcePassword: PasswordSource
  ) throws(OtterFailure) {
    let name = Sanitizer.displayText(shownAs.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? "the vault")
    var session = VaultSession(location: VaultLocation(path: ours), passwordSource: passwordSource, generations: nil)
    session.promptName = "\(name) (git merge)"
    session.backsUp = false
    let (vault, password) = try session.openKeepingPassword(noticeConflicts: false)
    let flow = MergeFlow(session: session, sourcePassword: sourcePassword)
    let copy = try flow.open(theirs, like: vault, password: password, shownAs: "\(name) of the other branch (git merge)")
    let baseBytes = base.flatMap { try? InputSource.read($0) }
    let baseSlots = baseBytes.flatMap { bytes in
      (try? VaultFile.vaultID(of: bytes)) == vault.vaultID ? try? VaultFile.keySlots(of: bytes) : nil
    }
    for line in try flow.mergeForGit(copy, into: vault, writingTo: ours, baseSlots: baseSlots) {
      StandardError.write("otter: " + line + "\n")
    }
  }
}
