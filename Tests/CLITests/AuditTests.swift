import Foundation
import TestSupport
import Testing

@Suite("otter audit")
struct AuditTests {
  @Test(
    "finds shared secrets, duplicate names, short secrets, odd HOTP counters and what Google cannot carry; exit 1; no secret shown"
  )
  func findings() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let shared = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    let uris = [
      "otpauth://totp/Bank:alice?secret=\(shared)&issuer=Bank",
      "otpauth://totp/Shop:alice?secret=\(shared)&issuer=Shop",
      "otpauth://totp/Mail:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Mail",
      "otpauth://totp/mail:BOB?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=mail",
      "otpauth://totp/Old:carol?secret=JBSWY3DPEHPK3PXP&issuer=Old",
      "otpauth://hotp/VPN:dave?secret=KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF&issuer=VPN&counter=9223372036854775813",
      "otpauth://hotp/VPN:erin?secret=KRUGS4ZANFZSAYJAORSXG5BAONSWG4TG&issuer=VPN&counter=1099511627776",
      "otpauth://steam/Steam:frank?secret=ONSWG4TFOQYTEMZUGU3DOOBZGAYTEMZU",
      "otpauth://totp/Cloud:gina%1B%5B31m?secret=ONSWG4TFOQYTEMZUGU3DOOBZGAYTEMZV&issuer=Cloud&period=60",
      "otpauth://totp/Fine:hal?secret=ONSWG4TFOQYTEMZUGU3DOOBZGAYTEMZW&issuer=Fine",
    ]
    #expect(try vault.run(["add"], input: uris.joined(separator: "\n") + "\n").status == 0)
    let text = try vault.run(["audit"])
    #expect(text.status == 1)
    #expect(text.output.hasPrefix("6 findings in 10 accounts:"), "\(text.output)")
    #expect(text.output.contains("shared-secret: 2 accounts share one secret"))
    #expect(text.output.contains("same-name: 2 accounts have the same issuer and name"))
    #expect(text.output.contains("short-secret: the secret has 80 bits") == false)
    #expect(text.output.contains("reads as negative"))
    #expect(text.output.contains("1099511627776 is implausibly large"))
    #expect(
      text.output.contains("google-transfer: Google's transfer cannot carry it: Google Authenticator has no Steam accounts"))
    #expect(text.output.contains("transfers only 30-second accounts"))
    #expect(!text.output.contains("\u{1B}"), "labels are sanitized")
    #expect(!text.output.contains("Fine"))
    for uri in uris { #expect(!text.output.contains(String(uri.split(separator: "=")[1].prefix(16)))) }
    let json = try vault.run(["audit", "--json"])
    #expect(json.status == 1)
    let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
    #expect(object?["accounts"] as? Int == 10)
    let findings = object?["findings"] as? [[String: Any]] ?? []
    #expect(
      findings.map { $0["check"] as? String ?? "" }.sorted() == [
        "google-transfer", "google-transfer", "hotp-counter", "hotp-counter", "same-name", "shared-secret",
      ])
    #expect(
      findings.first { $0["check"] as? String == "shared-secret" }?["accounts"] as? [String] == ["Bank:alice", "Shop:alice"])
  }

  @Test("a 64-bit secret is short; a clean vault exits 0")
  func shortAndClean() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(
      try vault.run(["add"], input: "otpauth://totp/Fine:hal?secret=ONSWG4TFOQYTEMZUGU3DOOBZGAYTEMZW&issuer=Fine\n").status == 0)
    let clean = try vault.run(["audit"])
    #expect(clean.status == 0 && clean.output == "No findings in 1 account.\n")
    #expect(try vault.run(["add"], input: "otpauth://totp/Tiny:i?secret=JBSWY3DPEHPK3PXP&issuer=Tiny\n").status == 0)
    #expect(try vault.run(["add"], input: "otpauth://totp/Tinier:j?secret=JBSWY3DP&issuer=Tinier\n").status == 0)
    let short = try vault.run(["audit"])
    #expect(short.status == 1)
    #expect(short.output.contains("short-secret: the secret has 40 bits, under 80"), "\(short.output)")
    #expect(!short.output.contains("the secret has 80 bits"))
  }
}
