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

  /// What zsh (compinit with the generated `_otter`) or fish (the generated script) lists
  /// after `otter code ` and Tab, in a tmux terminal.
  func listed(shell: String, agent: AgentVault) throws -> String {
    let functions = agent.vault.folder.file("zsh-functions")
    try FileManager.default.createDirectory(atPath: functions, withIntermediateDirectories: true)
    _ = try? FileManager.default.removeItem(atPath: functions + "/_otter")
    try FileManager.default.copyItem(
      atPath: packageRoot.appendingPathComponent("share/completions/otter.zsh").path, toPath: functions + "/_otter")
    let folder = URL(fileURLWithPath: otterPath).deletingLastPathComponent().path
    let environment =
      "PATH='\(folder):/usr/bin:/bin' HOME='\(agent.vault.folder.path)' XDG_RUNTIME_DIR='\(agent.runtime)' "
      + "OTTER_VAULT='\(agent.vault.path)' TERM=tmux-256color LANG=C.UTF-8"
    let session = TmuxSession(command: "env -i \(environment) \(shell == "zsh" ? "zsh -f" : "fish --no-config")", columns: 120)
    defer { session.kill() }
    usleep(500_000)
    let setup =
      shell == "zsh"
      ? "fpath=('\(functions)' $fpath); autoload -U compinit; compinit -u; clear"
      : "source '\(packageRoot.appendingPathComponent("share/completions/otter.fish").path)'; clear"
    session.send(literal: setup)
    session.send("Enter")
    usleep(700_000)
    session.send(literal: "otter code ")
    session.send("Tab")
    return session.wait(seconds: 3) { $0.contains("ACME") }
  }

  @Test(
    "zsh and fish, with their real shells in tmux: the names from the agent when unlocked, none when locked",
    arguments: ["zsh", "fish"])
  func otherShells(shell: String) throws {
    let agent = try AgentVault()
    defer {
      agent.stopAgent()
      agent.vault.folder.remove()
    }
    #expect(!(try listed(shell: shell, agent: agent)).contains("ACME"), "locked: nothing offered")
    #expect(try agent.run(["unlock"]).status == 0)
    #expect(try listed(shell: shell, agent: agent).contains("ACME"))
  }
}
