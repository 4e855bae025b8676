internal import CQRencode

/// Facts about the libqrencode linked at run time (the renderer itself arrives with issue 4).
public enum QRencodeLibrary {
  /// The library's version, e.g. "4.1.1".
  ///
  /// The corresponding C function is `QRcode_APIVersionString`.
  public static var version: String {
    guard let text = unsafe QRcode_APIVersionString() else { return "unknown" }
    return unsafe String(cString: text)
  }
}
