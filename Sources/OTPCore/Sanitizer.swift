/// Makes imported text safe to show on a terminal.
///
/// Labels come from QR codes and files that anyone can write. Before one reaches the screen,
/// control characters (C0, DEL, C1, which start escape sequences), the bidirectional controls
/// that reorder what is shown (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), and the
/// invisible characters that make two labels look alike (`Go<U+200B>ogle` as `Google`: zero
/// width spaces and joiners, word joiners and invisible operators, the byte order mark, the
/// soft hyphen, the Mongolian vowel separator, the Hangul fillers, interlinear annotation
/// marks and the tag characters) are replaced by U+FFFD, which shows that something was there.
/// A zero width joiner between two emoji is kept: it is how 👩‍💻 is written. Other Unicode is
/// kept.
public enum Sanitizer {
  /// The replacement for every removed character.
  public static let replacement: Character = "\u{FFFD}"

  /// Whether `scalar` must never reach a terminal.
  public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
    case 0x2028, 0x2029: true  // line and paragraph separators break a row in two
    default: isInvisible(scalar)
    }
  }

  /// Whether `scalar` takes no visible space (and could hide inside a label).
  public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x200B...0x200D, 0x2060...0x2064, 0xFEFF, 0x00AD, 0x180E: true
    case 0x115F, 0x1160, 0x3164, 0xFFA0: true  // Hangul fillers
    case 0xFFF9...0xFFFB: true  // interlinear annotation
    case 0xE0000...0xE007F: true  // tags
    default: false
    }
  }

  /// Whether the zero width joiner at `index` of `scalars` joins two emoji.
  static func joinsEmoji(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
    func isPictograph(_ scalar: Unicode.Scalar) -> Bool { scalar.value > 0x7F && scalar.properties.isEmoji }
    guard index > 0, index + 1 < scalars.count, isPictograph(scalars[index + 1]) else { return false }
    var before = index - 1
    // A variation selector or a skin tone may sit between the emoji and the joiner.
    while before > 0 && (scalars[before].value == 0xFE0F || scalars[before].properties.isEmojiModifier) { before -= 1 }
    return isPictograph(scalars[before])
  }

  /// `text` with every unsafe scalar replaced.
  public static func displayText(_ text: String) -> String {
    // Printable ASCII is safe; checking its bytes is much cheaper than classifying scalars.
    if isPrintableASCII(text.utf8.span) { return text }
    guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
    let input = Array(text.unicodeScalars)
    var scalars = String.UnicodeScalarView()
    for (index, scalar) in input.enumerated() {
      let keep = !isUnsafe(scalar) || (scalar.value == 0x200D && joinsEmoji(input, at: index))
      scalars.append(keep ? scalar : "\u{FFFD}")
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
