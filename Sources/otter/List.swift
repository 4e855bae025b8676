import ArgumentParser
import JSONCodec
import OTPCore
import Vault

/// `otter list`: every account with its current code.
struct List: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the accounts with their current codes (HOTP shows its counter, not a code).")

  @OptionGroup var options: VaultOptions

  @Option(help: ArgumentHelp("Compute the codes for this Unix time instead of now.", valueName: "UNIXTIME"))
  var at: Int64?

  @Flag(help: "Print a JSON array of objects: id, issuer, name, type, algorithm, digits, period, counter, code, remaining.")
  var json = false

  func run() throws {
    let contents = try options.openContents()
    let now = at ?? currentTime()
    var reports: [AccountReport] = []
    for record in contents.sortedRecords {
      reports.append(try AccountReport.current(for: record, at: now))
    }
    if json {
      StandardOutput.shared.write(JSON.array(reports.map(\.json)).terminalSafeText + "\n")
      return
    }
    var rows: [[String]] = [["ISSUER", "NAME", "TYPE", "CODE", "LEFT"]]
    for report in reports {
      let account = report.account
      rows.append([
        Sanitizer.displayText(account.issuer), Sanitizer.displayText(account.name), account.kind.rawValue,
        report.code.map(CodeFormat.grouped) ?? "-",
        report.remaining.map { "\($0)s" } ?? "counter \(account.counter)",
      ])
    }
    for entry in contents.unusable {
      rows.append(["?", Sanitizer.quoted(entry.id ?? "?", limit: 36), "?", "-", "unusable: \(entry.reason)"])
    }
    StandardOutput.shared.write(Table.render(rows))
  }
}

extension AccountReport {
  /// The report for `record` at `time`: TOTP/Steam get their code; HOTP only its counter, since
  /// showing a code would spend it.
  static func current(for record: VaultRecord, at time: Int64) throws(OtterFailure) -> AccountReport {
    let account = record.account
    guard account.isTimeBased else {
      return AccountReport(
        id: record.id.uuidString.lowercased(), account: account, code: nil, counter: account.counter, remaining: nil)
    }
    do {
      let code = try OTPGenerator(account: account).code(at: time)
      return AccountReport(
        id: record.id.uuidString.lowercased(), account: account, code: code, counter: nil,
        remaining: TimeStep.remaining(at: time, period: account.period))
    } catch let error as OTPError {
      throw OtterFailure(.dataError, "\(error)")
    } catch {
      throw OtterFailure(.ioError, "cannot compute a code: \(error)")
    }
  }
}
