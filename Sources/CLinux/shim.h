#ifndef OTTER_CLINUX_SHIM_H
#define OTTER_CLINUX_SHIM_H

// struct ucred (SO_PEERCRED), accept4 and posix_spawn_file_actions_addclosefrom_np are
// declared only for _GNU_SOURCE, which the Glibc module does not see.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <malloc.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/socket.h>

// prctl(2) is variadic in glibc, so Swift cannot call it: these fixed-argument wrappers can.
static inline int otter_set_dumpable(int dumpable) { return prctl(PR_SET_DUMPABLE, dumpable, 0, 0, 0); }
static inline int otter_get_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0); }

// mallopt and M_PERTURB live in <malloc.h>, which the Glibc module does not export; the
// parameter is a macro. Posix's FreedMemory turns glibc's filling of freed memory on and off
// around a C call that copies a secret.
static inline int otter_set_free_fill(int value) { return mallopt(M_PERTURB, value); }

// A spawned child must keep no descriptor but its standard streams.
static inline int otter_spawn_close_from(posix_spawn_file_actions_t *actions, int fd) {
  return posix_spawn_file_actions_addclosefrom_np(actions, fd);
}

// POSIX_SPAWN_SETSID (glibc 2.26): the child starts a session of its own.
static inline short otter_spawn_setsid_flag(void) { return POSIX_SPAWN_SETSID; }

// The user id of the peer of a Unix socket, from the kernel (SO_PEERCRED); -1 on failure.
static inline long long otter_peer_uid(int fd) {
  struct ucred credentials;
  socklen_t size = sizeof(credentials);
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) return -1;
  return (long long)credentials.uid;
}

// accept4 with SOCK_CLOEXEC, so a helper started later inherits no client connection.
static inline int otter_accept_cloexec(int fd) { return accept4(fd, 0, 0, SOCK_CLOEXEC); }

#endif
