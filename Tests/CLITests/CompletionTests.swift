import Foundation
import TestSupport
import Testing

/// Account names completed by the real bash completion script (share/completions/otter.bash,
/// as argument-parser generates it) calling the real binary, from the agent only.
@Suite("Shell completion of account names, from the agent only", .serialized)
struct CompletionTests {
  /// What bash's completion function offers for `otter WORDS…` (the last word being completed).
  func complete(_ words: [String], agent: AgentVault) -> [String] {
    let script = packageRoot.appendingPathComponent("share/completions/otter.bash").path
    let folder = URL(fileURLWithPath: otterPath).deletingLastPathComponent().path
    let quoted = words.map { "'\($0)'" }.joined(separator: " ")
    let line = words.joined(separator: " ")
    let environment = agent.environment.merging(["PATH": folder + ":/usr/bin:/bin", "OTTER_VAULT": agent.vault.path]) { $1 }
    let exports = environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
    let command =
      "env -i \(exports) setsid -w bash --norc -c 'source \"\(script)\"; COMP_WORDS=(\(quoted.replacingOccurrences(of: "'", with: "\"")));"
      + " COMP_CWORD=\(words.count - 1); COMP_LINE=\"\(line)\"; COMP_POINT=${#COMP_LINE}; _otter;"
      + " printf \"%s\\n\" \"${COMPREPLY[@]}\"' </dev/null"
    return shell(command).output.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
  }

  @Test(
    "unlocked: issuers (issuer:name where an issuer has several accounts) for code, rm, watch; locked: nothing, and no prompt")
  func fromAgent() throws {
    let agent = try AgentVault()
    defer {
      agent.stopAgent()
      agent.vault.folder.remove()
    }
    let uris =
      "otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank\notpauth://totp/Bank:bob?secret=JBSWY3DPEHPK3PXP&issuer=Bank\n"
    #expect(try agent.run(["add"], input: uris).status == 0)
    #expect(complete(["otter", "code", ""], agent: agent).isEmpty, "locked: nothing offered")
    #expect(try agent.run(["unlock"]).status == 0)
    #expect(complete(["otter", "code", ""], agent: agent) == ["ACME", "Bank:alice", "Bank:bob"])
    #expect(complete(["otter", "rm", "b"], agent: agent) == ["Bank:alice", "Bank:bob"])
    #expect(complete(["otter", "watch", "ac"], agent: agent) == ["ACME"])
    #expect(try agent.run(["lock"]).status == 0)
    #expect(complete(["otter", "code", ""], agent: agent).isEmpty)
  }
}
