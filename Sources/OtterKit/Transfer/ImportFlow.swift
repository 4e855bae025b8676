import CryptoPrimitives
import Importers
import OTPCore
import Posix
import SQLiteTables
import Vault

#if canImport(Glibc)
  import Glibc
#endif

/// The steps of `otter import`: detect the format, read the entries, and apply them to the
/// vault's contents with a report line for each.
public enum ImportFlow {
  /// `otter import`: reads `file` ('-' for standard input), detects (or takes) its format and
  /// says it on stderr, asks an encrypted export's password (`sourcePassword` file, or the
  /// terminal), asks the PINs the entries lack, and adds the entries to the vault of
  /// `session` under the write lock, a report line each on standard output. An import that
  /// adds nothing leaves the vault and its backup byte for byte as they were; `dryRun`
  /// writes nothing and asks no PIN.
  ///
  /// - Throws: `OtterFailure` 77 for a wrong password, 65 when the file cannot be read or any
  ///   entry failed (after the others were added).
  public static func run(
    file: String, forced: TransferFormat?, dryRun: Bool, sourcePassword: String?, pins: PINPrompt, session: VaultSession
  ) throws(OtterFailure) {
    LargeAllocations.keepInHeap()
    var bytes = try InputSource.read(file)
    defer { wipe(&bytes) }
    try run(
      &bytes, origin: InputSource.name(of: file), file: file, forced: forced, dryRun: dryRun, sourcePassword: sourcePassword,
      pins: pins, session: session)
  }

  /// `otter import --clipboard` and `--screen`: the image `source` holds, scanned for QR codes.
  public static func run(
    capturing source: ScreenCapture.Source, dryRun: Bool, pins: PINPrompt, session: VaultSession
  ) throws(OtterFailure) {
    var bytes = try ScreenCapture.png(from: source)
    defer { wipe(&bytes) }
    try run(
      &bytes, origin: source == .clipboard ? "the clipboard" : "the screen", file: nil, forced: .image, dryRun: dryRun,
      sourcePassword: nil, pins: pins, session: session)
  }

  static func run(
    _ bytes: inout [UInt8], origin name: String, file: String?, forced: TransferFormat?, dryRun: Bool, sourcePassword: String?,
    pins: PINPrompt, session: VaultSession
  ) throws(OtterFailure) {
    let origin = Sanitizer.displayText(name)
    if SQLiteDatabase.isDatabase(bytes), let file, file != "-", let wal = writeAheadLog(beside: file) {
      var log = wal
      defer { wipe(&log) }
      var applied = SQLiteWAL.applying(log, to: bytes)
      wipe(&bytes)
      bytes = applied
      wipe(&applied)
      StandardError.write("otter: applied the database's write-ahead log, \(origin)-wal (in memory; nothing is written)\n")
    }
    let chosen = try format(of: bytes, forced: forced, origin: origin)
    let encrypted = isEncrypted(bytes, format: chosen)
    StandardError.write("otter: reading \(chosen.rawValue)\(encrypted ? " (encrypted)" : "") from \(origin)\n")
    let password =
      encrypted
      ? try PasswordSource.fileOrTerminal(sourcePassword).read(
        prompt: "Password of the encrypted export: ",
        noTerminal:
          "this export is encrypted and there is no terminal to ask its password on; give it with --source-password-file PATH"
      ) : nil
    var items = try items(of: bytes, format: chosen, password: password, budget: session.budget)
    if !dryRun { items = pins.complete(items) }
    let report: [String]
    if dryRun {
      var contents = try session.exists() ? try session.open().contents : VaultContents()
      report = apply(items, to: &contents, now: currentTime(), dryRun: true).lines
    } else {
      report = try session.modifyIfChanged { vault throws(OtterFailure) -> ([String], changed: Bool) in
        apply(items, to: &vault.contents, now: currentTime(), dryRun: false)
      }
    }
    StandardOutput.shared.write(report.joined(separator: "\n") + "\n")
    if let note = notKeptNote(items) {
      StandardOutput.shared.flush()
      StandardError.write("otter: \(note)\n")
    }
    if anyFailed(items) {
      StandardOutput.shared.flush()
      throw OtterFailure(.dataError, "some entries could not be imported (see above)")
    }
  }

  /// The bytes of `NAME-wal` beside the database file `path` (a phone database copied in WAL
  /// mode keeps its last changes there), or nil when there is none.
  static func writeAheadLog(beside path: String) -> [UInt8]? {
    let wal = path + "-wal"
    guard let info = try? Posix.status(wal), info.st_mode & S_IFMT == S_IFREG, info.st_size > 0,
      info.st_size <= SQLiteWAL.maximumBytes
    else { return nil }
    return try? InputSource.read(wal)
  }

  /// The format `forced` names, or the one detected in `bytes`.
  ///
  /// - Throws: `OtterFailure` 65 when no known format fits.
  public static func format(of bytes: [UInt8], forced: TransferFormat?, origin: String) throws(OtterFailure)
    -> TransferFormat
  {
    if let forced { return forced }
    guard let detected = FormatDetector.detect(bytes, name: origin) else {
      throw OtterFailure(
        .dataError,
        "\(origin): not a format Otter knows; the formats are "
          + TransferFormat.allCases.map(\.rawValue).joined(separator: ", ") + " (name one with --format)")
    }
    return detected
  }

  /// What the entries held that Otter does not keep, said in one line ("5 icons are not
  /// kept"; a group counts only when the file named no group for its id), or nil.
  static func notKeptNote(_ items: [ImportItem]) -> String? {
    var groups: Set<String> = []
    var icons = 0
    for case .success(let imported) in items.map(\.result) {
      for thing in imported.notKept {
        if thing == "icon" { icons += 1 } else { groups.insert(thing) }
      }
    }
    var parts: [String] = []
    if !groups.isEmpty { parts.append("\(groups.count) group\(groups.count == 1 ? "" : "s")") }
    if icons > 0 { parts.append("\(icons) icon\(icons == 1 ? "" : "s")") }
    guard !parts.isEmpty else { return nil }
    return parts.joined(separator: " and ")
      + " \(groups.count + icons == 1 ? "is" : "are") not kept"
      + (icons > 0 ? " (Otter keeps no icons)" : "") + (groups.isEmpty ? "" : " (the file does not name a group it lists)")
  }

  /// Whether `bytes` in `format` need a password.
  public static func isEncrypted(_ bytes: [UInt8], format: TransferFormat) -> Bool {
    Importer.isEncrypted(bytes, format: format)
  }

  /// The entries of `bytes` in `format`: an image is scanned for QR codes, whose texts are read
  /// as a URI list.
  ///
  /// - Throws: `OtterFailure` 77 for a wrong password, 65 when the file as a whole cannot be read.
  public static func items(
    of bytes: [UInt8], format: TransferFormat, password: SecretBytes?, budget: KDFBudget = .default
  ) throws(OtterFailure) -> [ImportItem] {
    do {
      if format == .image {
        var links = try scanImage(bytes)
        defer { wipe(&links) }
        let count = links.split(separator: 0x0A).count
        StandardError.write("otter: found \(count) QR code\(count == 1 ? "" : "s") in the image\n")
        if let missing = GoogleMigration.missingBatches(in: links) { StandardError.warn(missing) }
        return try Importer.read(links, format: .uri)
      }
      if format == .google, let missing = GoogleMigration.missingBatches(in: bytes) { StandardError.warn(missing) }
      return try Importer.read(bytes, format: format, password: password, budget: budget)
    } catch let failure as OtterFailure {
      throw failure
    } catch ImportError.wrongPassword {
      throw OtterFailure(.noPermission, "\(ImportError.wrongPassword); nothing was imported")
    } catch {
      throw OtterFailure(.dataError, "\(error); nothing was imported")
    }
  }

  /// The texts of the QR codes in an image, one per line, from the `otter-qr-scan` helper: the
  /// only code that links libzbar, libpng and libjpeg (and, through libzbar, X11 and D-Bus),
  /// which an ordinary `otter code` should not load.
  ///
  /// - Throws: `OtterFailure` 65 when the image holds no code or cannot be decoded (the helper
  ///   says why on stderr), 74 when the helper is missing.
  static func scanImage(_ bytes: [UInt8]) throws(OtterFailure) -> [UInt8] {
    guard let program = scannerProgram() else {
      throw OtterFailure(
        .ioError, "the image scanner otter-qr-scan is not installed beside otter (or in ../libexec/otter/); reinstall Otter")
    }
    guard let finished = ChildProcess.run([program], input: bytes, limit: 1 << 20, errors: .inherit) else {
      throw OtterFailure(.ioError, "cannot run \(program)")
    }
    guard finished.status == 0 else {
      var output = finished.output
      wipe(&output)
      throw OtterFailure(finished.status == 65 ? .dataError : .ioError, "the image gave no account")
    }
    return finished.output
  }

  /// Where the helper is: beside this program (a build folder), else in `../libexec/otter/`
  /// (`make install`).
  static func scannerProgram() -> String? {
    guard let folder = Posix.linkTarget("/proc/self/exe").map({ VaultLocation(path: $0).folder }) else { return nil }
    let parent = VaultLocation(path: folder).folder
    return [folder + "/otter-qr-scan", parent + "/libexec/otter/otter-qr-scan"].first(where: ChildProcess.isExecutable)
  }

  /// Adds each imported account of `items` that is not already in `contents`, created at `now`.
  ///
  /// - Returns: one report line per entry (added, skipped as a duplicate, failed with the
  ///   reason) and a summary line, and whether anything was added (if not, nothing needs saving).
  public static func apply(_ items: [ImportItem], to contents: inout VaultContents, now: Int64, dryRun: Bool) -> (
    lines: [String], changed: Bool
  ) {
    var lines: [String] = []
    var added = 0
    var skipped = 0
    var failed = 0
    var index = DuplicateIndex(contents.records)
    for item in items {
      switch item.result {
      case .failure(let error):
        failed += 1
        lines.append("failed  \(item.location): \(error)")
      case .success(let imported):
        let shown = AccountLabel.shown(imported.account)
        if index.contains(imported.account) {
          skipped += 1
          lines.append("skipped \(item.location): \(shown) is already in the vault")
        } else {
          added += 1
          lines.append("added   \(item.location): \(shown)")
          contents.add(imported.record(created: now))
          index.insert(imported.account)
        }
      }
    }
    let unchanged = added == 0 && !dryRun ? " (nothing new: the vault was not written)" : ""
    lines.append(
      "\(added) added, \(skipped) skipped as duplicates, \(failed) failed\(dryRun ? " (dry run: nothing was written)" : unchanged)"
    )
    return (lines, added > 0)
  }

  /// Whether any entry of `items` failed.
  public static func anyFailed(_ items: [ImportItem]) -> Bool {
    items.contains { if case .failure = $0.result { true } else { false } }
  }
}
