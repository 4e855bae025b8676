import OTPCore
import Vault

/// `otter merge --resolve QUERY`: an account whose versions were edited apart on two copies is
/// shown version by version (what differs between them), and the one the user picks is kept.
public enum ConflictResolution {
  /// A record's label as reports show it ("Issuer: name"), sanitized.
  static func shownLabel(_ record: VaultRecord) -> String {
    Sanitizer.displayText(AccountLabel.text(issuer: record.account.issuer, name: record.account.name))
  }

  /// The versions of `record`, numbered from 1, each with the settings that tell them apart.
  public static func describe(_ record: VaultRecord) -> [String] {
    let versions = [record] + record.conflicts
    func field(_ name: String, _ value: (VaultRecord) -> String) -> [String]? {
      let values = versions.map(value)
      return Set(values).count > 1 ? values.map { "\(name) \"\(Sanitizer.quoted($0, limit: 60))\"" } : nil
    }
    let fields: [[String]] = [
      field("issuer") { $0.account.issuer }, field("name") { $0.account.name }, field("type") { $0.account.kind.rawValue },
      field("algorithm") { $0.account.algorithm.rawValue }, field("digits") { String($0.account.digits) },
      field("period") { String($0.account.period) }, field("note") { $0.note },
      field("favourite") { $0.favourite ? "yes" : "no" }, field("tags") { $0.tags.joined(separator: ", ") },
    ].compactMap { $0 }
    let secrets = versions.map { $0.account.secret }
    let sameSecret = secrets.allSatisfy { $0.constantTimeEquals(secrets[0]) }
    return versions.enumerated().map { index, version in
      var parts = fields.map { $0[index] }
      if !sameSecret { parts.append("its own secret") }
      if parts.isEmpty { parts.append("the same settings") }
      return "  \(index + 1). \(shownLabel(version)) — " + parts.joined(separator: ", ")
        + " (changed \(Timestamp.text(version.modified)))"
    }
  }

  /// Shows the versions of the account `query` names and keeps version `keep` (from 1), or the
  /// one chosen at a prompt on the terminal.
  ///
  /// - Throws: `OtterFailure` 1 when the query matches no account (or several), 64 when the
  ///   account is not in conflict or no terminal can ask and no `keep` was given, 65 for a
  ///   number out of range.
  public static func run(session: VaultSession, query: String, keep: Int?) throws(OtterFailure) {
    let opened = try session.open(noticeConflicts: false)
    let record = try AccountQuery.single(query, in: opened.contents)
    guard record.inConflict else {
      throw OtterFailure(.usage, "\(shownLabel(record)) has no conflicting versions; nothing to resolve")
    }
    let lines = describe(record)
    StandardOutput.shared.write(
      "\(shownLabel(record)) has \(lines.count) versions, edited apart on two copies:\n"
        + lines.joined(separator: "\n") + "\n")
    StandardOutput.shared.flush()
    let number: Int
    if let keep {
      number = keep
    } else {
      guard TerminalPrompt.isAvailable else {
        throw OtterFailure(.usage, "no terminal to ask on; say which to keep with --keep N")
      }
      guard let typed = Int(try TerminalPrompt.ask("Keep which version? [1-\(lines.count)] ")) else {
        throw OtterFailure(.usage, "nothing was changed: answer with a version's number")
      }
      number = typed
    }
    let kept = try session.modify { vault throws(OtterFailure) -> String in
      do { try vault.contents.resolveConflict(id: record.id, keeping: number - 1, at: currentTime()) } catch {
        throw OtterFailure(.dataError, "\(error); nothing was changed")
      }
      return vault.contents.record(id: record.id).map(shownLabel) ?? shownLabel(record)
    }
    StandardOutput.shared.write(
      "kept version \(number) of \(kept); the other \(lines.count - 1 == 1 ? "version is" : "versions are") gone, on every copy it is merged into\n"
    )
  }
}
