#ifndef OTTER_CLINUX_SHIM_H
#define OTTER_CLINUX_SHIM_H

// prctl(2) is variadic in glibc, so Swift cannot call it: these fixed-argument wrappers can.
#include <sys/prctl.h>

static inline int otter_set_dumpable(int dumpable) { return prctl(PR_SET_DUMPABLE, dumpable, 0, 0, 0); }
static inline int otter_get_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0); }

// mallopt and M_PERTURB live in <malloc.h>, which the Glibc module does not export; the
// parameter is a macro. Posix's FreedMemory turns glibc's filling of freed memory on and off
// around a C call that copies a secret.
#include <malloc.h>

static inline int otter_set_free_fill(int value) { return mallopt(M_PERTURB, value); }

// posix_spawn_file_actions_addclosefrom_np (glibc 2.34) is declared only for _GNU_SOURCE/
// __USE_MISC, which the Glibc module does not see: a spawned child must keep no descriptor
// but its standard streams.
#include <spawn.h>

static inline int otter_spawn_close_from(posix_spawn_file_actions_t *actions, int fd) {
  return posix_spawn_file_actions_addclosefrom_np(actions, fd);
}

#endif
