import JSONCodec
import Posix

/// What `otter clock check` prints.
public struct ClockReport {
  public let kernel: KernelClock
  public let stored: ClockCorrection.Stored?

  public init(kernel: KernelClock, stored: ClockCorrection.Stored?) {
    self.kernel = kernel
    self.stored = stored
  }

  static func seconds(_ value: Int64, per unit: Int64) -> String {
    let whole = Double(value) / Double(unit)
    return String(whole)
  }

  public func text(json: Bool) -> String {
    if json {
      let object: JSON = .object([
        ("synchronised", .bool(kernel.synchronised)),
        ("offsetSeconds", .number(Self.seconds(kernel.offsetNanoseconds, per: 1_000_000_000))),
        ("maxErrorSeconds", .number(Self.seconds(kernel.maximumErrorMicroseconds, per: 1_000_000))),
        ("estimatedErrorSeconds", .number(Self.seconds(kernel.estimatedErrorMicroseconds, per: 1_000_000))),
        ("calibratedOffset", stored.map { .integer($0.offset) } ?? .null),
      ])
      return object.text() + "\n"
    }
    var lines: [String] = []
    if kernel.synchronised {
      lines.append(
        "The clock is synchronised (the kernel's estimated error is \(Self.seconds(kernel.estimatedErrorMicroseconds, per: 1_000_000)) s, at most \(Self.seconds(kernel.maximumErrorMicroseconds, per: 1_000_000)) s)."
      )
      if kernel.offsetNanoseconds != 0 {
        lines.append("It is being slewed by \(Self.seconds(kernel.offsetNanoseconds, per: 1_000_000_000)) s.")
      }
    } else {
      lines.append(
        "The clock is not synchronised: no time service (systemd-timesyncd, chrony, ntpd) keeps it; codes are wrong if it is off by more than a few seconds."
      )
      lines.append("Start a time service, or run 'otter clock calibrate QUERY' with a code from another device.")
    }
    if let stored {
      lines.append(
        "Otter applies a calibrated offset of \(ClockCorrection.signed(stored.offset)) s (\(Timestamp.iso8601(stored.calibratedAt)))."
      )
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
