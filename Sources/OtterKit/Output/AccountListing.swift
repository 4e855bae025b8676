import JSONCodec
import OTPCore
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

  /// What `otter list` prints: a table with a header row, unusable entries last.
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
    let left =
      record.account.isTimeBased
      ? String(TimeStep.remaining(at: time, period: record.account.period)) + "s"
      : "counter " + String(record.account.counter)
    return [
      Sanitizer.displayText(record.account.issuer), Sanitizer.displayText(record.account.name),
      record.account.kind.rawValue, code.map(CodeFormat.grouped) ?? "-", left,
    ]
  }

  /// The report for `record` at `time` with its `code` from `currentCode(of:at:)`: TOTP/Steam
  /// get their code; HOTP only its counter, since showing a code would spend it.
  static func report(for record: VaultRecord, code: String?, at time: Int64) -> AccountReport {
    let account = record.account
    guard account.isTimeBased else {
      return AccountReport(id: record.id, account: account, code: nil, counter: account.counter, remaining: nil)
    }
    return AccountReport(
      id: record.id, account: account, code: code, counter: nil, remaining: TimeStep.remaining(at: time, period: account.period))
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
