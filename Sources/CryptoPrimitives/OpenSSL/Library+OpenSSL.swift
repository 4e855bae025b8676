internal import COpenSSL

/// Starting OpenSSL the way Otter needs it.
public enum CryptoLibrary {
  /// Initializes libcrypto without reading the system's or `$OPENSSL_CONF`'s configuration
  /// file and without filling the legacy tables of every cipher and digest name: Otter fetches
  /// the few algorithms it uses from the default provider directly. A configuration file can
  /// load engines or providers (code running inside a process that holds keys) and switch
  /// algorithms' implementations; Otter's cryptography must not depend on it. It also spares a
  /// one-shot command a good part of its start-up.
  ///
  /// Call it first, before any other OpenSSL function; later calls do nothing.
  ///
  /// - Returns: whether OpenSSL started.
  /// The corresponding C function is `OPENSSL_init_crypto`.
  @discardableResult
  public static func start() -> Bool {
    let options =
      UInt64(OPENSSL_INIT_NO_LOAD_CONFIG) | UInt64(OPENSSL_INIT_NO_ADD_ALL_CIPHERS)
      | UInt64(OPENSSL_INIT_NO_ADD_ALL_DIGESTS)
    return OPENSSL_init_crypto(options, nil) == 1
  }
}
