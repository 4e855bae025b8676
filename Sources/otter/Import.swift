import ArgumentParser
import CryptoPrimitives
import Foundation
import ImageScan
import Importers
import OTPCore
import Vault

/// `otter import`: accounts from another app's export.
struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Import accounts from otpauth lists, Google Authenticator transfer links, Aegis, andOTP, 2FAS, FreeOTP+ or Bitwarden.",
    discussion: """
      The format is detected from the content (and said on stderr); --format forces one. \
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
    let chosen: TransferFormat
    if let forced = TransferFormat(rawValue: format) {
      chosen = forced
    } else {
      guard let detected = FormatDetector.detect(bytes) else {
        throw OtterFailure(.dataError, "\(file == "-" ? "standard input" : file): not a format Otter knows; try --format")
      }
      chosen = detected
    }
    let encrypted = chosen == .aegis && AegisImporter.isEncrypted(bytes)
    StandardError.write(
      "otter: reading \(chosen.rawValue)\(encrypted ? " (encrypted)" : "") from \(file == "-" ? "standard input" : file)\n")
    let sourcePassword: SecretBytes? =
      encrypted
      ? try (sourcePasswordFile.map { PasswordSource.file($0) } ?? .terminal).read(prompt: "Password of the encrypted export: ")
      : nil
    let items: [ImportItem]
    do {
      if chosen == .image {
        // The QR codes' texts (otpauth or otpauth-migration links) are read as a URI list.
        let texts: [String]
        do { texts = try QRImageScanner.scan(bytes) } catch { throw OtterFailure(.dataError, "\(error); nothing was imported") }
        StandardError.write("otter: found \(texts.count) QR code\(texts.count == 1 ? "" : "s") in the image\n")
        items = try Importer.read(Array(texts.joined(separator: "\n").utf8), format: .uri)
      } else {
        items = try Importer.read(bytes, format: chosen, password: sourcePassword)
      }
    } catch let failure as OtterFailure {
      throw failure
    } catch ImportError.wrongPassword {
      throw OtterFailure(.noPermission, "\(ImportError.wrongPassword); nothing was imported")
    } catch {
      throw OtterFailure(.dataError, "\(error); nothing was imported")
    }

    let apply = { (contents: inout VaultContents) -> [String] in
      var lines: [String] = []
      var added = 0
      var skipped = 0
      var failed = 0
      let now = currentTime()
      for item in items {
        switch item.result {
        case .failure(let error):
          failed += 1
          lines.append("failed  \(item.location): \(error)")
        case .success(let imported):
          let account = imported.account
          let shown = Sanitizer.displayText(account.issuer.isEmpty ? account.name : "\(account.issuer): \(account.name)")
          if contents.containsDuplicate(of: account) {
            skipped += 1
            lines.append("skipped \(item.location): \(shown) is already in the vault")
          } else {
            added += 1
            lines.append("added   \(item.location): \(shown)")
            contents.records.append(
              VaultRecord(account: account, note: imported.note, tags: imported.tags, favourite: imported.favourite, created: now)
            )
          }
        }
      }
      lines.append(
        "\(added) added, \(skipped) skipped as duplicates, \(failed) failed\(dryRun ? " (dry run: nothing was written)" : "")")
      return lines
    }

    let report: [String]
    if dryRun {
      var contents = (try? options.store.exists()) == true ? try options.openVault().contents : VaultContents()
      report = apply(&contents)
    } else {
      report = try options.modifyVault { vault throws(OtterFailure) -> [String] in apply(&vault.contents) }
    }
    StandardOutput.shared.write(report.joined(separator: "\n") + "\n")
    if items.contains(where: { if case .failure = $0.result { true } else { false } }) {
      StandardOutput.shared.flush()
      throw OtterFailure(.dataError, "some entries could not be imported (see above)")
    }
  }
}
