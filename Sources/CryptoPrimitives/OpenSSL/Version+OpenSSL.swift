internal import COpenSSL

/// Facts about the OpenSSL library linked at run time.
public enum OpenSSLLibrary {
  /// The version string of the running libcrypto, e.g. "OpenSSL 3.0.19 27 Jan 2026".
  ///
  /// The corresponding C function is `OpenSSL_version`.
  public static var version: String {
    guard let text = unsafe OpenSSL_version(OPENSSL_VERSION) else { return "unknown" }
    return unsafe String(cString: text)
  }
}
