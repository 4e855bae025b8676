import JSONCodec

/// FreeOTP's `tokens.xml` (Android shared preferences, pulled from a rooted phone or an adb
/// backup): `<map>` of `<string name="issuer:label">` elements, each holding one token's JSON
/// with XML entities; `tokenOrder` lists their order.
enum FreeOTPXML {
  static func read(_ bytes: [UInt8]) throws(ImportError) -> [ImportItem] {
    var items: [ImportItem] = []
    var number = 0
    for (name, value) in try AndroidPreferences.strings(bytes) where name != "tokenOrder" {
      number += 1
      guard let token = try? JSON.parse(Array(value.utf8)) else {
        items.append(ImportItem("token \(number)", .failure(.entry("the token is not JSON"))))
        continue
      }
      items.append(FreeOTPImporter.item(token, location: "token \(number)"))
    }
    return items
  }
}
