import Foundation
import TestSupport
import Testing

@Suite("Opening an Aegis backup read-only", .serialized)
struct AegisBackupTests {
  static let database = """
    {"version": 2, "entries": [
      {"type": "totp", "uuid": "3ae6f1ad-2e65-4ed2-a953-1ec0dff2386d", "name": "alice", "issuer": "Aegis Co", "note": "",
       "favorite": false, "icon": null, "info": {"secret": "\(rfcSecret)", "algo": "SHA1", "digits": 6, "period": 30}},
      {"type": "hotp", "uuid": "7b6f7c3e-1b5e-4f53-9f4e-0a6f4f8e1a2b", "name": "bob", "issuer": "VPN", "note": "",
       "favorite": false, "icon": null, "info": {"secret": "\(rfcSecret)", "algo": "SHA1", "digits": 6, "counter": 1}}]}
    """

  /// An encrypted backup made by the independent Python implementation of Aegis's format.
  func encryptedBackup(in folder: TemporaryFolder) throws -> String {
    let script = packageRoot.appendingPathComponent("Tests/Reference/aegis_reference.py").path
    let made = try runProgram("/usr/bin/python3", [script, "encrypt", "aegis-pass"], input: Self.database)
    #expect(made.status == 0)
    try folder.write("backup.json", made.output)
    try folder.write("aegis-pw", "aegis-pass\n")
    return folder.file("backup.json")
  }

  @Test("list and code read an encrypted backup with its password, without any vault")
  func listAndCode() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let backup = try encryptedBackup(in: folder)
    let environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path]
    let listed = try otter(
      ["list", "--aegis", backup, "--password-file", folder.file("aegis-pw"), "--at", "59"], environment: environment)
    #expect(listed.status == 0, "\(listed.error)")
    #expect(listed.output.contains("Aegis Co") && listed.output.contains("287 082"))
    #expect(listed.output.contains("counter 1"))
    let code = try otter(
      ["code", "alice", "--aegis", backup, "--password-file", folder.file("aegis-pw"), "--at", "59"], environment: environment)
    #expect(code.output == "287082\n")
    let hotp = try otter(
      ["code", "vpn", "--aegis", backup, "--password-file", folder.file("aegis-pw")], environment: environment)
    #expect(hotp.output == "287082\n")
    #expect(hotp.error.contains("read-only"))
    try folder.write("bad", "nope\n")
    #expect(try otter(["list", "--aegis", backup, "--password-file", folder.file("bad")], environment: environment).status == 77)
    #expect(!FileManager.default.fileExists(atPath: folder.file(".local/share/otter")))
  }

  @Test("commands that change a vault refuse --aegis")
  func readOnly() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let backup = try encryptedBackup(in: folder)
    let result = try otter(
      ["add", "--aegis", backup, "--password-file", folder.file("aegis-pw")], input: "otpauth://totp/A:b?secret=\(rfcSecret)\n")
    #expect(result.status == 64)
    #expect(result.error.contains("read-only"))
  }

  @Test("otter --aegis FILE opens the viewer on the backup, asking its password inside")
  func viewer() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let backup = try encryptedBackup(in: folder)
    let session = TmuxSession(
      command:
        "env -i PATH=/usr/bin:/bin HOME='\(folder.path)' LANG=C.UTF-8 TERM=tmux-256color '\(otterPath)' --aegis '\(backup)'; echo VIEWER-EXITED; sleep 600"
    )
    defer { session.kill() }
    session.wait(for: "Password:")
    session.send(literal: "aegis-pass")
    session.send("Enter")
    let screen = session.wait(for: "alice", seconds: 15)
    #expect(screen.contains("Aegis Co"))
    session.send("d")
    session.send("y")
    #expect(session.wait(for: "read-only").contains("read-only"))
  }
}
