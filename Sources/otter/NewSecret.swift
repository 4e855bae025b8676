import ArgumentParser
import CryptoPrimitives
import OTPCore
import OtterKit
import Posix
import QRCodeArt

/// `otter new-secret`: the service's side of enrolment, a new secret as an otpauth URI.
struct NewSecret: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new-secret",
    abstract: "Make a new secret for a service to enrol a user with, printed as an otpauth URI.",
    discussion: """
      The secret comes from OpenSSL's random generator. The URI goes to standard output, so \
      redirect it to a file (mode 0600) rather than leave it in the terminal's scrollback; \
      a warning says so when standard output is a terminal. With --qr its QR code follows, \
      for a phone to scan, as google-authenticator's enrolment command shows it.

        otter new-secret --issuer Example --name alice@example.com > alice.uri
        otter verify --uri alice.uri 123456 --state alice.state
      """)

  @Option(help: "The service's name, shown by the authenticator.")
  var issuer: String

  @Option(help: "The user's name or e-mail address at the service.")
  var name: String

  @Option(help: ArgumentHelp("The secret's size in bits, a multiple of 8 from 80 to 2048.", valueName: "BITS"))
  var bits = 160

  @Option(help: ArgumentHelp("Code length, 6 to 10.", valueName: "N"))
  var digits = 6

  @Option(help: ArgumentHelp("Seconds per code (TOTP), 1 to 86400.", valueName: "SECONDS"))
  var period: Int?

  @Option(help: ArgumentHelp("SHA1, SHA256 or SHA512.", valueName: "NAME"))
  var algorithm = "SHA1"

  @Flag(help: "A counter-based (HOTP) account instead of a time-based one.")
  var hotp = false

  @Flag(help: "Also print the URI's QR code.")
  var qr = false

  func validate() throws {
    guard DigestAlgorithm(rawValue: algorithm.uppercased()) != nil else {
      throw ValidationError("--algorithm must be SHA1, SHA256 or SHA512.")
    }
    if hotp && period != nil { throw ValidationError("--period is for time-based accounts; leave it out with --hotp.") }
    if issuer.contains(":") { throw ValidationError("--issuer cannot contain ':' (it separates the issuer from the name).") }
  }

  func run() throws {
    let account = try SecretMaker.make(
      kind: hotp ? .hotp : .totp, issuer: issuer, name: name, bits: bits,
      algorithm: DigestAlgorithm(rawValue: algorithm.uppercased()) ?? .sha1, digits: digits, period: period ?? 30)
    if bits < SecretMaker.recommendedMinimumBits {
      StandardError.warn("a secret of \(bits) bits is shorter than the 128 bits RFC 4226 asks for; 160 is recommended")
    }
    if Posix.isTerminal(1) {
      StandardError.warn(
        "the URI below holds the secret and stays in this terminal's scrollback; redirect it to a file instead (> FILE)")
    }
    var uri = OTPAuthURI.formatUTF8(account)
    defer { wipe(&uri) }
    StandardOutput.shared.write(bytes: uri[...])
    StandardOutput.shared.write("\n")
    if qr {
      let matrix = try QRDisplay.encode(uri, level: .medium)
      try QRDisplay.draw(matrix, label: AccountLabel.shown(account), ascii: false, invert: false, print: true)
    }
  }
}
