import Foundation

/// What a program did, with its wall time and peak memory.
public struct MeasuredRun: Sendable {
  public var status: Int32
  public var output: String
  public var error: String
  public var seconds: Double
  /// The program's peak resident memory in bytes (`ru_maxrss`).
  public var peakMemory: Int
}

/// Runs `otter` with `arguments` and measures its wall time and peak memory.
///
/// The measuring is done by `Tests/Reference/measure.py`: this process starts children with
/// vfork, so the peak memory of a child it started would include its own.
public func otterMeasured(_ arguments: [String], input: String = "", environment: [String: String]) throws -> MeasuredRun {
  let folder = try TemporaryFolder()
  defer { folder.remove() }
  let script = packageRoot.appendingPathComponent("Tests/Reference/measure.py").path
  let run = try runProgram(
    "/usr/bin/setsid", ["--wait", "/usr/bin/python3", script, folder.file("result"), otterPath] + arguments, input: input,
    environment: environment)
  let fields = try String(contentsOfFile: folder.file("result"), encoding: .utf8).split(separator: " ")
  return MeasuredRun(
    status: Int32(fields[2].trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1, output: run.output, error: run.error,
    seconds: Double(fields[0]) ?? .infinity, peakMemory: (Int(fields[1]) ?? .max / 1024) * 1024)
}
