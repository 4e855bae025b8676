internal import CSecret
import CryptoPrimitives

/// The desktop keyring through libsecret (the freedesktop Secret Service: GNOME Keyring,
/// KWallet, KeePassXC): a 32-byte key per keyring slot, kept as an item of the schema
/// `org.otter.VaultKey` whose attributes `vault` and `slot` are the vault's id and the slot's (a
/// vault synced to two machines has one keyring slot for each machine's keyring). The only
/// importer of CSecret.
public enum Keyring {
  /// Why the keyring could not answer.
  public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
    /// libsecret's message (no session bus, no Secret Service, a locked keyring that could not
    /// be unlocked without a prompt…).
    public let description: String
  }

  /// Stores `key` for slot `slot` of vault `vault` under `label`, replacing an earlier one.
  ///
  /// The corresponding C function is `secret_password_store_sync`.
  public static func store(_ key: SecretBytes, vault: String, slot: String, label: String) throws(Failure) {
    try loadLibrary()
    var text = hex(key)
    defer { for index in text.indices { text[index] = 0 } }
    var error: UnsafeMutablePointer<GError>?
    let stored = unsafe text.withUnsafeBufferPointer { secret in
      unsafe otter_secret_store(vault, slot, label, secret.baseAddress, &error)
    }
    try unsafe check(error)
    guard stored != 0 else { throw Failure(description: "the keyring did not store the key") }
  }

  /// The key stored for slot `slot` of vault `vault`, or nil when there is none.
  ///
  /// The corresponding C functions are `secret_password_lookup_sync` and `secret_password_free`.
  public static func lookup(vault: String, slot: String) throws(Failure) -> SecretBytes? {
    try loadLibrary()
    var error: UnsafeMutablePointer<GError>?
    let found = unsafe otter_secret_lookup(vault, slot, &error)
    try unsafe check(error)
    guard let found = unsafe found else { return nil }
    defer { unsafe otter_secret_free(found) }
    var digits: [UInt8] = []
    var index = 0
    while unsafe found[index] != 0 && index < 256 {
      digits.append(UInt8(bitPattern: unsafe found[index]))
      index += 1
    }
    defer { for position in digits.indices { digits[position] = 0 } }
    guard digits.count == 64 else { throw Failure(description: "the keyring's item for this vault is not a key Otter stored") }
    let key = SecretBytes(count: 32)
    for position in 0..<32 {
      guard let high = value(digits[2 * position]), let low = value(digits[2 * position + 1]) else {
        throw Failure(description: "the keyring's item for this vault is not a key Otter stored")
      }
      key[position] = high << 4 | low
    }
    return key
  }

  /// Removes the key stored for slot `slot` of vault `vault`; whether there was one.
  ///
  /// The corresponding C function is `secret_password_clear_sync`.
  @discardableResult
  public static func remove(vault: String, slot: String) throws(Failure) -> Bool {
    try loadLibrary()
    var error: UnsafeMutablePointer<GError>?
    let removed = unsafe otter_secret_clear(vault, slot, &error)
    try unsafe check(error)
    return removed != 0
  }

  /// Loads libsecret the first time it is needed (it is not linked: see the shim).
  private static func loadLibrary() throws(Failure) {
    guard otter_secret_load() != 0 else {
      throw Failure(description: "libsecret is not installed (Debian: libsecret-1-0), so there is no keyring")
    }
  }

  private static func check(_ error: UnsafeMutablePointer<GError>?) throws(Failure) {
    guard let error = unsafe error else { return }
    let message = unsafe String(cString: otter_error_message(error))
    unsafe otter_error_free(error)
    throw Failure(description: message)
  }

  /// The key as 64 lowercase hex digits and a NUL, in an array the caller wipes.
  private static func hex(_ key: SecretBytes) -> [CChar] {
    let digits = Array("0123456789abcdef".utf8)
    var text: [CChar] = []
    text.reserveCapacity(2 * key.count + 1)
    for index in 0..<key.count {
      text.append(CChar(bitPattern: digits[Int(key[index] >> 4)]))
      text.append(CChar(bitPattern: digits[Int(key[index] & 0x0F)]))
    }
    text.append(0)
    return text
  }

  private static func value(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    default: nil
    }
  }
}
