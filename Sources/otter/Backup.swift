import ArgumentParser
import OTPCore
import OtterKit
import Posix
import Vault

/// `otter backup`: the automatic copies each change of the vault writes.
struct Backup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backup",
    abstract: "Set up the automatic backups (a copy of the vault after every change), list them, restore one.",
    discussion: """
      Every change to the vault also writes a copy of the new file to the backup folder \
      (default $XDG_DATA_HOME/otter/backups, mode 0700), named with its time and generation. \
      A copy is the vault file itself, with the password it had then: 'otter list --vault COPY' \
      opens it. The newest --keep copies of each vault are kept (default 20). A copy that \
      cannot be written never stops the save; it is said. The settings are this machine's \
      ($XDG_CONFIG_HOME/otter/backup). With no option, the settings are shown.

        otter backup --folder ~/Sync/otter-backups --keep 50
        otter backup list
        otter backup restore 2
      """,
    subcommands: [BackupList.self, BackupRestore.self])

  @Option(help: ArgumentHelp("Write the copies to PATH (made 0700 if missing).", valueName: "PATH"))
  var folder: String?

  @Option(help: ArgumentHelp("Keep the newest N copies of each vault (1 to 10000).", valueName: "N"))
  var keep: Int?

  @Flag(help: "Stop writing copies (the existing ones stay).")
  var off = false

  @Flag(help: "Write copies again after --off.")
  var on = false

  func validate() throws {
    if let keep, !BackupSettings.allowedKeep.contains(keep) { throw ValidationError("--keep must be between 1 and 10000.") }
    if off && on { throw ValidationError("Give --off or --on, not both.") }
    if let folder, folder.isEmpty { throw ValidationError("--folder needs a path.") }
  }

  func run() throws {
    guard var settings = BackupSettings.standard() else {
      throw OtterFailure(.cannotCreate, "neither XDG_DATA_HOME nor HOME is set: there is no default backup folder")
    }
    let changing = folder != nil || keep != nil || off || on
    if let folder {
      let absolute = folder.hasPrefix("/") ? folder : VaultStore.absolute(folder)
      settings.folder = absolute
      settings.enabled = true
    }
    if let keep { settings.keep = keep }
    if off { settings.enabled = false }
    if on { settings.enabled = true }
    if changing {
      if settings.enabled { try Backups.prepare(settings.folder) }
      try settings.store()
    }
    StandardOutput.shared.write(
      settings.enabled
        ? "Backups: on, the newest \(settings.keep) copies of each vault in \(Sanitizer.displayText(settings.folder)).\n"
        : "Backups: off (copies already in \(Sanitizer.displayText(settings.folder)) stay).\n")
  }
}

struct BackupList: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "The vault's copies, numbered from 1 (the newest): time, generation, accounts.")

  @Flag(help: "Print a JSON array of objects: number, time, generation, accounts (null when the key differs), path, current.")
  var json = false

  @OptionGroup var options: VaultOptions

  func run() throws {
    guard let settings = BackupSettings.standard() else { throw OtterFailure(.noInput, "there is no backup folder (no HOME)") }
    let session = try options.readOnlySession(for: "backup list")
    // A missing or damaged vault (the usual reason to look here) still lists its copies.
    var key: UnlockedVault?
    var why = "the vault is missing, so no copy was opened"
    if try session.exists() {
      do throws(OtterFailure) { key = try session.open() } catch {
        guard error.status == .dataError else { throw error }
        why = "the vault is damaged, so no copy was opened"
      }
    }
    let copies = session.backupCopies(settings: settings, key: key)
    if json {
      StandardOutput.shared.write(BackupListing.json(copies))
    } else if copies.isEmpty {
      StandardOutput.shared.write("No copies of this vault in \(Sanitizer.displayText(settings.folder)).\n")
    } else {
      StandardOutput.shared.write(BackupListing.table(copies))
      if key == nil {
        StandardOutput.shared.write("(? : \(why))\n")
      } else if copies.contains(where: { $0.accounts == nil }) {
        StandardOutput.shared.write(
          "(? : made with another key, before a password change: it opens with the password it had then)\n")
      }
    }
  }
}

struct BackupRestore: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "restore",
    abstract: "Replace the vault with copy N of 'otter backup list' (the current vault is backed up first).")

  @Argument(help: "The copy's number in 'otter backup list' (1 is the newest).")
  var number: Int

  @Flag(help: "Do not ask first.")
  var yes = false

  @OptionGroup var options: VaultOptions

  func run() throws {
    guard let settings = BackupSettings.standard() else { throw OtterFailure(.noInput, "there is no backup folder (no HOME)") }
    let session = try options.readOnlySession(for: "backup restore")
    let copies = session.backupVaultID(in: settings.folder).map { Backups.copies(of: $0, in: settings.folder) } ?? []
    guard number >= 1, number <= copies.count else {
      throw OtterFailure(
        .usage,
        copies.isEmpty
          ? "there are no copies of this vault to restore" : "there are \(copies.count) copies: give 1 to \(copies.count)")
    }
    let copy = copies[number - 1]
    let description = "copy \(number) (\(Timestamp.iso8601(copy.time)), generation \(copy.generation))"
    if !yes {
      guard TerminalPrompt.isAvailable else {
        throw OtterFailure(.usage, "restoring replaces the vault: run it on a terminal to be asked, or add --yes")
      }
      guard
        try TerminalPrompt.confirm(
          "Replace \(Sanitizer.displayText(session.location.path)) with \(description)? The current vault is backed up first. [y/N] "
        )
      else { throw OtterFailure(.usage, "nothing was restored") }
    }
    let kept = try session.restore(from: copy.path, settings: settings)
    StandardOutput.shared.write(
      "Restored \(description). It opens with the password it had then"
        + (kept ? "; the vault before it is the newest copy now.\n" : ".\n"))
  }
}
