#ifndef OTTER_CLINUX_H
#define OTTER_CLINUX_H

// Linux-only calls that Swift cannot reach through the Glibc module: prctl(2) is variadic,
// mallopt's parameter is a macro, and struct ucred, accept4, POSIX_SPAWN_SETSID and
// posix_spawn_file_actions_addclosefrom_np are declared only under _GNU_SOURCE.
//
// This header declares plain prototypes only. _GNU_SOURCE is defined in CLinux.c alone:
// defined here, it would change how libc's own headers declare shared types (fd_set's
// member is `fds_bits` instead of `__fds_bits`), and a clean build then refuses the two
// definitions of one struct coming from this module and from SwiftGlibc.

#include <spawn.h>

// PR_SET_DUMPABLE / PR_GET_DUMPABLE.
int otter_set_dumpable(int dumpable);
int otter_get_dumpable(void);

// glibc's filling of freed memory (mallopt M_PERTURB): Posix's FreedMemory turns it on and
// off around a C call that copies a secret.
int otter_set_free_fill(int value);
// mallopt's parameters are macros: large buffers stay in the heap rather than being mapped and
// unmapped on every growth (an import of 16 MiB reallocates its arrays many times).
int otter_keep_large_allocations(int mmap_threshold, int trim_threshold);

// A spawned child must keep no descriptor but its standard streams.
int otter_spawn_close_from(posix_spawn_file_actions_t *actions, int fd);

// POSIX_SPAWN_SETSID (glibc 2.26): the child starts a session of its own.
short otter_spawn_setsid_flag(void);

// The user id of the peer of a Unix socket, from the kernel (SO_PEERCRED); -1 on failure.
long long otter_peer_uid(int fd);

// accept4 with SOCK_CLOEXEC, so a helper started later inherits no client connection.
int otter_accept_cloexec(int fd);

// The kernel's view of the clock (adjtimex(2) with no change asked): whether it is
// synchronised and the error bounds it keeps. struct timex is in <sys/timex.h>, which the
// Glibc module does not bring.
struct otter_clock_state {
  int synchronised;     // 1 unless the kernel says STA_UNSYNC or TIME_ERROR
  long long offset_ns;  // the offset being corrected now, in nanoseconds
  long long max_error_us;
  long long est_error_us;
  int status;           // the raw status bits
};
int otter_clock_state(struct otter_clock_state *state);

#endif
