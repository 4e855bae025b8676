/// Makes imported text safe to show on a terminal.
///
/// Labels come from QR codes and files that anyone can write. Before one reaches the screen,
/// control characters (C0, DEL, C1, which start escape sequences), and the bidirectional
/// controls that reorder what is shown (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)
/// are replaced by U+FFFD, which shows that something was there. Other Unicode is kept.
public enum Sanitizer {
  /// The replacement for every removed character.
  public static let replacement: Character = "\u{FFFD}"

  /// Whether `scalar` must never reach a terminal.
  public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
    case 0x2028, 0x2029: true  // line and paragraph separators break a row in two
    default: false
    }
  }

  /// `text` with every unsafe scalar replaced.
  public static func displayText(_ text: String) -> String {
    // Printable ASCII is safe; checking its bytes is much cheaper than classifying scalars.
    if isPrintableASCII(text.utf8.span) { return text }
    guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      scalars.append(isUnsafe(scalar) ? "\u{FFFD}" : scalar)
    }
    return String(scalars)
  }

  private static func isPrintableASCII(_ bytes: Span<UInt8>) -> Bool {
    for index in bytes.indices where bytes[index] &- 0x20 >= 0x5F { return false }
    return true
  }

  /// `text` sanitized and cut to `limit` characters, for quoting inside an error message.
  public static func quoted(_ text: String, limit: Int) -> String {
    let safe = displayText(text)
    return safe.count > limit ? String(safe.prefix(limit)) + "…" : safe
  }
}
