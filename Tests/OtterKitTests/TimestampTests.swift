import Foundation
import TestSupport
import Testing

@testable import OtterKit

@Suite("Times as people read them, in UTC")
struct TimestampTests {
  @Test("the civil date and time agree with date(1) across eras, leap days and before 1970")
  func againstDate() throws {
    for time: Int64 in [0, 59, 951_782_400, 1_700_000_000, 1_709_164_800, 4_102_444_799, -1, -86_401] {
      let expected = try runProgram("/usr/bin/date", ["-u", "-d", "@\(time)", "+%Y-%m-%dT%H:%M:%SZ"], environment: ["TZ": "UTC"])
      #expect(Timestamp.iso8601(time) + "\n" == expected.output, "\(time)")
      let short = try runProgram("/usr/bin/date", ["-u", "-d", "@\(time)", "+%Y-%m-%d %H:%M UTC"], environment: ["TZ": "UTC"])
      #expect(Timestamp.text(time) + "\n" == short.output, "\(time)")
    }
  }
}
