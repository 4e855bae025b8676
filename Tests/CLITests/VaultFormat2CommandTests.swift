import Foundation
import TestSupport
import Testing

/// A vault file split into its sections by hand, to edit one and put it back together.
struct VaultSections {
  var head: [UInt8]
  var slots: String
  var header: String
  var rest: [UInt8]

  init(_ bytes: [UInt8]) {
    func length(_ at: Int) -> Int {
      Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }
    head = Array(bytes[0..<10])
    let slotsLength = length(10)
    slots = String(decoding: bytes[14..<(14 + slotsLength)], as: UTF8.self)
    let headerAt = 14 + slotsLength
    let headerLength = length(headerAt)
    header = String(decoding: bytes[(headerAt + 4)..<(headerAt + 4 + headerLength)], as: UTF8.self)
    rest = Array(bytes[(headerAt + 4 + headerLength)...])
  }

  var bytes: [UInt8] {
    func prefixed(_ text: String) -> [UInt8] {
      let section = Array(text.utf8)
      let count = UInt32(section.count)
      return [UInt8(count >> 24), UInt8((count >> 16) & 0xff), UInt8((count >> 8) & 0xff), UInt8(count & 0xff)] + section
    }
    return head + prefixed(slots) + prefixed(header) + rest
  }
}

extension TestVault {
  func write(_ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
  var environmentWithState: [String: String] { environment }
}

@Suite("Vault format 2 and its files", .serialized)
struct VaultFormat2CommandTests {
  let uri = "otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank"

  @Test("after passwd the old password opens nothing saved later, and the file is version 3")
  func passwdLocksOut() throws {
    let vault = try TestVault(password: "old")
    #expect(try vault.run(["add"], input: uri + "\n").status == 0)
    let oldCopy = VaultSections([UInt8](try vault.bytes()))
    try vault.folder.write("new", "new password\n")
    let changed = try vault.run(["passwd", "--new-password-file", vault.folder.file("new")])
    #expect(changed.status == 0, "\(changed.error)")
    #expect(try vault.bytes()[9] == 3)
    try vault.folder.write("pw", "new password\n")
    #expect(try vault.run(["add"], input: "otpauth://totp/Mail:bob?secret=JBSWY3DPEHPK3PXQ&issuer=Mail\n").status == 0)
    try vault.folder.write("pw", "old\n")
    let old = try vault.run(["list"])
    #expect(old.status == 77)
    #expect(old.output.isEmpty)
    // The old copy's key slot (which the old password opens) spliced onto the later file.
    var spliced = VaultSections([UInt8](try vault.bytes()))
    spliced.slots = oldCopy.slots
    try vault.write(spliced.bytes)
    let attack = try vault.run(["list"])
    #expect(attack.status == 65)
    #expect(!attack.output.contains("Mail"))
  }

  @Test("a version 1 vault written by Otter 0.1.0 opens; the first save writes version 3; passwd rotates it")
  func version1() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("pw", "correct horse\n")
    try FileManager.default.createDirectory(atPath: folder.file("v"), withIntermediateDirectories: false)
    let path = folder.file("v/vault.otter")
    try FileManager.default.copyItem(
      atPath: packageRoot.appendingPathComponent("Tests/Fixtures/vault-v1.otter").path, toPath: path)
    let common = ["--vault", path, "--password-file", folder.file("pw")]
    let environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path]
    let listed = try otter(["list", "--at", "1700000000"] + common, environment: environment)
    #expect(listed.status == 0, "\(listed.error)")
    #expect(listed.output.contains("Demo Bank    alan               totp   2740 5117  10s"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: path))[9] == 1)
    #expect(try otter(["add"] + common, input: uri + "\n", environment: environment).status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path))[9] == 3)
    try folder.write("new", "another\n")
    #expect(try otter(["passwd", "--new-password-file", folder.file("new")] + common, environment: environment).status == 0)
    try folder.write("pw", "another\n")
    #expect(try otter(["list"] + common, environment: environment).output.contains("Demo VPN"))
  }

  @Test("a space added to the key slots, or an extra slot, is refused as damaged (65), not opened")
  func editsRefused() throws {
    let vault = try TestVault()
    #expect(try vault.run(["add"], input: uri + "\n").status == 0)
    let original = VaultSections([UInt8](try vault.bytes()))
    var spaced = original
    spaced.slots = spaced.slots.replacingOccurrences(of: ",\"nonce\"", with: ", \"nonce\"")
    try vault.write(spaced.bytes)
    let first = try vault.run(["list"])
    #expect(first.status == 65)
    #expect(first.error.contains("damaged"))
    var extra = original
    extra.slots = "[" + String(extra.slots.dropFirst().dropLast()) + "," + String(extra.slots.dropFirst().dropLast()) + "]"
    try vault.write(extra.bytes)
    let second = try vault.run(["list"])
    #expect(second.status == 65)
    #expect(second.error.contains("damaged"))
  }

  @Test("a hostile slot (scrypt N=2^22, r=32) before the real one is refused in under a second, under 200 MB")
  func budget() throws {
    let vault = try TestVault()
    var sections = VaultSections([UInt8](try vault.bytes()))
    let real = String(sections.slots.dropFirst().dropLast())
    let hostile = real.replacingOccurrences(of: "\"logN\":14", with: "\"logN\":22").replacingOccurrences(
      of: "\"r\":8", with: "\"r\":32")
    sections.slots = "[\(hostile),\(real)]"
    try vault.write(sections.bytes)
    let run = try otterMeasured(["list"] + vault.common, environment: vault.environment)
    #expect(run.status == 65)
    #expect(run.error.contains("key slot asks for scrypt N=2^22, r=32, p=1: 16 GiB, over Otter's 1 GiB limit"))
    #expect(run.error.contains("--kdf-budget 16GiB"))
    #expect(run.seconds < 1, "\(run.seconds) s")
    #expect(run.peakMemory < 200 << 20, "\(run.peakMemory >> 20) MiB")
    let bad = try vault.run(["list", "--kdf-budget", "100MiB"])
    #expect(bad.status == 64)
  }

  @Test("an Aegis export with 50 slots of scrypt N=2^22, r=32, p=16 is refused at once, under 200 MB")
  func aegisBudget() throws {
    let vault = try TestVault()
    let script = packageRoot.appendingPathComponent("Tests/Reference/aegis_reference.py").path
    let made = try runProgram("/usr/bin/python3", [script, "encrypt", "aegis-pass"], input: AegisBackupTests.database)
    #expect(made.status == 0)
    let edit = """
      import json, sys
      d = json.loads(sys.stdin.read())
      real = d["header"]["slots"][0]
      hostile = dict(real, n=2**22, r=32, p=16)
      d["header"]["slots"] = [hostile] * 50 + [real]
      print(json.dumps(d))
      """
    try vault.folder.write("edit.py", edit)
    let hostile = try runProgram("/usr/bin/python3", [vault.folder.file("edit.py")], input: made.output)
    try vault.folder.write("hostile.json", hostile.output)
    try vault.folder.write("aegis-pw", "aegis-pass\n")
    let run = try otterMeasured(
      ["import", vault.folder.file("hostile.json"), "--source-password-file", vault.folder.file("aegis-pw")] + vault.common,
      environment: vault.environment)
    #expect(run.status == 65)
    #expect(run.error.contains("password slots") || run.error.contains("over Otter's"))
    #expect(run.seconds < 1, "\(run.seconds) s")
    #expect(run.peakMemory < 200 << 20, "\(run.peakMemory >> 20) MiB")
  }

  @Test("restoring an older copy warns with both generations and still opens; a save ends the warning")
  func rollback() throws {
    let vault = try TestVault()
    #expect(try vault.run(["add"], input: uri + "\n").status == 0)
    let older = try vault.bytes()
    #expect(try vault.run(["add"], input: "otpauth://totp/Mail:bob?secret=JBSWY3DPEHPK3PXQ&issuer=Mail\n").status == 0)
    let normal = try vault.run(["list"])
    #expect(normal.status == 0)
    #expect(!normal.error.contains("older"))
    try older.write(to: URL(fileURLWithPath: vault.path))
    let restored = try vault.run(["list"])
    #expect(restored.status == 0)
    #expect(restored.error.contains("older"))
    #expect(restored.error.contains("generation 2 < 3"))
    #expect(restored.output.contains("Bank") && !restored.output.contains("Mail"))
    #expect(try vault.run(["list"]).error.contains("older"))
    #expect(try vault.run(["add"], input: "otpauth://totp/Shop:c?secret=JBSWY3DPEHPK3PXR&issuer=Shop\n").status == 0)
    #expect(!(try vault.run(["list"]).error.contains("older")))
    let state = try String(contentsOfFile: vault.folder.file(".local/state/otter/generations"), encoding: .utf8)
    #expect(state.hasSuffix(" 4 \(vault.path)\n"), "\(state)")
    #expect(try vault.mode(vault.folder.file(".local/state/otter/generations")) == 0o600)
  }

  @Test("the viewer's status line says so too when an older copy is opened")
  func rollbackInViewer() throws {
    let vault = try TestVault()
    #expect(try vault.run(["add"], input: uri + "\n").status == 0)
    let older = try vault.bytes()
    #expect(try vault.run(["add"], input: "otpauth://totp/Mail:bob?secret=JBSWY3DPEHPK3PXQ&issuer=Mail\n").status == 0)
    #expect(try vault.run(["list"]).status == 0)
    try older.write(to: URL(fileURLWithPath: vault.path))
    let session = TmuxSession(command: viewerCommand(vault, password: false), columns: 160, rows: 20)
    defer { session.kill() }
    session.wait(for: "Password:")
    session.send(literal: "correct horse")
    session.send("Enter")
    let screen = session.wait(for: "older")
    #expect(screen.contains("generation 2 < 3"))
  }

  @Test("a folder above the vault that others can write is refused, naming it")
  func ancestorWritable() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("pw", "pw\n")
    let shared = folder.file("shared")
    try FileManager.default.createDirectory(atPath: shared + "/mine", withIntermediateDirectories: true)
    let environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path]
    let common = ["--vault", shared + "/mine/vault.otter", "--password-file", folder.file("pw")]
    chmod(shared + "/mine", 0o700)
    #expect(try otter(["init", "--kdf-log-n", "14"] + common, environment: environment).status == 0)
    chmod(shared, 0o777)
    let refused = try otter(["list"] + common, environment: environment)
    #expect(refused.status == 65)
    #expect(refused.error.contains("the folder \(shared) can be written by other users"))
    chmod(shared, 0o755)
    #expect(try otter(["list"] + common, environment: environment).status == 0)
  }

  @Test("a symlinked vault stays a symlink after three saves; the target, its .bak and lock are updated")
  func symlink() throws {
    let vault = try TestVault()
    let sync = vault.folder.file("sync")
    try FileManager.default.createDirectory(atPath: sync, withIntermediateDirectories: false)
    chmod(sync, 0o700)
    try FileManager.default.moveItem(atPath: vault.path, toPath: sync + "/vault.otter")
    try FileManager.default.createSymbolicLink(atPath: vault.path, withDestinationPath: sync + "/vault.otter")
    for name in ["a", "b", "c"] {
      let added = try vault.run(
        ["add"], input: "otpauth://totp/I\(name):\(name)?secret=JBSWY3DPEHPK3PX\(name.uppercased())&issuer=I\(name)\n")
      #expect(added.status == 0, "\(added.error)")
    }
    let attributes = try FileManager.default.attributesOfItem(atPath: vault.path)
    #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
    #expect(try vault.run(["list"]).output.contains("Ic"))
    #expect(FileManager.default.fileExists(atPath: sync + "/vault.otter.bak"))
    #expect(FileManager.default.fileExists(atPath: sync + "/vault.otter.lock"))
    #expect(!FileManager.default.fileExists(atPath: vault.path + ".bak"))
    let direct = try otter(
      ["list", "--vault", sync + "/vault.otter", "--password-file", vault.folder.file("pw")], environment: vault.environment)
    #expect(direct.output.contains("Ic"))
  }

  @Test("a FIFO in place of the vault is refused within a second, not waited on")
  func fifo() throws {
    let vault = try TestVault()
    try FileManager.default.removeItem(atPath: vault.path)
    #expect(mkfifo(vault.path, 0o600) == 0)
    let run = try otterMeasured(["list"] + vault.common, environment: vault.environment)
    #expect(run.status == 66)
    #expect(run.error.contains("named pipe"))
    #expect(run.seconds < 1)
  }

  @Test("a lock file that is a symbolic link is refused and its target is not created")
  func lockSymlink() throws {
    let vault = try TestVault()
    let victim = vault.folder.file("victim")
    try FileManager.default.removeItem(atPath: vault.path + ".lock")
    try FileManager.default.createSymbolicLink(atPath: vault.path + ".lock", withDestinationPath: victim)
    let run = try vault.run(["add"], input: uri + "\n")
    #expect(run.status != 0)
    #expect(!FileManager.default.fileExists(atPath: victim))
  }

  @Test("otter import <(cat file) reads a pipe; a folder is refused")
  func importPipe() throws {
    let vault = try TestVault()
    try vault.folder.write("uris", uri + "\n")
    let command =
      "'\(otterPath)' import <(cat '\(vault.folder.file("uris"))') --vault '\(vault.path)' --password-file '\(vault.folder.file("pw"))'"
    let result = try runProgram("/bin/bash", ["-c", command], environment: vault.environment)
    #expect(result.status == 0, "\(result.error)")
    #expect(result.output.contains("1 added"))
    let folder = try vault.run(["import", vault.folder.path])
    #expect(folder.status == 66)
    #expect(folder.error.contains("a folder"))
  }

  @Test("in a shared sticky folder, a .bak another user made is refused with a way out", .enabled(if: getuid() == 0))
  func stickyForeignBackup() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("pw", "pw\n")
    let shared = folder.file("tmp")
    try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: false)
    chmod(shared, 0o1777)
    let common = ["--vault", shared + "/x.otter", "--password-file", folder.file("pw")]
    let environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path]
    #expect(try otter(["init", "--kdf-log-n", "14"] + common, environment: environment).status == 0)
    _ = FileManager.default.createFile(atPath: shared + "/x.otter.bak", contents: Data())
    chown(shared + "/x.otter.bak", 65534, 65534)
    let refused = try otter(["add"] + common, input: uri + "\n", environment: environment)
    #expect(refused.status == 65)
    #expect(refused.error.contains("x.otter.bak belongs to another user"))
  }
}
