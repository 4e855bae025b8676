import ArgumentParser
import CryptoPrimitives
import Foundation
import OTPCore
import Vault

/// `otter code`: the current code of one account.
struct Code: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the current code of an account.",
    discussion: """
      With --uri, the account comes from one otpauth URI read from FILE or, with '-', from \
      standard input (never from the command line, where `ps` would show the secret). \
      Prints the code, digits only (Steam: five characters), and a newline.

        printf '%s\\n' "$URI" | otter code --uri - --at 1700000000 --count 3
      """
  )

  @Argument(help: "The account, as issuer:name or a unique part of it (vault form).")
  var query: String?

  @Option(
    name: .customLong("uri"), help: ArgumentHelp("Read one otpauth URI from FILE ('-' for standard input).", valueName: "FILE"))
  var uriSource: String?

  @Option(help: ArgumentHelp("Compute the code for this Unix time instead of now.", valueName: "UNIXTIME"))
  var at: Int64?

  @Option(help: ArgumentHelp("Print N codes, one per line, for N consecutive time steps or counters.", valueName: "N"))
  var count: Int = 1

  @Flag(help: "Print one JSON object: issuer, name, type, algorithm, digits, period, counter, code, remaining.")
  var json = false

  @OptionGroup var options: VaultOptions

  static let maximumCount = 100_000_000

  func validate() throws {
    if query == nil && uriSource == nil {
      throw ValidationError("Name an account (otter code QUERY) or read a URI with --uri - (standard input).")
    }
    if query != nil && uriSource != nil {
      throw ValidationError("Give either a QUERY or --uri, not both.")
    }
    guard (1...Self.maximumCount).contains(count) else {
      throw ValidationError("--count must be between 1 and \(Self.maximumCount).")
    }
    if json && count != 1 {
      throw ValidationError("--json prints one code; leave out --count or --json.")
    }
  }

  func run() throws {
    if let uriSource {
      let account = try Self.readAccount(from: uriSource)
      try printCodes(for: account, now: at ?? currentTime())
      return
    }
    guard let query else { return }
    let record = try Self.single(query, in: try options.openContents())
    if record.account.isTimeBased {
      try printCodes(for: record.account, now: at ?? currentTime(), id: record.id)
      return
    }
    guard at == nil else {
      throw OtterFailure(.usage, "--at applies to time-based accounts; this one is hotp (counter \(record.account.counter))")
    }
    if options.aegis != nil {
      StandardError.warn("the Aegis backup is read-only: this HOTP code's counter is not advanced anywhere")
      try printCodes(for: record.account, now: 0, id: record.id)
      return
    }
    // HOTP: the stored counter advances, saved atomically under the lock, before the code is
    // shown, so no code is ever shown twice. The vault is re-read under the lock.
    let used = try options.modifyVault { vault throws(OtterFailure) -> OTPAccount in
      guard let index = vault.contents.records.firstIndex(where: { $0.id == record.id }) else {
        throw OtterFailure(.dataError, "the account was removed meanwhile")
      }
      let account = vault.contents.records[index].account
      guard account.counter < UInt64.max - UInt64(count) else { throw OtterFailure(.dataError, "\(OTPError.counterOverflow)") }
      vault.contents.records[index].account.counter += UInt64(count)
      vault.contents.records[index].modified = currentTime()
      return account
    }
    try printCodes(for: used, now: 0, id: record.id)
  }

  /// The one account `query` names.
  ///
  /// - Throws: `OtterFailure` with status 1 when none or several match (listing them).
  static func single(_ query: String, in contents: VaultContents) throws(OtterFailure) -> VaultRecord {
    let found = contents.matches(query)
    if found.count == 1 { return found[0] }
    if found.isEmpty { throw OtterFailure(.ambiguous, "no account matches \"\(Sanitizer.quoted(query, limit: 60))\"") }
    let names = found.map { "  " + Sanitizer.displayText($0.label) }.joined(separator: "\n")
    throw OtterFailure(
      .ambiguous, "\"\(Sanitizer.quoted(query, limit: 60))\" matches \(found.count) accounts; be more specific:\n\(names)")
  }

  /// Reads and parses the single URI at `source`, printing any warnings.
  static func readAccount(from source: String) throws(OtterFailure) -> OTPAccount {
    try readURI(from: source).account
  }

  /// The single URI at `source` as written (trimmed) and parsed, printing any warnings.
  static func readURI(from source: String) throws(OtterFailure) -> (account: OTPAccount, text: String) {
    let input = try InputSource.read(source)
    let origin = source == "-" ? "standard input" : source
    guard let line = InputSource.firstLine(input) else {
      throw OtterFailure(.dataError, "\(origin) holds no otpauth URI")
    }
    do {
      let parsed = try OTPAuthURI.parse(line)
      for warning in parsed.warnings { StandardError.warn("\(warning)") }
      return (parsed.account, line)
    } catch {
      throw OtterFailure(.dataError, "\(origin): \(error)")
    }
  }

  /// Prints `count` codes (or one JSON object) starting at `now` or the account's counter.
  func printCodes(for account: OTPAccount, now: Int64, id: UUID? = nil) throws(OtterFailure) {
    if !account.isTimeBased && at != nil {
      throw OtterFailure(.usage, "--at applies to time-based accounts; this one is hotp (counter \(account.counter))")
    }
    let generator: OTPGenerator
    do { generator = try OTPGenerator(account: account) } catch {
      throw OtterFailure(.ioError, "cannot set up the key: \(error)")
    }
    let first: UInt64
    if account.isTimeBased {
      do { first = try TimeStep.counter(at: now, period: account.period) } catch {
        throw OtterFailure(.dataError, "\(error)")
      }
    } else {
      first = account.counter
    }
    guard UInt64(count - 1) <= UInt64.max - first else {
      throw OtterFailure(.dataError, "\(OTPError.counterOverflow)")
    }

    let output = StandardOutput.shared
    if json {
      let report = AccountReport(
        id: id, account: account, code: generator.code(counter: first),
        counter: account.isTimeBased ? nil : first,
        remaining: account.isTimeBased ? TimeStep.remaining(at: now, period: account.period) : nil)
      output.write(report.json.terminalSafeText + "\n")
      return
    }
    // Codes are written in chunks of whole lines into one reused buffer, then flushed.
    let lineLength = generator.codeLength + 1
    let linesPerChunk = 8192
    var chunk = [UInt8](repeating: UInt8(ascii: "\n"), count: lineLength * linesPerChunk)
    var step: UInt64 = 0
    while step < UInt64(count) {
      let lines = Int(min(UInt64(linesPerChunk), UInt64(count) - step))
      var span = chunk.mutableSpan
      for line in 0..<lines {
        generator.writeCode(counter: first + step + UInt64(line), into: &span, at: line * lineLength)
      }
      output.write(bytes: chunk[0..<(lines * lineLength)])
      step += UInt64(lines)
    }
  }
}
