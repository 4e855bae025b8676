import CryptoPrimitives

/// Text typed into a hidden field — a password, a pasted otpauth URI — kept in one buffer that
/// is wiped when the field is cleared or released.
///
/// The reducer's state and effects hold this handle, never copies of the bytes: an array or a
/// string copied on every key press would leave a trail of partial secrets in freed memory.
/// Equality is identity.
public final class SecretField: @unchecked Sendable, Equatable, CustomStringConvertible {
  /// The most bytes a field takes (an otpauth URI is at most 8 KiB).
  public static let capacity = 8192

  private let storage = SecretBytes(count: capacity)
  /// The number of bytes typed.
  public private(set) var count = 0
  /// The number of characters typed (for the dots that stand for them).
  public private(set) var characters = 0

  public init() {}

  public static func == (left: SecretField, right: SecretField) -> Bool { left === right }

  public var isEmpty: Bool { count == 0 }

  /// Appends `character` (ignored when the field is full).
  public func append(_ character: Character) {
    let bytes = Array(String(character).utf8)
    guard count + bytes.count <= Self.capacity else { return }
    for byte in bytes {
      storage[count] = byte
      count += 1
    }
    characters += 1
  }

  /// Deletes the last character (a whole UTF-8 sequence).
  public func deleteLast() {
    guard count > 0 else { return }
    repeat {
      count -= 1
      let byte = storage[count]
      storage[count] = 0
      if byte & 0xC0 != 0x80 { break }
    } while count > 0
    characters -= 1
  }

  /// Deletes back to the start of the last word (Ctrl-W): trailing spaces, then non-spaces.
  public func deleteWord() {
    while count > 0 && storage[count - 1] == UInt8(ascii: " ") { deleteLast() }
    while count > 0 && storage[count - 1] != UInt8(ascii: " ") { deleteLast() }
  }

  /// Wipes what was typed.
  public func clear() {
    for index in 0..<count { storage[index] = 0 }
    count = 0
    characters = 0
  }

  /// A copy of what was typed, for the one call that needs it (the caller's copy wipes itself).
  public func secret() -> SecretBytes { storage.slice(0..<count) }

  /// Whether two fields hold the same bytes (compared in constant time).
  public func matches(_ other: SecretField) -> Bool { secret().constantTimeEquals(other.secret()) }

  public var description: String { "SecretField(\(characters) characters, redacted)" }
}
