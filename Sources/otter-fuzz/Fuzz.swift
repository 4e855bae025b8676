// libFuzzer harnesses for Otter's parsers, one executable for all of them: the harness is chosen
// by OTTER_FUZZ_TARGET. Built with -sanitize=fuzzer,address -DFUZZING by scripts/fuzz, libFuzzer
// supplies main. Built normally, the program replays the files given as arguments through the
// same harness (regression inputs and corpora), so the tests can run them without the fuzzer.

import CryptoPrimitives
import Foundation
@_spi(Fuzzing) import Importers
import Inflate
import JSONCodec
import OTPCore
import SQLiteTables
@_spi(Fuzzing) import Vault
import XMLTree

enum Harness: String, CaseIterable {
  case uri, base32, google, aegis, andotp, twofas, freeotp, bitwarden, json, vault, payload, detect, sqlite, wal, xml, gzip, kdbx
}

/// A budget that refuses every real key derivation (so no input makes a harness spend seconds
/// in Argon2id or PBKDF2) but lets andOTP's old SHA-256 key through to the decryption behind it.
let fuzzBudget = KDFBudget(memoryBytes: 64 << 10)

let harness: Harness = {
  let name = ProcessInfo.processInfo.environment["OTTER_FUZZ_TARGET"] ?? ""
  guard let found = Harness(rawValue: name) else {
    FileHandle.standardError.write(Data("set OTTER_FUZZ_TARGET to one of \(Harness.allCases.map(\.rawValue))\n".utf8))
    exit(2)
  }
  return found
}()

/// The password for fuzzing the vault reader and encrypted Aegis exports, and a fast stand-in
/// for scrypt so the fuzzer gets past the key slots to the parsing behind them (scrypt itself
/// is OpenSSL's, not fuzzed here; at Aegis's cost it held the harness to 1,000 inputs a second).
let fuzzPassword = SecretBytes(Array("fuzz".utf8))
let fastDerivation: KeyDerivation = { password, salt, _ in
  SecretBytes(try referenceHMAC(algorithm: .sha256, key: password, message: salt))
}

func exercise(_ bytes: [UInt8]) {
  switch harness {
  case .uri:
    // The lenient reading of other apps' URIs must never trap either.
    _ = try? OTPAuthURI.parse(utf8: bytes, lenient: true)
    if let parsed = try? OTPAuthURI.parse(String(decoding: bytes, as: UTF8.self)) {
      // What parses must format and parse back to the same account.
      let again = try? OTPAuthURI.parse(OTPAuthURI.format(parsed.account))
      precondition(again?.account.isIdentical(to: parsed.account) == true, "URI round trip changed the account")
    }
  case .base32:
    if let decoded = try? Base32.decode(String(decoding: bytes, as: UTF8.self)) {
      precondition((try? Base32.decode(Base32.encode(decoded)))?.constantTimeEquals(decoded) == true, "base32 round trip")
    }
  case .google: _ = GoogleMigration.read(bytes)
  case .aegis: _ = try? AegisImporter.read(bytes, password: fuzzPassword, derive: fastDerivation)
  case .andotp: _ = try? AndOTPImporter.read(bytes)
  case .twofas: _ = try? TwoFASImporter.read(bytes)
  case .freeotp: _ = try? FreeOTPImporter.read(bytes)
  case .xml: _ = try? XMLDocument.parse(bytes, limits: XMLLimits(depth: 64, elements: 100_000))
  case .gzip: _ = try? Gzip.inflate(bytes, limit: 1 << 20)
  case .kdbx:
    // KeePass databases with a fast stand-in for the key derivation (SHA-256 of the composite
    // key; the seed is written with the same), so inputs reach the blocks and the XML behind.
    _ = try? KDBXImporter.read(bytes, password: fuzzPassword) { (composite: SecretBytes) throws(ImportError) in
      do { return try Digest.sha256(composite) } catch { throw .malformed("\(error)") }
    }
  case .bitwarden: _ = try? BitwardenImporter.read(bytes)
  case .detect:
    // Every format through the detector, then the importer it names, as `otter import` does.
    if let format = FormatDetector.detect(bytes, name: "fuzz.json.aes"), format != .image {
      _ = try? Importer.read(bytes, format: format, password: fuzzPassword, budget: fuzzBudget)
    }
  case .wal:
    // A write-ahead log laid over a database image: the first two bytes are the image's length
    // (in 64-byte units), the rest the image and then the log. Then SQLite reads the result.
    guard bytes.count >= 2 else { return }
    let split = min(2 + (Int(bytes[0]) << 8 | Int(bytes[1])) * 64, bytes.count)
    let image = Array("SQLite format 3".utf8) + [0] + bytes[2..<split]
    let applied = SQLiteWAL.applying(Array(bytes[split...]), to: image)
    precondition(applied.count < 20 || (applied[18] != 2 && applied[19] != 2), "a WAL-mode header left on the image")
    _ = try? GoogleAuthenticatorDatabase.read(applied)
  case .sqlite:
    // Phone databases: SQLite's own parser under Otter's read-only, bounded settings.
    let database = Array("SQLite format 3".utf8) + [0] + bytes
    _ = try? GoogleAuthenticatorDatabase.read(database)
    _ = try? MicrosoftAuthenticatorDatabase.read(database)
  case .json:
    if let value = try? JSON.parse(bytes) {
      precondition((try? JSON.parse(value.serialized())) == value, "JSON round trip changed the value")
    }
  case .vault: _ = try? VaultFile.decode(bytes, password: fuzzPassword, derive: fastDerivation)
  case .payload:
    precondition(VaultFile.payloadDecodersAgree(bytes), "the direct payload decoder disagrees with the JSON tree")
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data, size > 0 else {
    exercise([])
    return 0
  }
  exercise(Array(UnsafeBufferPointer(start: data, count: size)))
  return 0
}

#if FUZZING
  /// libFuzzer's entry point when the program provides `main` itself (SwiftPM names the
  /// executable's entry `otter_fuzz_main` and points `main` at it).
  @_silgen_name("LLVMFuzzerRunDriver")
  func runDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
  ) -> Int32

  @_cdecl("otter_fuzz_main")
  func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments, fuzzOne)
  }
#else
  @main
  struct Replay {
    static func main() {
      if let path = ProcessInfo.processInfo.environment["OTTER_FUZZ_WRITE_VAULT"] {
        writeSeedVault(to: path)
        return
      }
      if let path = ProcessInfo.processInfo.environment["OTTER_FUZZ_WRITE_AEGIS"] {
        writeSeedAegis(to: path)
        return
      }
      var count = 0
      for path in CommandLine.arguments.dropFirst() {
        let files: [String]
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
          files = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
        } else {
          files = [path]
        }
        for file in files {
          guard let data = FileManager.default.contents(atPath: file) else { continue }
          exercise(Array(data))
          count += 1
        }
      }
      print("replayed \(count) inputs through \(harness.rawValue)")
    }

    /// An encrypted Aegis export the aegis harness can open (its fixed password and fast KDF), as
    /// a seed.
    static func writeSeedAegis(to path: String) {
      do {
        let account = try OTPAuthURI.parse("otpauth://totp/Seed:aegis?secret=JBSWY3DPEHPK3PXP&issuer=Seed").account
        let bytes = try Exporter.aegisEncrypted(
          [ExportedAccount(id: UUID(), account: account, note: "seed")], password: fuzzPassword, derive: fastDerivation)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
      } catch {
        FileHandle.standardError.write(Data("cannot write the seed Aegis export: \(error)\n".utf8))
        exit(1)
      }
    }

    /// A vault the vault harness can open (its fixed password and fast KDF), as a seed.
    static func writeSeedVault(to path: String) {
      do {
        let vault = try VaultFile.create(
          password: fuzzPassword, cost: ScryptParameters(logN: 14, r: 8, p: 1), derive: fastDerivation)
        let account = try OTPAuthURI.parse("otpauth://hotp/Seed:vault?secret=JBSWY3DPEHPK3PXP&counter=3").account
        vault.contents.records = [VaultRecord(account: account, note: "seed", tags: ["t"], created: 1)]
        vault.contents.tombstones = [Tombstone(id: UUID(), deleted: 2)]
        try Data(try VaultFile.encode(vault)).write(to: URL(fileURLWithPath: path))
        // The same with a slot of every other kind (format 4), so their strict reading is fuzzed.
        let secret = SecretBytes([UInt8](repeating: 7, count: 32))
        for (index, (kind, binding)) in [
          (SlotKind.keyring, [:]),
          (.sshKey, ["fingerprint": "SHA256:" + String(repeating: "A", count: 43), "keyType": "ssh-ed25519"]),
          (.tpm2, ["pin": "yes", "private": "AAAA", "public": "BBBB"]), (.fido2, ["credential": "CCCC", "pin": "no"]),
        ].enumerated() {
          try vault.addSlot(
            try KeySlot.wrap(
              masterKey: vault.masterKey, kind: kind, secret: secret, vaultID: vault.vaultID, id: "0000000\(index)",
              added: 1, binding: binding))
        }
        try Data(try VaultFile.encode(vault)).write(to: URL(fileURLWithPath: path + "-slots"))
      } catch {
        FileHandle.standardError.write(Data("cannot write the seed vault: \(error)\n".utf8))
        exit(1)
      }
    }
  }
#endif
