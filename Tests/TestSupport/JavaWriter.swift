import Foundation

/// The command that runs Tests/Reference/FreeOTPBackup.java (FreeOTP 2's backup, written by
/// Java itself), compiled once per test process: compiling the source at each launch costs
/// more CPU than the tests that use it.
public let freeOTPBackupWriter: [String] = {
  let classes = FileManager.default.temporaryDirectory.appendingPathComponent("otter-java-\(UUID().uuidString)").path
  let source = packageRoot.appendingPathComponent("Tests/Reference/FreeOTPBackup.java").path
  let gson = "/usr/share/java/gson.jar"
  let compiled = try? runProgram("/usr/bin/javac", ["-nowarn", "-cp", gson, "-d", classes, source])
  guard compiled?.status == 0 else { return ["/usr/bin/java", "-cp", gson, source] }
  return ["/usr/bin/java", "-cp", gson + ":" + classes, "FreeOTPBackup"]
}()
