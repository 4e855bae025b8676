import ArgumentParser
import CryptoPrimitives
import Importers
import OtterKit
import Vault

/// `otter import`: accounts from another app's export.
struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract:
      "Import accounts from otpauth lists, QR images, Google Authenticator, Aegis, andOTP, 2FAS, Authenticator Pro, ente, Proton, FreeOTP, Bitwarden, Steam or Microsoft Authenticator.",
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

  @Flag(help: "Report what would be imported without changing the vault.")
  var dryRun = false

  @Option(help: ArgumentHelp("The password of an encrypted export (first line of PATH); never the vault's.", valueName: "PATH"))
  var sourcePasswordFile: String?

  @OptionGroup var options: VaultOptions

  func validate() throws {
    if format != "auto" && TransferFormat(rawValue: format) == nil {
      throw ValidationError(
        "Unknown --format \(format); use auto or one of \(TransferFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    }
    if file == "-" && (options.passwordSource.usesStandardInput || sourcePasswordFile == "-") {
      throw ValidationError("Standard input cannot carry both the export and a password.")
    }
  }

  func run() throws {
    var bytes = try InputSource.read(file)
    defer { wipe(&bytes) }
    let origin = InputSource.name(of: file)
    let chosen = try ImportFlow.format(of: bytes, forced: TransferFormat(rawValue: format), origin: origin)
    let encrypted = ImportFlow.isEncrypted(bytes, format: chosen)
    StandardError.write("otter: reading \(chosen.rawValue)\(encrypted ? " (encrypted)" : "") from \(origin)\n")
    let sourcePassword =
      encrypted
      ? try PasswordSource.fileOrTerminal(sourcePasswordFile).read(
        prompt: "Password of the encrypted export: ",
        noTerminal:
          "this export is encrypted and there is no terminal to ask its password on; give it with --source-password-file PATH"
      ) : nil
    let items = try ImportFlow.items(of: bytes, format: chosen, password: sourcePassword, budget: options.budget)

    let report: [String]
    let session = try options.writableSession(for: "import")
    if dryRun {
      var contents = try session.exists() ? try session.open().contents : VaultContents()
      report = ImportFlow.apply(items, to: &contents, now: currentTime(), dryRun: true).lines
    } else {
      // An import that adds nothing leaves the vault and its backup byte for byte as they were.
      report = try session.modifyIfChanged { vault throws(OtterFailure) -> ([String], changed: Bool) in
        ImportFlow.apply(items, to: &vault.contents, now: currentTime(), dryRun: false)
      }
    }
    StandardOutput.shared.write(report.joined(separator: "\n") + "\n")
    if ImportFlow.anyFailed(items) {
      StandardOutput.shared.flush()
      throw OtterFailure(.dataError, "some entries could not be imported (see above)")
    }
  }
}
