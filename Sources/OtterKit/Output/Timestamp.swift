/// Unix times as people read them, in UTC.
enum Timestamp {
  /// "2026-12-04 22:15 UTC".
  static func text(_ time: Int64) -> String {
    let (date, hours, minutes, _) = parts(time)
    return "\(date) \(two(hours)):\(two(minutes)) UTC"
  }

  /// ISO 8601 in UTC, to the second: "2026-12-04T22:15:07Z".
  static func iso8601(_ time: Int64) -> String {
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
