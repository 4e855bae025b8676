import JSONCodec
import OTPCore
import TUI
import Vault

/// What `otter list` prints: a table of every account with its current code, or JSON.
public enum AccountListing {
  /// The reports of every usable account at `time`, in display order.
  public static func reports(for contents: VaultContents, at time: Int64) throws(OtterFailure) -> [AccountReport] {
    let order = contents.displayOrder
    let records = contents.records
    let results = order.concurrentMap { index in
      Result { () throws(OtterFailure) -> String? in try currentCode(of: records[index].account, at: time) }
    }
    var reports: [AccountReport] = []
    reports.reserveCapacity(order.count)
    for (index, result) in zip(order, results) {
      reports.append(report(for: records[index], code: try result.get(), at: time))
    }
    return reports
  }

  /// What `otter list --json` prints (without the final newline).
  public static func json(for contents: VaultContents, at time: Int64) throws(OtterFailure) -> String {
    JSON.array(try reports(for: contents, at: time).map(\.json)).terminalSafeText
  }

  /// What `otter list` prints on a terminal `columns` wide: the table with the issuer and name
  /// columns cut (with …) so that no row wraps, and in ASCII when `ascii` is set (a locale that
  /// is not UTF-8).
  public static func table(for contents: VaultContents, at time: Int64, fitting columns: Int?, ascii: Bool) throws(OtterFailure)
    -> [UInt8]
  {
    guard columns != nil || ascii else { return try table(for: contents, at: time) }
    var rows = [["ISSUER", "NAME", "TYPE", "CODE", "LEFT"]]
    for index in contents.displayOrder { rows.append(try row(for: contents.records[index], at: time)) }
    for entry in contents.unusable {
      rows.append(["?", Sanitizer.quoted(entry.id ?? "?", limit: 36), "?", "-", "unusable: \(entry.reason)"])
    }
    if ascii { rows = rows.map { $0.map(ASCIIFallback.text) } }
    if let columns {
      var widths = (0..<5).map { column in rows.map { CellWidth.of($0[column]) }.max() ?? 0 }
      let fixed = widths[2] + widths[3] + widths[4] + 2 * 4
      let available = max(8, columns - fixed)
      if widths[0] + widths[1] > available {
        let issuer = min(widths[0], max(available * 2 / 5, min(6, available / 2)))
        widths[1] = min(widths[1], available - issuer)
        widths[0] = min(widths[0], available - widths[1])
        let ellipsis = ascii ? "~" : "…"
        rows = rows.map { row in
          [fit(row[0], widths[0], ellipsis), fit(row[1], widths[1], ellipsis)] + row[2...]
        }
      }
    }
    var part = Table.Part(columns: 5)
    for row in rows { part.append(row) }
    return Table.render([part])
  }

  /// `text` in at most `width` cells, ending with `ellipsis` when cut.
  static func fit(_ text: String, _ width: Int, _ ellipsis: String) -> String {
    let fitted = CellWidth.fit(text, width)
    return fitted.hasSuffix("…") && !text.hasSuffix("…") ? String(fitted.dropLast()) + ellipsis : fitted
  }

  /// What `otter list` prints to a pipe: a table with a header row, unusable entries last.
  public static func table(for contents: VaultContents, at time: Int64) throws(OtterFailure) -> [UInt8] {
    // The rows are made where their codes are, spread over the cores (each code is an HMAC
    // under the account's own key, independent of the others), and turned into bytes there:
    // with 10,000 accounts, handing strings (and copies of records) back to this thread had
    // cost as much reference counting as the codes cost hashing.
    let records = contents.records
    let parts = contents.displayOrder.concurrentChunks { indices in
      Result { () throws(OtterFailure) -> Table.Part in
        var part = Table.Part(columns: 5, reservingRows: indices.count)
        for index in indices { part.append(try row(for: records[index], at: time)) }
        return part
      }
    }
    var header = Table.Part(columns: 5)
    header.append(["ISSUER", "NAME", "TYPE", "CODE", "LEFT"])
    var unusable = Table.Part(columns: 5)
    for entry in contents.unusable {
      unusable.append(["?", Sanitizer.quoted(entry.id ?? "?", limit: 36), "?", "-", "unusable: \(entry.reason)"])
    }
    var all = [header]
    for part in parts { all.append(try part.get()) }
    all.append(unusable)
    return Table.render(all)
  }

  /// One account's row of the table: issuer, name, type, code (or "-") and time left (or the
  /// HOTP counter).
  static func row(for record: borrowing VaultRecord, at time: Int64) throws(OtterFailure) -> [String] {
    let code = try currentCode(of: record.account, at: time)
    var left =
      record.account.isTimeBased
      ? String(TimeStep.remaining(at: time, period: record.account.period)) + "s"
      : "counter " + String(record.account.counter)
    if record.inConflict { left += "  CONFLICT: \(record.conflicts.count + 1) versions (otter merge --resolve)" }
    return [
      Sanitizer.displayText(record.account.issuer), Sanitizer.displayText(record.account.name),
      record.account.kind.rawValue, code.map(CodeFormat.grouped) ?? "-", left,
    ]
  }

  /// The report for `record` at `time` with its `code` from `currentCode(of:at:)`: TOTP/Steam
  /// get their code; HOTP only its counter, since showing a code would spend it.
  static func report(for record: VaultRecord, code: String?, at time: Int64) -> AccountReport {
    let account = record.account
    var report =
      account.isTimeBased
      ? AccountReport(
        id: record.id, account: account, code: code, counter: nil, remaining: TimeStep.remaining(at: time, period: account.period)
      )
      : AccountReport(id: record.id, account: account, code: nil, counter: account.counter, remaining: nil)
    report.versions = record.inConflict ? record.conflicts.count + 1 : nil
    report.groups = record.tags
    return report
  }

  /// The code of a time-based `account` at `time`; nil for HOTP.
  static func currentCode(of account: OTPAccount, at time: Int64) throws(OtterFailure) -> String? {
    guard account.isTimeBased else { return nil }
    do {
      return try OTPGenerator(account: account).code(at: time)
    } catch let error as OTPError {
      throw OtterFailure(.dataError, "\(error)")
    } catch {
      throw OtterFailure(.ioError, "cannot compute a code: \(error)")
    }
  }
}
