import ArgumentParser
import CryptoPrimitives
import Foundation
import OTPCore

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
    guard let uriSource else {
      throw OtterFailure(.usage, "the vault is not available in this version; use --uri - to read a URI from standard input")
    }
    let account = try Self.readAccount(from: uriSource)
    try printCodes(for: account, now: at ?? Int64(Date().timeIntervalSince1970.rounded(.down)))
  }

  /// Reads and parses the single URI at `source`, printing any warnings.
  static func readAccount(from source: String) throws(OtterFailure) -> OTPAccount {
    let input = try InputSource.read(source)
    let origin = source == "-" ? "standard input" : source
    guard let line = InputSource.firstLine(input) else {
      throw OtterFailure(.dataError, "\(origin) holds no otpauth URI")
    }
    do {
      let parsed = try OTPAuthURI.parse(line)
      for warning in parsed.warnings { StandardError.warn("\(warning)") }
      return parsed.account
    } catch {
      throw OtterFailure(.dataError, "\(origin): \(error)")
    }
  }

  /// Prints `count` codes (or one JSON object) starting at `now` or the account's counter.
  func printCodes(for account: OTPAccount, now: Int64) throws(OtterFailure) {
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
        account: account, code: generator.code(counter: first),
        counter: account.isTimeBased ? nil : first,
        remaining: account.isTimeBased ? TimeStep.remaining(at: now, period: account.period) : nil)
      output.write(report.json.text + "\n")
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
