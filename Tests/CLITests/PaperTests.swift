import Foundation
import TestSupport
import Testing

/// `otter export --format paper`: the PDF rendered by poppler's pdftoppm, every QR code
/// decoded by zbarimg, and its text read by pdftotext.
@Suite("A backup on paper")
struct PaperTests {
  /// Eight accounts of every kind a QR can carry, one with a 512-bit secret, labels with
  /// accents, an emoji and an escape sequence.
  static let uris = [
    "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co",
    "otpauth://totp/Caf%C3%A9%20%C3%A9t%C3%A9:ren%C3%A9e?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Caf%C3%A9%20%C3%A9t%C3%A9&algorithm=SHA256&digits=8&period=60",
    "otpauth://hotp/VPN:bob?secret=\(String(repeating: "GEZDGNBVGY3TQOJQ", count: 6))GEZDGNBVGY3TQOJQ&issuer=VPN&algorithm=SHA512&counter=7",
    "otpauth://steam/Steam:gabe?secret=ONSWG4TFOQYTEMZUGU3DOOBZGAYTEMZU",
    "otpauth://totp/Rocket%20%F0%9F%9A%80:x?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Rocket%20%F0%9F%9A%80",
    "otpauth://totp/Evil%1B%5B2J:y?secret=KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF&issuer=Evil%1B%5B2J",
    "otpauth://totp/Six:z?secret=ONSWG4TFOQYTEMZUGU3DOOBZGAYTEMZW&issuer=Six",
    "otpauth://totp/Seven:w?secret=ONSWG4TFOQYTEMZUGU3DOOBZGAYTEMZX&issuer=Seven",
  ]

  func vault() throws -> TestVault {
    let vault = try TestVault()
    #expect(try vault.run(["add"], input: Self.uris.joined(separator: "\n") + "\n").status == 0)
    return vault
  }

  @Test("every page's QR codes, rendered by pdftoppm and decoded by zbarimg, give back every account exactly; the file is 0600")
  func qrCodesComeBack() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let pdf = vault.folder.file("backup.pdf")
    let made = try vault.run(["export", "--format", "paper", "-o", pdf])
    #expect(made.status == 0, "\(made.error)")
    #expect(try vault.mode(pdf) == 0o600)
    let rendered = shell("cd '\(vault.folder.path)' && pdftoppm -r 150 -png backup.pdf page && ls page-*.png | wc -l")
    #expect(rendered.output.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "8 accounts, 4 per page")
    let decoded = shell("cd '\(vault.folder.path)' && for p in page-*.png; do zbarimg -q --raw \"$p\"; done")
    let scanned = decoded.output.split(separator: "\n").map(String.init).sorted()
    let exported = try vault.run(["export", "--format", "uri", "--yes"]).output.split(separator: "\n").map(String.init).sorted()
    #expect(exported.count == 8)
    #expect(scanned == exported)
  }

  @Test("pdftotext reads the header (date, account count, pages), the labels (sanitized) and the secrets in groups of four")
  func textOnThePage() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    let pdf = vault.folder.file("backup.pdf")
    #expect(try vault.run(["export", "--format", "paper", "-o", pdf]).status == 0)
    let text = shell("pdftotext -layout '\(pdf)' -").output
    let today = shell("date -u +%Y-%m-%d").output.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(text.contains("Otter paper backup"))
    #expect(text.contains("Made \(today)"), "\(text)")
    #expect(text.contains("8 accounts · page 1 of 2") && text.contains("page 2 of 2"))
    #expect(text.contains("ACME Co") && text.contains("alice@example.com") && text.contains("Café été"))
    #expect(text.contains("JBSW Y3DP EHPK 3PXP"))
    #expect(text.contains("HOTP · SHA512 · 6 digits · counter 7 when printed"))
    #expect(!text.contains("\u{1B}"), "no escape character reaches the page")
  }

  @Test("without -o it is refused (64); on a terminal it asks first, and no file is written when the answer is no")
  func asksFirst() throws {
    let vault = try vault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["export", "--format", "paper"]).status == 64)
    let pdf = vault.folder.file("asked.pdf")
    let session = TmuxSession(
      command: "HOME='\(vault.folder.path)' '\(otterPath)' export --format paper -o '\(pdf)' --vault '\(vault.path)' "
        + "--password-file '\(vault.folder.file("pw"))'; echo status=$?; sleep 30")
    defer { session.kill() }
    #expect(session.wait(for: "[y/N]").contains("This writes every secret of 8 accounts"))
    session.send(literal: "n")
    session.send("Enter")
    #expect(session.wait(for: "status=").contains("status=1"))
    #expect(!FileManager.default.fileExists(atPath: pdf))
  }
}
