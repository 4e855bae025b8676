#if canImport(Glibc)
  import Glibc
#endif

/// Runs helper programs (clipboard tools) with `posix_spawn` and `waitpid`: no shell, no
/// Foundation `Process` (which was seen not to reap clients that fork a server).
enum Spawn {
  /// Whether `name` is an executable in one of PATH's folders.
  static func exists(_ name: String) -> Bool {
    let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains { access("\($0)/\(name)", X_OK) == 0 }
  }

  /// Runs `arguments` (PATH lookup), feeding `input` on stdin; returns the exit status and the
  /// first `limit` bytes of stdout, or nil when it cannot start.
  @discardableResult
  static func run(_ arguments: [String], input: [UInt8] = [], limit: Int = 4096) -> (status: Int32, output: [UInt8])? {
    var toChild: [Int32] = [0, 0]
    var fromChild: [Int32] = [0, 0]
    guard pipe(&toChild) == 0 else { return nil }
    guard pipe(&fromChild) == 0 else {
      close(toChild[0])
      close(toChild[1])
      return nil
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
    posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    for fd in toChild + fromChild { posix_spawn_file_actions_addclose(&actions, fd) }
    var cArguments = arguments.map { strdup($0) } + [nil]
    defer { for pointer in cArguments { free(pointer) } }
    // Children start with no signal blocked, whatever this process inherited.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    var pid: pid_t = 0
    let started = posix_spawnp(&pid, arguments[0], &actions, &attributes, &cArguments, environ) == 0
    close(toChild[0])
    close(fromChild[1])
    guard started else {
      close(toChild[1])
      close(fromChild[0])
      return nil
    }
    var remaining = input[...]
    while !remaining.isEmpty {
      let written = remaining.withUnsafeBytes { write(toChild[1], $0.baseAddress, $0.count) }
      if written <= 0 { break }
      remaining = remaining.dropFirst(written)
    }
    close(toChild[1])
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1024)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(fromChild[0], $0.baseAddress, $0.count) }
      if count <= 0 { break }
      if output.count < limit { output += buffer[0..<min(count, limit - output.count)] }
    }
    close(fromChild[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return ((status >> 8) & 0xff, output)
  }
}
