/// A failure inside a cryptographic primitive.
///
/// Every C return code is checked where it happens and turned into one of these cases; the
/// OpenSSL cases carry the library's own error string so a bug report says what went wrong.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
  /// An OpenSSL call failed; `function` names the C function, `reason` is OpenSSL's error text.
  case openSSL(function: String, reason: String)
  /// The system random number generator did not deliver.
  case randomUnavailable(reason: String)
  /// An authenticated decryption found that the data or its tag was altered (or the key is wrong).
  case authenticationFailed
  /// A parameter is outside what the primitive accepts.
  case invalidParameter(String)

  public var description: String {
    switch self {
    case .openSSL(let function, let reason): "OpenSSL \(function) failed: \(reason)"
    case .randomUnavailable(let reason): "the system random generator failed: \(reason)"
    case .authenticationFailed: "authentication failed: wrong key, or the data was altered"
    case .invalidParameter(let what): "invalid cryptographic parameter: \(what)"
    }
  }
}
