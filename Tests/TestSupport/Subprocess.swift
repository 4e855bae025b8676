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
  _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
  _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
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
public let otterPath = builtProduct("otter")

/// The `otter-bench` binary built beside the test bundle.
public let otterBenchPath = builtProduct("otter-bench")

/// The path of the executable product `name` of this package's build.
public func builtProduct(_ name: String) -> String {
  let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
  if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
  return packageRoot.appendingPathComponent(".build/debug/\(name)").path
}

/// Runs `otter` with `arguments` and `input` on standard input, optionally in `environment`.
///
/// The child runs in a new session (`setsid`), without a controlling terminal, so a prompt on
/// `/dev/tty` fails the same way whether the tests run in CI or in a developer's terminal.
public func otter(
  _ arguments: [String], input: String = "", environment: [String: String]? = nil
) throws -> (status: Int32, output: String, error: String) {
  try runProgram("/usr/bin/setsid", ["--wait", otterPath] + arguments, input: input, environment: environment)
}

/// A fresh private folder (mode 0700) for one test, removed by `remove()`.
public struct TemporaryFolder: Sendable {
  public let path: String

  public init() throws {
    path = FileManager.default.temporaryDirectory.appendingPathComponent("otter-test-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(
      atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
  }

  public func file(_ name: String) -> String { path + "/" + name }

  public func write(_ name: String, _ text: String, mode: Int = 0o600) throws {
    _ = FileManager.default.createFile(atPath: file(name), contents: Data(text.utf8), attributes: [.posixPermissions: mode])
  }

  public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs `command` with `/bin/sh -c` through `posix_spawn` and `waitpid`, returning its exit
/// status and standard output. For tools such as tmux whose client forks a server: Foundation's
/// `Process` was seen to never reap such a client here.
public func shell(_ command: String) -> (status: Int32, output: String) {
  let output = FileManager.default.temporaryDirectory.appendingPathComponent("otter-sh-\(UUID().uuidString)").path
  defer { try? FileManager.default.removeItem(atPath: output) }
  let full = "(\(command)) >'\(output)' 2>/dev/null </dev/null"
  var pid: pid_t = 0
  let arguments = ["/bin/sh", "-c", full]
  var cArguments = arguments.map { strdup($0) } + [nil]
  defer { for pointer in cArguments { free(pointer) } }
  // The test runner's threads block signals such as SIGHUP and SIGTERM, and a spawned process
  // inherits the mask: tmux then never exits. Start children with no signal blocked.
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  var empty = sigset_t()
  sigemptyset(&empty)
  posix_spawnattr_setsigmask(&attributes, &empty)
  var defaults = sigset_t()
  sigemptyset(&defaults)
  for signal in [SIGHUP, SIGINT, SIGTERM, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
  posix_spawnattr_setsigdefault(&attributes, &defaults)
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
  guard posix_spawn(&pid, "/bin/sh", nil, &attributes, &cArguments, environ) == 0 else { return (-1, "") }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
  let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
  return ((status >> 8) & 0xff, text)
}
