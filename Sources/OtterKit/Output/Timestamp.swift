/// Unix times as people read them, in UTC.
public enum Timestamp {
  /// "2026-12-04 22:15 UTC".
  public static func text(_ time: Int64) -> String {
    let (date, hours, minutes, _) = parts(time)
    return "\(date) \(two(hours)):\(two(minutes)) UTC"
  }

  /// ISO 8601 in UTC, to the second: "2026-12-04T22:15:07Z".
  public static func iso8601(_ time: Int64) -> String {
    let (date, hours, minutes, seconds) = parts(time)
    return "\(date)T\(two(hours)):\(two(minutes)):\(two(seconds))Z"
  }

  static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

  /// The date as YYYY-MM-DD, and the time of day.
  static func parts(_ time: Int64) -> (date: String, hours: Int64, minutes: Int64, seconds: Int64) {
    let days = time >= 0 ? time / 86_400 : (time - 86_399) / 86_400
    let seconds = time - days * 86_400
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return ("\(year)-\(two(month))-\(two(day))", seconds / 3600, seconds % 3600 / 60, seconds % 60)
  }
}

extension Timestamp {
  /// The Unix time of "20261205T061152Z" (the compact ISO 8601 of backup names), or nil.
  static func parseCompact(_ text: String) -> Int64? {
    let digits = Array(text.utf8)
    guard digits.count == 16, digits[8] == UInt8(ascii: "T"), digits[15] == UInt8(ascii: "Z") else { return nil }
    func number(_ range: Range<Int>) -> Int64? {
      var value: Int64 = 0
      for byte in digits[range] {
        guard byte >= 48 && byte <= 57 else { return nil }
        value = value * 10 + Int64(byte - 48)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
      let minute = number(11..<13), let second = number(13..<15), (1...12).contains(month), (1...31).contains(day),
      hour < 24, minute < 60, second < 61
    else { return nil }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146_097 + dayOfEra - 719_468
    return days * 86_400 + hour * 3600 + minute * 60 + second
  }
}
