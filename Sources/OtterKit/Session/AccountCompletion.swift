import OTPCore
import Vault

/// Account names for shell completion (`code`, `qr`, `edit`, `rm`, `rename`, `type`, `watch`),
/// answered from the agent only: the vault is opened with the key `otter unlock` left there,
/// and when the agent holds none nothing is offered. Never a prompt, never a key slot (a PIN or
/// a touch in the middle of a Tab), never a key derivation.
public enum AccountCompletion {
  /// The candidates for the word being completed, given the command line's words.
  public static func candidates(words: [String], prefix: String, environment: [String: String] = Environment.all) -> [String] {
    var flag: String?
    for (index, word) in words.enumerated() {
      if word == "--vault", index + 1 < words.count { flag = words[index + 1] }
      if word.hasPrefix("--vault=") { flag = String(word.dropFirst("--vault=".count)) }
    }
    let session = VaultSession(
      location: VaultLocation.resolve(flag: flag, environment: environment), passwordSource: .terminal, generations: nil,
      warn: { _ in })
    guard let bytes = try? session.store.read(), let id = try? VaultFile.vaultID(of: bytes),
      let key = session.agent?.key(for: id), let vault = try? VaultFile.decode(bytes, masterKey: key)
    else { return [] }
    let records = vault.contents.displayOrder.map { vault.contents.records[$0] }
    var issuers: [String: Int] = [:]
    for record in records { issuers[record.account.issuer.lowercased(), default: 0] += 1 }
    var offered: [String] = []
    for record in records {
      let issuer = Sanitizer.displayText(record.account.issuer)
      let name = Sanitizer.displayText(record.account.name)
      // The issuer alone when it names one account; else issuer:name.
      let word = issuer.isEmpty ? name : issuers[record.account.issuer.lowercased()] == 1 ? issuer : "\(issuer):\(name)"
      if word.lowercased().hasPrefix(prefix.lowercased()), !offered.contains(word) { offered.append(word) }
    }
    return offered
  }

  /// The completion closure argument-parser calls (`otter ---completion … -- WORDS`).
  @Sendable public static func complete(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
    candidates(words: words, prefix: prefix)
  }
}
