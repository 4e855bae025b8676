import CryptoPrimitives
import Importers
import JSONCodec
import OTPCore
import Vault

/// `otter audit`: what in the vault deserves a look. Never shows a secret.
public struct VaultAudit {
  /// One finding: the check that made it, the accounts it concerns, and why.
  public struct Finding: Sendable, Equatable {
    public var check: String
    public var accounts: [String]
    public var ids: [String]
    public var detail: String
  }

  /// Secrets shorter than this many bits are flagged (RFC 4226 asks for 128; 80 was Google's).
  public static let minimumBits = 80
  /// HOTP counters above this are flagged as huge: no token is pressed four billion times, and
  /// such a value is usually a time step or a typo.
  public static let hugeCounter: UInt64 = 1 << 32
  /// Counters from here on read as negative to apps that keep them as a signed 64-bit number.
  public static let negativeCounter: UInt64 = 1 << 63

  public let findings: [Finding]
  public let accountCount: Int

  /// Audits the records of `contents`, in display order; linear but for one sort.
  public init(_ contents: VaultContents) {
    let records = contents.sortedRecords
    accountCount = records.count
    var findings: [Finding] = []
    func finding(_ check: String, _ group: [VaultRecord], _ detail: String) {
      findings.append(
        Finding(check: check, accounts: group.map(\.label), ids: group.map { $0.id.lowercasedText }, detail: detail))
    }
    // The same secret: sort by the secret's bytes, then look at neighbours.
    let bySecret = records.indices.sorted { Self.secretPrecedes(records[$0].account.secret, records[$1].account.secret) }
    var start = 0
    while start < bySecret.count {
      var end = start + 1
      while end < bySecret.count,
        records[bySecret[end]].account.secret.constantTimeEquals(records[bySecret[start]].account.secret)
      {
        end += 1
      }
      if end - start > 1 {
        let group = bySecret[start..<end].sorted().map { records[$0] }
        finding(
          "shared-secret", group,
          "\(group.count) accounts share one secret: a copy of one account, or a service that reused a secret")
      }
      start = end
    }
    // The same issuer and name, ignoring case.
    var byLabel: [String: [Int]] = [:]
    var labelOrder: [String] = []
    for (index, record) in records.enumerated() {
      let key = record.account.issuer.lowercased() + "\u{1F}" + record.account.name.lowercased()
      if byLabel[key] == nil { labelOrder.append(key) }
      byLabel[key, default: []].append(index)
    }
    for key in labelOrder where (byLabel[key]?.count ?? 0) > 1 {
      let group = (byLabel[key] ?? []).map { records[$0] }
      finding("same-name", group, "\(group.count) accounts have the same issuer and name: codes cannot be told apart")
    }
    for record in records {
      let bits = record.account.secret.count * 8
      if bits < Self.minimumBits {
        finding("short-secret", [record], "the secret has \(bits) bits, under \(Self.minimumBits) (RFC 4226 asks for 128)")
      }
      if record.account.kind == .hotp {
        let counter = record.account.counter
        if counter >= Self.negativeCounter {
          finding(
            "hotp-counter", [record],
            "the counter \(counter) reads as negative to apps that keep it as a signed number (Aegis, andOTP, Google)")
        } else if counter > Self.hugeCounter {
          finding("hotp-counter", [record], "the counter \(counter) is implausibly large for a counter moved by hand")
        }
      }
      if let reason = GoogleMigration.unsupported(record.account) {
        finding("google-transfer", [record], "Google's transfer cannot carry it: \(reason)")
      }
    }
    self.findings = findings
  }

  /// A byte-wise order of secrets (for grouping only; the audit's timing is not secret).
  static func secretPrecedes(_ a: SecretBytes, _ b: SecretBytes) -> Bool {
    for index in 0..<min(a.count, b.count) where a[index] != b[index] { return a[index] < b[index] }
    return a.count < b.count
  }

  /// The report for people: one block per finding, labels sanitized.
  public var text: String {
    guard !findings.isEmpty else { return "No findings in \(accountCount) account\(accountCount == 1 ? "" : "s").\n" }
    var lines = ["\(findings.count) finding\(findings.count == 1 ? "" : "s") in \(accountCount) accounts:"]
    for finding in findings {
      lines.append("")
      lines.append("\(finding.check): \(finding.detail)")
      for account in finding.accounts { lines.append("  \(Sanitizer.displayText(account))") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The report as JSON: `accounts` (how many were audited) and `findings`, each with `check`,
  /// `detail`, and `accounts` (labels) and `ids` in the same order.
  public var json: String {
    let items: [JSON] = findings.map { finding in
      .object([
        ("check", .string(finding.check)), ("detail", .string(finding.detail)),
        ("accounts", .array(finding.accounts.map { .string($0) })), ("ids", .array(finding.ids.map { .string($0) })),
      ])
    }
    return JSON.object([("accounts", .integer(accountCount)), ("findings", .array(items))]).terminalSafeText + "\n"
  }
}
