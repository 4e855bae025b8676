#ifndef OTTER_CLINUX_SHIM_H
#define OTTER_CLINUX_SHIM_H

// prctl(2) is variadic in glibc, so Swift cannot call it: these fixed-argument wrappers can.
#include <sys/prctl.h>

static inline int otter_set_dumpable(int dumpable) { return prctl(PR_SET_DUMPABLE, dumpable, 0, 0, 0); }
static inline int otter_get_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0); }

#endif
