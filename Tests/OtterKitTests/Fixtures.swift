import CryptoPrimitives
import Foundation
import OTPCore
import OtterKit
import Synchronization
import Vault

/// scrypt at the floor cost, memoized per password and salt: the session tests unlock often.
let fastDerive: KeyDerivation = { password, salt, parameters in
  let key = password.copiedBytes() + [0] + salt + [UInt8(parameters.logN)]
  if let hit = derivedKeys.withLock({ $0[key] }) { return hit }
  let derived = try scryptDerivation(password, salt, parameters)
  derivedKeys.withLock { $0[key] = derived }
  return derived
}
let derivedKeys = Mutex<[[UInt8]: SecretBytes]>([:])

let testCost = ScryptParameters(logN: 14, r: 8, p: 1)

func password(_ text: String) -> SecretBytes { SecretBytes(Array(text.utf8)) }

/// Warnings a session gave.
final class Warnings: Sendable {
  let messages = Mutex<[String]>([])
}

/// A private folder with a password file, and a session on a vault inside it.
final class SessionFixture {
  let folder: String
  let warnings = Warnings()

  init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("otterkit-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(
      atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try Data("right\n".utf8).write(to: URL(fileURLWithPath: folder + "/pw"))
    try Data("wrong\n".utf8).write(to: URL(fileURLWithPath: folder + "/bad"))
  }

  deinit { try? FileManager.default.removeItem(atPath: folder) }

  var vaultPath: String { folder + "/data/vault.otter" }

  func session(passwordFile: String = "pw") -> VaultSession {
    let warnings = self.warnings
    return VaultSession(
      location: VaultLocation(path: vaultPath), passwordSource: .file(folder + "/" + passwordFile), derive: fastDerive,
      agent: nil,
      warn: { message in warnings.messages.withLock { $0.append(message) } })
  }

  func bytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: vaultPath)) }
}

/// The RFC 6238 test key.
let rfcKey = SecretBytes(Array("12345678901234567890".utf8))

func totp(_ issuer: String, _ name: String, kind: OTPKind = .totp) -> OTPAccount {
  // swift-format-ignore: NeverUseForceTry
  try! OTPAccount(kind: kind, issuer: issuer, name: name, secret: rfcKey)
}

func record(_ issuer: String, _ name: String, created: Int64 = 1) -> VaultRecord {
  VaultRecord(account: totp(issuer, name), created: created)
}
