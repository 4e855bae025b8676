import Foundation

/// Runs `path` with `input` on standard input; returns its exit status and both outputs.
///
/// Input and outputs go through temporary files, so large outputs cannot dead-lock a pipe.
public func runProgram(
  _ path: String, _ arguments: [String], input: String = "", environment: [String: String]? = nil
) throws -> (status: Int32, output: String, error: String) {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otter-run-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: folder) }
  let inURL = folder.appendingPathComponent("in")
  let outURL = folder.appendingPathComponent("out")
  let errURL = folder.appendingPathComponent("err")
  try Data(input.utf8).write(to: inURL)
  FileManager.default.createFile(atPath: outURL.path, contents: nil)
  FileManager.default.createFile(atPath: errURL.path, contents: nil)
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  if let environment { process.environment = environment }
  process.standardInput = try FileHandle(forReadingFrom: inURL)
  process.standardOutput = try FileHandle(forWritingTo: outURL)
  process.standardError = try FileHandle(forWritingTo: errURL)
  try process.run()
  process.waitUntilExit()
  return (
    process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8),
    try String(contentsOf: errURL, encoding: .utf8)
  )
}

/// The package's root folder, found from this file's path.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

/// The `otter` binary built beside the test bundle.
public let otterPath: String = {
  let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("otter")
  if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
  return packageRoot.appendingPathComponent(".build/debug/otter").path
}()

/// Runs `otter` with `arguments` and `input` on standard input.
public func otter(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String, error: String) {
  try runProgram(otterPath, arguments, input: input)
}
