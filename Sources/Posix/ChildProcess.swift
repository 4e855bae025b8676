import CLinux
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Starts helper programs (clipboard tools, a password command) with `posix_spawn`: no shell
/// unless asked for, no Foundation `Process` (which was seen not to reap a client that forks a
/// server), and no signal blocked in the child whatever this process inherited.
public enum ChildProcess {
  /// What a finished child left.
  public struct Finished: Sendable {
    /// The exit status (128 + the signal number when a signal ended it).
    public var status: Int32
    /// The first bytes of its standard output, up to the limit the caller gave.
    public var output: [UInt8]
  }

  /// Where the child's standard error goes.
  public enum ErrorOutput: Sendable {
    case discard
    case inherit
  }

  /// Whether `name` is an executable file in one of `PATH`'s folders.
  public static func exists(_ name: String) -> Bool {
    searchPath.contains { unsafe access("\($0)/\(name)", X_OK) == 0 }
  }

  /// Whether `path` is an executable file.
  public static func isExecutable(_ path: String) -> Bool { unsafe access(path, X_OK) == 0 }

  private static var searchPath: [Substring] {
    let path = unsafe getenv("PATH").map { unsafe String(cString: $0) } ?? "/usr/bin:/bin"
    return path.split(separator: ":")
  }

  /// Runs `arguments` (the first is looked up in `PATH`), writes `input` to its standard input
  /// (or gives it `/dev/null` when `input` is nil), and waits for it to end.
  ///
  /// The output is read into one buffer of `limit` bytes reserved up front, so it is never
  /// reallocated (a password command's output leaves no copies behind); the caller wipes it.
  ///
  /// - Returns: the exit status and the output, or nil when the program cannot be started.
  /// The corresponding C functions are `posix_spawnp` and `waitpid`.
  @discardableResult
  public static func run(
    _ arguments: [String], input: [UInt8]? = nil, limit: Int = 4096, errors: ErrorOutput = .discard
  ) -> Finished? {
    guard !arguments.isEmpty else { return nil }
    var toChild: [Int32] = [-1, -1]
    var fromChild: [Int32] = [-1, -1]
    guard unsafe pipe(&toChild) == 0 else { return nil }
    guard unsafe pipe(&fromChild) == 0 else {
      Posix.close(toChild[0])
      Posix.close(toChild[1])
      return nil
    }
    var actions = unsafe posix_spawn_file_actions_t()
    unsafe posix_spawn_file_actions_init(&actions)
    defer { unsafe posix_spawn_file_actions_destroy(&actions) }
    if input == nil {
      unsafe posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    } else {
      unsafe posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
    }
    unsafe posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
    for fd in toChild + fromChild { unsafe posix_spawn_file_actions_addclose(&actions, fd) }
    if case .discard = errors { unsafe posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
    let pid = unsafe spawn(arguments, actions: &actions)
    Posix.close(toChild[0])
    Posix.close(fromChild[1])
    guard let pid else {
      Posix.close(toChild[1])
      Posix.close(fromChild[0])
      return nil
    }
    if let input {
      // A child that does not read its input (or exits early) makes this fail with EPIPE, which
      // is its business: the exit status says how it went.
      try? Posix.writeAll(toChild[1], input)
    }
    Posix.close(toChild[1])
    var output = [UInt8](repeating: 0, count: limit)
    var filled = 0
    var discard = [UInt8](repeating: 0, count: 1024)
    while true {
      let count: Int
      if filled < limit {
        count = unsafe output.withUnsafeMutableBytes { buffer in
          (try? unsafe Posix.read(fromChild[0], into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))) ?? 0
        }
        filled += count
      } else {
        count = unsafe discard.withUnsafeMutableBytes { (try? unsafe Posix.read(fromChild[0], into: $0)) ?? 0 }
      }
      if count == 0 { break }
    }
    Posix.close(fromChild[0])
    let status = wait(for: pid)
    output.removeSubrange(filled...)
    return Finished(status: status, output: output)
  }

  /// How a hand-over ended (see `handOver`).
  public enum HandOver: Equatable, Sendable {
    /// The program exited with this status (128 + the signal number when a signal ended it).
    case exited(Int32)
    /// The program was still running when the patience ran out: it serves what it was given
    /// (a clipboard tool that does not fork); `reapFinished()` collects it later.
    case serving
  }

  /// Hands `input` to a program that may leave a process behind to serve it — `xclip`, `xsel`
  /// and `wl-copy` fork a child that owns the selection until another program takes it — and
  /// returns as soon as the started process exits, or after `patience` milliseconds.
  ///
  /// The program's standard output and error are /dev/null (a forked server that keeps them
  /// open holds nothing of ours, so nobody waits on it), it starts in a session of its own (a
  /// closed terminal does not end the server), its input is closed after `input`, and it is
  /// reaped without blocking past the patience.
  ///
  /// - Returns: how it ended, or nil when it cannot be started.
  /// The corresponding C functions are `posix_spawnp` and `waitpid` with `WNOHANG`.
  public static func handOver(_ arguments: [String], input: [UInt8], patience milliseconds: Int = 2000) -> HandOver? {
    guard let pid = startFed(arguments, input: input, newSession: true) else { return nil }
    var waited = 0
    while true {
      if let status = poll(pid) { return .exited(status) }
      if waited >= milliseconds { break }
      var pause = timespec(tv_sec: 0, tv_nsec: 2_000_000)
      unsafe nanosleep(&pause, nil)
      waited += 2
    }
    lingering.withLock { $0.append(pid) }
    return .serving
  }

  /// Children a hand-over left serving, reaped by `reapFinished()`.
  private static let lingering = Mutex<[pid_t]>([])

  /// Reaps, without waiting, the hand-over children that have exited since.
  public static func reapFinished() {
    lingering.withLock { pids in pids.removeAll { poll($0) != nil } }
  }

  /// The exit status of `pid` if it has ended (reaping it), nil while it runs.
  private static func poll(_ pid: pid_t) -> Int32? {
    var status: Int32 = 0
    while true {
      let result = unsafe waitpid(pid, &status, WNOHANG)
      if result == pid { break }
      if result == 0 { return nil }
      if errno != EINTR { return -1 }
    }
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }

  /// Starts `arguments` in the background with `input` on its standard input (its output goes
  /// to /dev/null) and does not wait for it: for a helper that outlives this process.
  ///
  /// - Returns: whether it started.
  /// - Parameter newSession: start it in a session of its own (`setsid`), so that closing the
  ///   terminal does not end it (an agent).
  @discardableResult
  public static func startDetached(_ arguments: [String], input: [UInt8], newSession: Bool = false) -> Bool {
    startFed(arguments, input: input, newSession: newSession) != nil
  }

  /// Starts `arguments` with `input` on its standard input, closed after it (a program that
  /// exits without reading gives EPIPE, which its exit status explains), and /dev/null for its
  /// output and errors.
  ///
  /// - Returns: its process id, or nil when it cannot be started.
  private static func startFed(_ arguments: [String], input: [UInt8], newSession: Bool) -> pid_t? {
    guard !arguments.isEmpty else { return nil }
    var toChild: [Int32] = [-1, -1]
    guard unsafe pipe(&toChild) == 0 else { return nil }
    var actions = unsafe posix_spawn_file_actions_t()
    unsafe posix_spawn_file_actions_init(&actions)
    defer { unsafe posix_spawn_file_actions_destroy(&actions) }
    unsafe posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
    unsafe posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    unsafe posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    for fd in toChild { unsafe posix_spawn_file_actions_addclose(&actions, fd) }
    let pid = unsafe spawn(arguments, actions: &actions, newSession: newSession)
    Posix.close(toChild[0])
    if pid != nil { try? Posix.writeAll(toChild[1], input) }
    Posix.close(toChild[1])
    return pid
  }

  /// Starts `arguments` with the given file actions and no signal blocked or ignored; the child
  /// keeps no descriptor but its standard input, output and error (a helper that outlives this
  /// process must not hold a pipe someone waits on).
  private static func spawn(_ arguments: [String], actions: inout posix_spawn_file_actions_t, newSession: Bool = false)
    -> pid_t?
  {
    _ = unsafe otter_spawn_close_from(&actions, 3)
    var attributes = posix_spawnattr_t()
    unsafe posix_spawnattr_init(&attributes)
    defer { unsafe posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    unsafe sigemptyset(&empty)
    unsafe posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    unsafe sigemptyset(&defaults)
    for signal in [SIGHUP, SIGINT, SIGTERM, SIGPIPE, SIGCHLD] { unsafe sigaddset(&defaults, signal) }
    unsafe posix_spawnattr_setsigdefault(&attributes, &defaults)
    let session: Int16 = newSession ? otter_spawn_setsid_flag() : 0
    unsafe posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | session)
    var cArguments = unsafe arguments.map { unsafe strdup($0) } + [nil]
    defer { unsafe cArguments.forEach { unsafe free($0) } }
    var pid: pid_t = 0
    guard unsafe posix_spawnp(&pid, arguments[0], &actions, &attributes, &cArguments, environ) == 0 else { return nil }
    return pid
  }

  /// Waits for `pid` to end and returns its exit status (128 + signal for a signal).
  ///
  /// The corresponding C function is `waitpid`.
  public static func wait(for pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while unsafe waitpid(pid, &status, 0) < 0 {
      if errno != EINTR { return -1 }
    }
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }
}
