import Foundation
import TestSupport
import Testing

/// Key slots across copies, with real git (the merge driver) and a real TPM slot (swtpm).
@Suite("Key slots across copies: git's merge driver joins the slots of two branches", .serialized)
struct SlotMergeTests {
  @Test("a slot added on one branch survives a merge with another branch's edit; a slot removed on one branch stays removed")
  func gitJoinsSlots() throws {
    let tpm = try RealTPM()
    defer { tpm.stop() }
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("pw", "correct horse\n")
    let environment = [
      "PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_STATE_HOME": folder.file("state"), "TSS2_TCTI": tpm.tcti,
      "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
      "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1",
    ]
    let exports = environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
    func git(_ clone: String, _ command: String) -> (status: Int32, output: String) {
      shell("cd '\(folder.file(clone))' && env -i \(exports) sh -c \"\(command)\" 2>&1")
    }
    func run(_ clone: String, _ arguments: [String], input: String = "") throws -> (status: Int32, output: String, error: String)
    {
      try otter(
        arguments + ["--vault", folder.file("\(clone)/vault.otter"), "--password-file", folder.file("pw")], input: input,
        environment: environment)
    }
    func kinds(_ clone: String) throws -> [String] {
      let listed = try run(clone, ["slot", "list", "--json"])
      let rows = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]] ?? []
      return rows.compactMap { $0["kind"] as? String }
    }
    #expect(shell("mkdir -p '\(folder.file("a"))'").status == 0)
    #expect(git("a", "git init -q").status == 0)
    try folder.write("a/.gitattributes", "*.otter merge=otter\n", mode: 0o644)
    try folder.write("a/.gitignore", "*.lock\n*.bak\n.*.tmp-*\n", mode: 0o644)
    #expect(try run("a", ["init", "--kdf-log-n", "14"]).status == 0)
    #expect(try run("a", ["add"], input: "otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank\n").status == 0)
    #expect(git("a", "git add -A && git commit -q -m vault").status == 0)
    #expect(shell("cd '\(folder.path)' && git clone -q a b 2>/dev/null").status == 0)
    for clone in ["a", "b"] {
      let driver = "'\(otterPath)' merge-driver --password-file '\(folder.file("pw"))' %O %A %B %P"
      #expect(git(clone, "git config merge.otter.driver \\\"\(driver)\\\"").status == 0)
    }
    // Branch a adds a TPM slot; branch b an account.
    let slotted = try run("a", ["slot", "add", "--tpm2"])
    #expect(slotted.status == 0, "\(slotted.error)")
    #expect(git("a", "git commit -q -am slot").status == 0)
    #expect(try run("b", ["add"], input: "otpauth://totp/Desktop:bob?secret=JBSWY3DPEHPK3PXP&issuer=Desktop\n").status == 0)
    #expect(git("b", "git commit -q -am desktop").status == 0)
    let pulled = git("b", "git pull -q --no-rebase --no-edit origin HEAD")
    #expect(pulled.output.contains("added from"), "\(pulled.output)")
    #expect(try kinds("b") == ["password", "tpm2"])
    let opened = try otter(["list", "--vault", folder.file("b/vault.otter")], environment: environment)
    #expect(opened.status == 0 && opened.output.contains("Bank") && opened.output.contains("Desktop"), "\(opened.error)")
    // Branch a pulls that merge, then removes the slot; b adds another account meanwhile.
    #expect(git("a", "git pull -q --no-rebase --no-edit ../b HEAD").status == 0)
    let id = try #require(
      (try JSONSerialization.jsonObject(with: Data(try run("a", ["slot", "list", "--json"]).output.utf8)) as? [[String: Any]])?
        .last?["id"] as? String)
    #expect(try run("a", ["slot", "remove", id]).status == 0)
    #expect(git("a", "git commit -q -am unslot").status == 0)
    #expect(try run("b", ["add"], input: "otpauth://totp/Shop:carol?secret=JBSWY3DPEHPK3PXP&issuer=Shop\n").status == 0)
    #expect(git("b", "git commit -q -am shop").status == 0)
    let again = git("b", "git pull -q --no-rebase --no-edit ../a HEAD")
    #expect(again.status == 0, "\(again.output)")
    #expect(try kinds("b") == ["password"], "the removal on a is kept: the base had the slot")
    #expect(try run("b", ["list"]).output.contains("Shop"))
  }
}
