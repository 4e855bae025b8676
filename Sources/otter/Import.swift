import ArgumentParser
import CryptoPrimitives
import Importers
import OtterKit
import Posix
import Vault

/// `otter import`: accounts from another app's export.
struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract:
      "Import accounts from otpauth lists, QR images, Google Authenticator, Aegis, andOTP, 2FAS, Authenticator Pro, ente, Proton, FreeOTP (1 and 2), Bitwarden, Steam, Authy, TOTP Authenticator, Microsoft Authenticator, LastPass Authenticator, KeePassXC (CSV or a KDBX 4 database), Proton Pass or WinAuth.",
    discussion: """
      The format is detected from the content (and said on stderr); --format forces one. \
      An encrypted export's password is read from --source-password-file or asked for on the \
      terminal; a wrong one exits 77 and changes nothing. \
      Each entry is reported as added, skipped (already in the vault) or failed with the \
      reason; a failed entry never stops the others. A file that cannot be read as a whole \
      changes nothing. Exit status 65 when any entry failed.
      """)

  @Argument(help: ArgumentHelp("The export to read ('-' or nothing for standard input).", valueName: "FILE"))
  var file: String = "-"

  @Option(help: ArgumentHelp("auto, \(TransferFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "FORMAT"))
  var format: String = "auto"

  @Flag(help: "Scan the image on the clipboard for QR codes (wl-paste under Wayland, xclip under X11).")
  var clipboard = false

  @Flag(help: "Scan the whole screen for QR codes (grim under Wayland, ImageMagick's import under X11).")
  var screen = false

  @Flag(help: "Report what would be imported without changing the vault.")
  var dryRun = false

  @Option(help: ArgumentHelp("The password of an encrypted export (first line of PATH); never the vault's.", valueName: "PATH"))
  var sourcePasswordFile: String?

  @Option(
    help: ArgumentHelp("The PIN of mOTP and Yandex entries the export has none for (first line of PATH).", valueName: "PATH"))
  var pinFile: String?

  @OptionGroup var options: VaultOptions

  func validate() throws {
    if format != "auto" && TransferFormat(rawValue: format) == nil {
      throw ValidationError(
        "Unknown --format \(format); use auto or one of \(TransferFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    }
    if clipboard && screen { throw ValidationError("Give --clipboard or --screen, not both.") }
    if (clipboard || screen) && (file != "-" || format != "auto") {
      throw ValidationError("--clipboard and --screen read an image: leave out FILE and --format.")
    }
    if file == "-" && !clipboard && !screen
      && (options.passwordSource.usesStandardInput || sourcePasswordFile == "-" || pinFile == "-")
    {
      throw ValidationError("Standard input cannot carry both the export and a password.")
    }
  }

  func run() throws {
    if clipboard || screen {
      try ImportFlow.run(
        capturing: clipboard ? .clipboard : .screen, dryRun: dryRun, pins: PINPrompt(file: pinFile),
        session: dryRun ? try options.readOnlySession(for: "import") : try options.writableSession(for: "import"))
      return
    }
    if file == "-" && Posix.isTerminal(0) {
      // Nothing is piped in: waiting for a paste would look like a hang.
      throw ValidationError(
        "Give the export to read: otter import FILE (or pipe it in). Formats: auto, "
          + TransferFormat.allCases.map(\.rawValue).joined(separator: ", ") + ".")
    }
    try ImportFlow.run(
      file: file, forced: TransferFormat(rawValue: format), dryRun: dryRun, sourcePassword: sourcePasswordFile,
      pins: PINPrompt(file: pinFile),
      // A dry run writes nothing: it needs no vault (it compares with one when there is one).
      session: dryRun ? try options.readOnlySession(for: "import") : try options.writableSession(for: "import"))
  }
}
