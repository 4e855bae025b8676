import Foundation
import TestSupport
import Testing

@Suite("tpm2 key slots through the real binary, against swtpm", .serialized)
struct TPMSlotCommandTests {
  @Test(
    "a tpm2 slot opens the vault with no password; another TPM's state and no TPM fall back to the password; passwd re-wraps it")
  func tpmSlot() throws {
    let tpm = try RealTPM()
    defer { tpm.stop() }
    let vault = try SlotVault(tcti: tpm.tcti)
    defer { vault.folder.remove() }
    let added = try vault.run(["slot", "add", "--tpm2"] + vault.password)
    #expect(added.status == 0, "\(added.error)")
    let slots = try vault.slots()
    #expect(slots.map { $0["kind"] as? String } == ["password", "tpm2"])
    #expect(slots[1]["boundTo"] as? String == "TPM 2.0 sealed key")
    let id = try #require(slots[1]["id"] as? String)
    #expect(try vault.opensWithoutPassword().opened)
    #expect(try vault.opensWithoutPassword(["--slot", "tpm2"]).opened)
    // Another TPM (a fresh swtpm state): nothing opens without the password, and why is said.
    let other = try RealTPM()
    defer { other.stop() }
    let elsewhere = try vault.run(["list"], environment: ["TSS2_TCTI": other.tcti])
    #expect(elsewhere.status == 64 && elsewhere.error.contains("the tpm2 slot \(id): it was sealed by another TPM"))
    #expect(try vault.run(["list"] + vault.password, environment: ["TSS2_TCTI": other.tcti]).status == 0)
    let absent = try vault.run(["list"], environment: ["TSS2_TCTI": "swtpm:host=127.0.0.1,port=1"])
    #expect(absent.status == 64 && absent.error.contains("no TPM answers"))
    // passwd: the same TPM seals nothing new; the slot is wrapped again around the new key.
    let changed = try vault.run(["passwd"] + vault.password + ["--new-password-file", vault.folder.file("pw2")])
    #expect(changed.status == 0 && !changed.error.contains("removed"), "\(changed.error)")
    #expect(try vault.opensWithoutPassword().opened)
    // passwd where the TPM is not there: the slot is dropped and named.
    let again = try vault.run(
      ["passwd", "--password-file", vault.folder.file("pw2"), "--new-password-file", vault.folder.file("pw")],
      environment: ["TSS2_TCTI": other.tcti])
    #expect(
      again.status == 0 && again.error.contains("the tpm2 slot \(id) was removed")
        && again.error.contains("otter slot add --tpm2"))
    #expect(try !vault.opensWithoutPassword().opened)
  }

  /// `otter slot add --tpm2 --pin` in tmux, typing `pin` at both questions; the screen at the end.
  func addSlotWithPIN(_ vault: SlotVault, _ pin: String) -> String {
    let adding = vault.terminal("slot add --tpm2 --pin --password-file '\(vault.folder.file("pw"))'")
    defer { adding.kill() }
    #expect(adding.wait(for: "New TPM PIN:").contains("New TPM PIN:"))
    adding.send(literal: pin)
    adding.send("Enter")
    #expect(adding.wait(for: "Repeat the TPM PIN:").contains("Repeat"))
    adding.send(literal: pin)
    adding.send("Enter")
    return adding.wait(for: "status=")
  }

  @Test(
    "with a PIN, in a terminal: asked twice at slot add; asked at unlock; a wrong PIN is said to count against the lockout; three wrong and the password is asked"
  )
  func tpmPIN() throws {
    let tpm = try RealTPM()
    defer { tpm.stop() }
    let vault = try SlotVault(tcti: tpm.tcti)
    defer { vault.folder.remove() }
    let added = addSlotWithPIN(vault, "2468")
    #expect(added.contains("added the tpm2 slot") && added.contains("status=0"), "\(added)")
    #expect(!added.contains("2468"), "the PIN was echoed")
    #expect((try vault.slots()[1]["boundTo"] as? String) == "TPM 2.0 sealed key, with a PIN")
    // Without a terminal the PIN slot is passed over and named.
    let noTerminal = try vault.run(["list"])
    #expect(noTerminal.status == 64 && noTerminal.error.contains("no terminal to ask on"))
    // The right PIN opens it.
    let opening = vault.terminal("list")
    defer { opening.kill() }
    #expect(opening.wait(for: "TPM PIN for the tpm2 slot").contains("empty to skip"))
    opening.send(literal: "2468")
    opening.send("Enter")
    let opened = opening.wait(for: "status=")
    #expect(opened.contains("Bank") && opened.contains("status=0"), "\(opened)")
    // Three wrong PINs: each said to count against the lockout, then the password is asked.
    let wrong = vault.terminal("list")
    defer { wrong.kill() }
    func prompts(_ screen: String) -> Int { screen.components(separatedBy: "TPM PIN for the tpm2 slot").count - 1 }
    for (index, left) in ["2 tries left", "1 try left", ""].enumerated() {
      #expect(prompts(wrong.wait(seconds: 10) { prompts($0) > index }) == index + 1)
      wrong.send(literal: "1111")
      wrong.send("Enter")
      if !left.isEmpty { #expect(wrong.wait(for: left).contains("counts against the TPM's lockout")) }
    }
    #expect(wrong.wait(for: "Password for").contains("Password for"), "\(wrong.capture())")
    wrong.send(literal: "correct horse")
    wrong.send("Enter")
    #expect(wrong.wait(for: "status=").contains("Bank"))
    // An empty PIN skips the slot at once.
    let skipping = vault.terminal("list")
    defer { skipping.kill() }
    #expect(skipping.wait(for: "TPM PIN for the tpm2 slot").contains("TPM PIN"))
    skipping.send("Enter")
    #expect(skipping.wait(for: "Password for").contains("Password for"))
  }

  @Test(
    "with a PIN and no terminal: OTTER_ASKPASS is asked the TPM PIN (a launcher, a key binding), and a wrong one falls through to the password"
  )
  func tpmPINWithoutTerminal() throws {
    let tpm = try RealTPM()
    defer { tpm.stop() }
    let vault = try SlotVault(tcti: tpm.tcti)
    defer { vault.folder.remove() }
    #expect(addSlotWithPIN(vault, "2468").contains("status=0"))
    // The askpass program answers the TPM PIN question with $PIN and any other with a wrong
    // password, and notes each prompt it was given.
    let askpass = vault.folder.file("askpass")
    try vault.folder.write(
      "askpass",
      "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '\(vault.folder.file("asked"))'\n"
        + "case \"$1\" in *\"TPM PIN\"*) printf '%s\\n' \"$PIN\" ;; *) echo wrong ;; esac\n", mode: 0o700)
    let opened = try vault.run(["list"], environment: ["OTTER_ASKPASS": askpass, "PIN": "2468"])
    #expect(opened.status == 0 && opened.output.contains("Bank"), "\(opened.error)")
    let asked = try String(contentsOfFile: vault.folder.file("asked"), encoding: .utf8)
    #expect(asked.contains("TPM PIN for the tpm2 slot") && !asked.contains("Password"), "\(asked)")
    // A wrong PIN three times (each said to count against the lockout), then the password,
    // which the askpass program gets wrong too: 77, and the vault is as it was.
    let before = try Data(contentsOf: URL(fileURLWithPath: vault.path))
    let refused = try vault.run(["list"], environment: ["OTTER_ASKPASS": askpass, "PIN": "1111"])
    #expect(refused.status == 77, "\(refused.error)")
    #expect(
      refused.error.components(separatedBy: "otter: wrong TPM PIN; each wrong PIN counts against").count - 1 == 3,
      "\(refused.error)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: vault.path)) == before)
  }
}
