import ArgumentParser
import CryptoPrimitives
import Foundation
import OTPCore
import OtterKit
@_spi(Benchmark) import Vault

/// `otter-bench`: measurements of Otter's own code paths, for the record (not a test, and not
/// a user command).
@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "otter-bench",
    abstract: "Measure vault open, list and save times, and the viewer's frame time, with many accounts.",
    discussion: """
      Builds a throwaway vault of N accounts in a temporary folder and times, in this process: \
      one scrypt at the default cost (the reference), open without the KDF (and with the JSON \
      tree decoder alone, for comparison), computing the list of codes, and an atomic save. \
      Run it on a release build: swift build -c release --product otter-bench.
      """)

  @Option(help: "The number of accounts.")
  var accounts = 10_000

  @Option(help: "Repetitions of each measurement; the best and the median are reported.")
  var repeats = 11

  @Flag(help: "Measure the viewer (filter and render per frame) instead of the vault.")
  var viewer = false

  func validate() throws {
    guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
    guard accounts >= 1 else { throw ValidationError("--accounts must be at least 1") }
  }

  func run() throws {
    defer { StandardOutput.shared.flush() }
    if viewer {
      try ViewerBench(accounts: accounts).run()
      return
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otter-bench-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(
      atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = VaultStore(location: VaultLocation(path: folder + "/vault.otter"))

    let password = SecretBytes(Array("bench password".utf8))
    let kdfStart = Date()
    _ = try Scrypt.deriveKey(password: password, salt: Array(repeating: 7, count: 32), parameters: .vaultDefault)
    let kdf = Date().timeIntervalSince(kdfStart)

    // The benchmark's vault uses the test cost; the derivation is then cached, so "open" below
    // measures everything except the KDF.
    let cache = DerivationCache()
    let vault = try VaultFile.create(password: password, cost: ScryptParameters(logN: 14, r: 8, p: 1), derive: cache.derive)
    let now = currentTime()
    for index in 0..<accounts {
      let account = try OTPAccount(
        kind: index % 10 == 9 ? .hotp : .totp, issuer: "Issuer \(index % 500)", name: "user\(index)@example.com",
        secret: try SecretBytes.random(count: 20), algorithm: DigestAlgorithm.allCases[index % 3], digits: 6 + index % 3)
      vault.contents.records.append(VaultRecord(account: account, created: now))
    }
    try store.write(try VaultFile.encode(vault))

    // A second copy of the same vault changed elsewhere: a tenth of the accounts renamed, 500
    // added, 100 removed, every HOTP counter advanced.
    let copyStore = VaultStore(location: VaultLocation(path: folder + "/vault.sync-conflict.otter"))
    let copy = try VaultFile.decode(try store.read(), password: password, derive: cache.derive)
    for index in stride(from: 0, to: accounts, by: 10) {
      let id = copy.contents.records[index].id
      try copy.contents.rename(id: id, issuer: nil, name: "renamed\(index)@example.com", at: now + 60)
    }
    for record in copy.contents.records where record.account.kind == .hotp {
      try copy.contents.advanceCounter(id: record.id, by: 3, at: now + 30)
    }
    for index in 0..<min(100, accounts) {
      copy.contents.remove(id: copy.contents.records[index * 7 % copy.contents.records.count].id, at: now + 90)
    }
    for index in 0..<500 {
      let account = try OTPAccount(
        kind: .totp, issuer: "New \(index)", name: "n\(index)", secret: try SecretBytes.random(count: 20))
      copy.contents.add(VaultRecord(account: account, created: now + 120))
    }
    try copyStore.write(try VaultFile.encode(copy))
    let mergeStore = VaultStore(location: VaultLocation(path: folder + "/merged.otter"))
    var merge: [Double] = []

    var open: [Double] = []
    var list: [Double] = []
    var openAndList: [Double] = []
    var treeOpenAndList: [Double] = []
    var save: [Double] = []
    var passwd: [Double] = []
    let passwdStore = VaultStore(location: VaultLocation(path: folder + "/passwd.otter"))
    // passwd draws a new master key and re-encrypts every account; the new slot's KDF is left
    // out with an instant stand-in, so the figure is what passwd costs beyond the two KDFs.
    let instant: KeyDerivation = { password, salt, _ in
      SecretBytes(try referenceHMAC(algorithm: .sha256, key: password, message: salt))
    }
    for _ in 0..<repeats {
      // Each run's vault is released at the end of its run, outside the timings: a real
      // `otter list` has no earlier copy to free.
      let start = Date()
      let vault = try VaultFile.decode(try store.read(), password: password, derive: cache.derive)
      let listStart = Date()
      let text = try AccountListing.table(for: vault.contents, at: now)
      let end = Date()
      precondition(!text.isEmpty)
      open.append(listStart.timeIntervalSince(start))
      list.append(end.timeIntervalSince(listStart))
      openAndList.append(end.timeIntervalSince(start))

      let treeStart = Date()
      let treeVault = try VaultFile.decodeWithTree(try store.read(), password: password, derive: cache.derive)
      let treeText = try AccountListing.table(for: treeVault.contents, at: now)
      treeOpenAndList.append(Date().timeIntervalSince(treeStart))
      precondition(treeText == text, "the tree decoder read another vault")

      let saveStart = Date()
      try store.write(try VaultFile.encode(vault))
      save.append(Date().timeIntervalSince(saveStart))

      let passwdStart = Date()
      let changing = try VaultFile.decode(try store.read(), password: password, derive: cache.derive)
      try changing.changePassword(to: password, cost: ScryptParameters(logN: 14, r: 8, p: 1), derive: instant)
      try passwdStore.write(try VaultFile.encode(changing))
      passwd.append(Date().timeIntervalSince(passwdStart))

      // otter merge beyond the KDF: open the vault, open the copy with its master key, merge,
      // encode and write atomically.
      let mergeStart = Date()
      let mine = try VaultFile.decode(try store.read(), password: password, derive: cache.derive)
      let theirs = try VaultFile.decode(try copyStore.read(), masterKey: mine.masterKey)
      let report = mine.contents.merge(theirs.contents)
      try mergeStore.write(try VaultFile.encode(mine))
      merge.append(Date().timeIntervalSince(mergeStart))
      precondition(
        report.changed && mine.contents.records.count == accounts + 500 - min(100, accounts), "the merge lost accounts")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: store.location.path)[.size] as? NSNumber)?.intValue ?? 0
    func ms(_ seconds: Double) -> String { String(format: "%7.1f ms", seconds * 1000) }
    func figures(_ times: [Double]) -> String {
      let sorted = times.sorted()
      let best = sorted[0]
      let median = sorted[sorted.count / 2]
      return "\(ms(best))  \(ms(median))   " + String(format: "%5.3f × KDF", best / kdf)
    }
    StandardOutput.shared.write(
      """
      accounts: \(accounts), vault file: \(size / 1024) KiB, \(repeats) runs, \(ProcessInfo.processInfo.activeProcessorCount) cores
                                        best      median    best/KDF
      KDF (scrypt N=2^17, r=8, p=1): \(ms(kdf))               (reference)
      open without KDF:              \(figures(open))
      otter list's table:            \(figures(list))
      open + list beyond the KDF:    \(figures(openAndList))
        the same, JSON tree decoder:  \(figures(treeOpenAndList))
      save (encode + atomic write):  \(figures(save))
      passwd beyond the KDFs:        \(figures(passwd))   (open, new key, encode, atomic write)
      merge two copies beyond KDF:   \(figures(merge))   (open both, merge, encode, atomic write)

      """)
  }
}

/// Remembers derived keys so a benchmark can leave the KDF out of its figures.
final class DerivationCache: @unchecked Sendable {
  private var keys: [String: SecretBytes] = [:]
  private let lock = NSLock()

  var derive: KeyDerivation {
    { [self] password, salt, parameters in
      let key = "\(salt)|\(parameters.logN)"
      if let hit = lock.withLock({ keys[key] }) { return hit }
      let derived = try scryptDerivation(password, salt, parameters)
      lock.withLock { keys[key] = derived }
      return derived
    }
  }
}
