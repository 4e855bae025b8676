import Foundation

/// What a program did, with its wall time and peak memory.
public struct MeasuredRun: Sendable {
  public var status: Int32
  public var output: String
  public var error: String
  public var seconds: Double
  /// The child's peak resident memory in bytes (`ru_maxrss`).
  public var peakMemory: Int
}

/// Runs `otter` like `otter(_:input:environment:)` does, and measures it with `wait4`.
public func otterMeasured(_ arguments: [String], input: String = "", environment: [String: String]) throws -> MeasuredRun {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otter-measure-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: folder) }
  try Data(input.utf8).write(to: URL(fileURLWithPath: folder + "/in"))
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, folder + "/in", O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, folder + "/out", O_WRONLY | O_CREAT, 0o600)
  posix_spawn_file_actions_addopen(&actions, 2, folder + "/err", O_WRONLY | O_CREAT, 0o600)
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  var empty = sigset_t()
  sigemptyset(&empty)
  posix_spawnattr_setsigmask(&attributes, &empty)
  // A new session, so no prompt can reach the developer's terminal (as `otter(...)` does).
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK) | 0x80)  // 0x80: POSIX_SPAWN_SETSID (glibc)
  let argv = [otterPath] + arguments
  var cArguments = argv.map { strdup($0) } + [nil]
  defer { for pointer in cArguments { free(pointer) } }
  var cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer { for pointer in cEnvironment { free(pointer) } }
  let start = Date()
  var pid: pid_t = 0
  guard posix_spawn(&pid, otterPath, &actions, &attributes, &cArguments, &cEnvironment) == 0 else {
    throw CocoaError(.executableLoad)
  }
  var status: Int32 = 0
  var usage = rusage()
  while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
  let seconds = Date().timeIntervalSince(start)
  return MeasuredRun(
    status: (status >> 8) & 0xff, output: (try? String(contentsOfFile: folder + "/out", encoding: .utf8)) ?? "",
    error: (try? String(contentsOfFile: folder + "/err", encoding: .utf8)) ?? "", seconds: seconds,
    peakMemory: Int(usage.ru_maxrss) * 1024)
}
