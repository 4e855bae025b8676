import OTPCore
import Testing

@Suite("Code display")
struct CodeFormatTests {
  @Test(
    "groups numeric codes for reading and leaves Steam codes alone",
    arguments: [
      ("123456", "123 456"), ("1234567", "123 4567"), ("12345678", "1234 5678"), ("123456789", "1234 56789"),
      ("1234567890", "12345 67890"), ("2B4C6", "2B4C6"), ("12345", "12345"),
    ])
  func grouping(code: String, shown: String) {
    #expect(CodeFormat.grouped(code) == shown)
  }
}
