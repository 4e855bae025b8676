import CLinux

#if canImport(Glibc)
  import Glibc
#endif

/// Process settings that keep secrets out of places they could leak from.
public enum ProcessHygiene {
  /// Turns off core dumps and ptrace-style inspection by other processes of the same user,
  /// before any secret is read: a crash must not write the vault's keys to a core file.
  ///
  /// The corresponding C functions are `setrlimit(RLIMIT_CORE)` and `prctl(PR_SET_DUMPABLE)`.
  public static func disableCoreDumps() {
    var limit = rlimit(rlim_cur: 0, rlim_max: 0)
    _ = unsafe setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
    _ = otter_set_dumpable(0)
  }

  /// Whether the process may be dumped or traced (false after `disableCoreDumps`).
  public static var isDumpable: Bool { otter_get_dumpable() != 0 }
}
