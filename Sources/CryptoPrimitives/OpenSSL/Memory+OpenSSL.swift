internal import COpenSSL

/// Overwrites `buffer` with zeros in a way the optimizer may not remove.
///
/// The corresponding C function is `OPENSSL_cleanse`.
@inline(__always)
func cleanse(_ buffer: UnsafeMutableRawBufferPointer) {
  guard let base = buffer.baseAddress, buffer.count > 0 else { return }
  unsafe OPENSSL_cleanse(base, buffer.count)
}

/// Compares two equally long buffers in constant time.
///
/// The corresponding C function is `CRYPTO_memcmp`.
func constantTimeEqual(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
  guard left.count == right.count else { return false }
  guard left.count > 0, let l = left.baseAddress, let r = right.baseAddress else { return true }
  return unsafe CRYPTO_memcmp(l, r, left.count) == 0
}

/// The text of the oldest error on OpenSSL's thread-local error queue, which is then emptied.
///
/// The corresponding C functions are `ERR_get_error`, `ERR_error_string_n` and `ERR_clear_error`.
func takeOpenSSLErrorString() -> String {
  let code = ERR_get_error()
  defer { ERR_clear_error() }
  guard code != 0 else { return "no error reported" }
  var text = [CChar](repeating: 0, count: 256)
  unsafe text.withUnsafeMutableBufferPointer { unsafe ERR_error_string_n(code, $0.baseAddress, $0.count) }
  return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

extension CryptoError {
  /// The error for a failed OpenSSL call, carrying OpenSSL's own explanation.
  static func failed(_ function: String) -> CryptoError {
    .openSSL(function: function, reason: takeOpenSSLErrorString())
  }
}
