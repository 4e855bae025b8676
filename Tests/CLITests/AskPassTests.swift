import Foundation
import TestSupport
import Testing

/// A password asked where there is no terminal: OTTER_ASKPASS, and a real pinentry (pinentry-tty,
/// the one gpg uses on a terminal) speaking its Assuan protocol.
@Suite("Passwords without a terminal: OTTER_ASKPASS and pinentry", .serialized)
struct AskPassTests {
  @Test("OTTER_ASKPASS gets the prompt and its output opens the vault; a failing one is 77; with neither, the error names both")
  func askpass() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank\n").status == 0)
    try vault.folder.write(
      "askpass", "#!/bin/sh\nprintf '%s' \"$1\" > '\(vault.folder.file("asked"))'\ncat '\(vault.folder.file("pw"))'\n",
      mode: 0o700)
    let environment = vault.environment.merging(["OTTER_ASKPASS": vault.folder.file("askpass")]) { $1 }
    let listed = try otter(["list", "--vault", vault.path], environment: environment)
    #expect(listed.status == 0 && listed.output.contains("Bank"), "\(listed.error)")
    #expect(try String(contentsOfFile: vault.folder.file("asked"), encoding: .utf8) == "Password for \(vault.path): ")
    try vault.folder.write("askpass", "#!/bin/sh\nexit 1\n", mode: 0o700)
    let before = try vault.bytes()
    let failed = try otter(["rename", "bank", "--name", "x", "--vault", vault.path], environment: environment)
    #expect(failed.status == 77 && failed.error.contains("OTTER_ASKPASS exited"), "\(failed.error)")
    #expect(try vault.bytes() == before)
    let neither = try otter(["list", "--vault", vault.path], environment: vault.environment)
    #expect(neither.status == 64 && neither.error.contains("OTTER_ASKPASS") && neither.error.contains("pinentry"))
  }

  @Test(
    "pinentry-tty asks on the terminal GPG_TTY names, for a process with no terminal of its own; a wrong password is asked again")
  func pinentry() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    #expect(try vault.run(["add"], input: "otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank\n").status == 0)
    let program = ["/usr/bin/pinentry-tty", "/usr/bin/pinentry-curses"].first { FileManager.default.isExecutableFile(atPath: $0) }
    let pinentry = try #require(program, "install pinentry-tty (scripts/install-deps --test)")
    // setsid: otter has no controlling terminal, as under a key binding; the pane's terminal
    // is only GPG_TTY, for pinentry.
    let session = TmuxSession(
      command: "env -i PATH=/usr/bin:/bin HOME='\(vault.folder.path)' LANG=C.UTF-8 TERM=tmux-256color bash --norc",
      columns: 120)
    defer { session.kill() }
    usleep(300_000)
    session.send(
      literal:
        "GPG_TTY=$(tty) OTTER_PINENTRY=\(pinentry) setsid -w '\(otterPath)' list --vault '\(vault.path)' </dev/null; echo status=$?"
    )
    session.send("Enter")
    #expect(session.wait(for: "Password for").contains("Otter needs a password."))
    session.send(literal: "wrong horse")
    session.send("Enter")
    #expect(session.wait(for: "wrong password; try again").contains("2 tries left"))
    func prompts(_ screen: String) -> Int { screen.components(separatedBy: "Password for").count - 1 }
    #expect(prompts(session.wait(seconds: 10) { prompts($0) >= 2 }) == 2)
    session.send(literal: "correct horse")
    session.send("Enter")
    let done = session.wait(seconds: 10) { $0.contains("status=0") || $0.contains("status=6") || $0.contains("status=7") }
    #expect(done.contains("Bank") && done.contains("status=0") && !done.contains("correct horse"), "\(done)")
  }
}
