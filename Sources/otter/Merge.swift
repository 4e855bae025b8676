import ArgumentParser
import CryptoPrimitives
import OtterKit
import Vault

/// `otter merge`: take in the changes of another copy of the vault.
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge another copy of the vault (a sync conflict copy, a backup) into it, losing nothing.",
    discussion: """
      Per account, a change wins over the version it was made on, whatever the clocks say \
      (each record carries a version that every edit raises); changes made apart on two \
      copies are both kept, marked as a conflict, until --resolve picks one; a deletion \
      removes what it saw and nothing changed apart from it; an HOTP counter never goes \
      backwards; accounts only one copy has are kept. When a copy's password was changed \
      later (otter passwd), the result is saved under that newer password. Merging is \
      commutative and idempotent: a second merge of the same copy changes nothing and writes \
      nothing. --conflicts merges every Syncthing, Nextcloud or Dropbox conflict copy beside \
      the vault and removes each only when the merged vault holds everything in it.

        otter merge ~/backup/vault.otter --dry-run
        otter merge --conflicts
        otter merge --resolve github
      """)

  @Argument(help: ArgumentHelp("Another copy of the vault.", valueName: "FILE"))
  var file: String?

  @Flag(help: "Merge every conflict copy beside the vault, then remove it.")
  var conflicts = false

  @Option(help: ArgumentHelp("Show the versions of an account in conflict and keep one.", valueName: "QUERY"))
  var resolve: String?

  @Option(help: ArgumentHelp("With --resolve: keep version N (as listed) without asking.", valueName: "N"))
  var keep: Int?

  @Flag(help: "Say what would change; write nothing.")
  var dryRun = false

  @Flag(help: "FILE is another vault: add its accounts as an import would (duplicates skipped).")
  var otherVault = false

  @Option(
    help: ArgumentHelp(
      "The copy's password, if it is not the vault's (first line of PATH; else asked).", valueName: "PATH"))
  var sourcePasswordFile: String?

  @OptionGroup var options: VaultOptions

  func validate() throws {
    if keep != nil && resolve == nil { throw ValidationError("--keep goes with --resolve.") }
    if resolve != nil {
      if file != nil || conflicts || otherVault || dryRun { throw ValidationError("--resolve goes alone (with --keep).") }
      return
    }
    if (file == nil) == !conflicts { throw ValidationError("Give either FILE, --conflicts or --resolve QUERY.") }
    if conflicts && otherVault { throw ValidationError("--other-vault merges one FILE; conflict copies are the vault's own.") }
    if sourcePasswordFile == "-" && options.passwordSource.usesStandardInput {
      throw ValidationError("Standard input cannot carry both the vault's password and the copy's.")
    }
  }

  func run() throws {
    if let resolve {
      try ConflictResolution.run(session: try options.writableSession(for: "merge"), query: resolve, keep: keep)
      return
    }
    try MergeFlow.run(
      session: try options.writableSession(for: "merge"), file: file, otherVault: otherVault, dryRun: dryRun,
      sourcePassword: PasswordSource.fileOrTerminal(sourcePasswordFile))
  }
}

/// `otter merge-driver %O %A %B`: git's merge of two versions of a vault file.
struct MergeDriver: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge-driver",
    abstract: "A git merge driver for vault files: merges the two sides' accounts into %A.",
    discussion: """
      In .gitattributes:   *.otter merge=otter
      Then:                git config merge.otter.driver 'otter merge-driver %O %A %B %P'

      The merge rules are those of otter merge, which need no common ancestor (each change \
      and deletion carries its version); of %O only the key slots are read (without a key), so \
      a slot removed on one branch is not brought back by the other. The key comes from the agent \
      (otter unlock) or the usual password source; a side with another password is asked for \
      it. Exit 0 when merged; non-zero, saying why, when the sides cannot be merged (another \
      vault, a wrong password, a damaged file).
      """)

  @Argument(help: ArgumentHelp("The common ancestor's version (%O; only its key slots are read).", valueName: "BASE"))
  var base: String

  @Argument(help: ArgumentHelp("This branch's version (%A); the result is written here.", valueName: "OURS"))
  var ours: String

  @Argument(help: ArgumentHelp("The other branch's version (%B).", valueName: "THEIRS"))
  var theirs: String

  @Argument(help: ArgumentHelp("The vault's path in the repository (%P), for the prompts.", valueName: "PATH"))
  var path: String?

  @Option(
    help: ArgumentHelp(
      "Read the password from the first line of PATH; else OTTER_PASSWORD_FILE, OTTER_PASSWORD_COMMAND, the agent, or a prompt.",
      valueName: "PATH"))
  var passwordFile: String?

  @Option(help: ArgumentHelp("The other side's password, if it differs (first line of PATH).", valueName: "PATH"))
  var sourcePasswordFile: String?

  func run() throws {
    try MergeFlow.runGitDriver(
      base: base, ours: ours, theirs: theirs, shownAs: path, passwordSource: PasswordSource.resolve(flag: passwordFile),
      sourcePassword: PasswordSource.fileOrTerminal(sourcePasswordFile))
  }
}
