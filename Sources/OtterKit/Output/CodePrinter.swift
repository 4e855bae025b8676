import CryptoPrimitives
import FoundationEssentials
import OTPCore

/// Prints an account's codes: one or `count` consecutive ones, or one JSON object.
public struct CodePrinter {
  public var count: Int
  public var json: Bool
  /// Whether `--at` was given (refused for HOTP accounts).
  public var timeGiven: Bool
  /// Whether the code goes to the clipboard instead of standard output.
  public var copy: Bool

  public init(count: Int, json: Bool, timeGiven: Bool, copy: Bool = false) {
    self.count = count
    self.json = json
    self.timeGiven = timeGiven
    self.copy = copy
  }

  /// Prints the codes of `account` from `now` (time-based kinds) or from its counter (HOTP).
  public func print(_ account: OTPAccount, now: Int64, id: UUID? = nil, to output: StandardOutput = .shared)
    throws(OtterFailure)
  {
    if !account.isTimeBased && timeGiven {
      throw OtterFailure(.usage, "--at applies to time-based accounts; this one is hotp (counter \(account.counter))")
    }
    guard account.hasPINIfNeeded else {
      throw OtterFailure(
        .dataError,
        "this \(account.kind.rawValue) account needs its PIN, which no otpauth URI carries; add it to the vault (otter add asks for the PIN)"
      )
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
    if copy {
      let code = generator.code(counter: first)
      let route = Clipboard().copy(code, terminal: ControllingTerminal())
      if case .unavailable = route { throw OtterFailure(.ioError, ClipboardClearing.report(route)) }
      let scheduled = ClipboardClearing.schedule(code, route: route)
      StandardError.write(
        "otter: "
          + (scheduled ? ClipboardClearing.report(route) : "copied, but the clear could not be scheduled: clear it yourself")
          + "\n")
      return
    }
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
