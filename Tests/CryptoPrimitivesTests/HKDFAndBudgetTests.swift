import Testing

@testable import CryptoPrimitives

func bytes(hex: String) -> [UInt8] {
  var result: [UInt8] = []
  var index = hex.startIndex
  while index < hex.endIndex {
    let next = hex.index(index, offsetBy: 2)
    result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
    index = next
  }
  return result
}

@Suite("HKDF and the KDF budget")
struct HKDFAndBudgetTests {
  @Test("HKDF-SHA-256 matches RFC 5869 test cases 1 and 3")
  func rfc5869() throws {
    let one = try HKDF.sha256(
      key: SecretBytes([UInt8](repeating: 0x0b, count: 22)), salt: bytes(hex: "000102030405060708090a0b0c"),
      info: bytes(hex: "f0f1f2f3f4f5f6f7f8f9"), length: 42)
    #expect(
      one.copiedBytes()
        == bytes(hex: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"))
    let three = try HKDF.sha256(key: SecretBytes([UInt8](repeating: 0x0b, count: 22)), salt: [], info: [], length: 42)
    #expect(
      three.copiedBytes()
        == bytes(hex: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"))
  }

  @Test("a derivation over the memory limit is refused with its parameters and the size to ask for")
  func memory() {
    let hostile = KDFCost.scrypt(ScryptParameters(logN: 22, r: 32, p: 1))
    #expect(throws: KDFBudgetError.memory(hostile, limit: 1 << 30)) { try KDFBudget.default.check([hostile]) }
    let message = "\(KDFBudgetError.memory(hostile, limit: 1 << 30))"
    #expect(message.contains("scrypt N=2^22, r=32, p=1: 16 GiB, over Otter's 1 GiB limit"))
    #expect(message.contains("--kdf-budget 16GiB"))
    #expect(throws: Never.self) { try KDFBudget.parse("16GiB")?.check([hostile]) }
  }

  @Test("the vault's default and the highest init cost fit the default budget; their sum over many slots does not")
  func work() throws {
    try KDFBudget.default.check([.scrypt(.vaultDefault)])
    try KDFBudget.default.check([.scrypt(ScryptParameters(logN: 20, r: 8, p: 1))])
    let heavy = KDFCost.scrypt(ScryptParameters(logN: 20, r: 8, p: 1))
    #expect(throws: KDFBudgetError.self) { try KDFBudget.default.check([heavy, heavy, heavy]) }
    #expect(throws: KDFBudgetError.tooManySlots(5, limit: 4)) {
      try KDFBudget.default.check(Array(repeating: .scrypt(.vaultDefault), count: 5))
    }
    // 50 Aegis slots at N=2^22, r=32, p=16 (a hostile 18 KB export).
    #expect(throws: KDFBudgetError.self) {
      try KDFBudget(memoryBytes: 1 << 40, maximumSlots: 100).check(
        Array(repeating: .scrypt(ScryptParameters(logN: 22, r: 32, p: 16)), count: 50))
    }
  }

  @Test("cheapest first, ties in file order")
  func order() {
    let costs: [KDFCost] = [
      .scrypt(ScryptParameters(logN: 18, r: 8, p: 1)), .scrypt(ScryptParameters(logN: 14, r: 8, p: 1)),
      .scrypt(ScryptParameters(logN: 14, r: 8, p: 1)),
    ]
    #expect(KDFBudget.tryOrder(costs) == [1, 2, 0])
  }

  @Test(
    "--kdf-budget sizes: GiB or MiB, never below the default",
    arguments: [
      ("2GiB", 2 << 30), ("2g", 2 << 30), ("4096MiB", 4 << 30), ("3", 3 << 30), ("512MiB", -1), ("x", -1), ("0", -1),
    ])
  func parse(text: String, bytes: Int) {
    #expect(KDFBudget.parse(text)?.memoryBytes ?? -1 == bytes)
  }
}
