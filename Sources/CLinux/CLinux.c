// The only file that sees _GNU_SOURCE (see include/CLinux.h for why not the header).
#define _GNU_SOURCE 1

#include "CLinux.h"

#include <malloc.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/socket.h>

int otter_set_dumpable(int dumpable) { return prctl(PR_SET_DUMPABLE, dumpable, 0, 0, 0); }
int otter_get_dumpable(void) { return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0); }

int otter_set_free_fill(int value) { return mallopt(M_PERTURB, value); }

int otter_keep_large_allocations(int mmap_threshold, int trim_threshold) {
  return mallopt(M_MMAP_THRESHOLD, mmap_threshold) && mallopt(M_TRIM_THRESHOLD, trim_threshold);
}

int otter_spawn_close_from(posix_spawn_file_actions_t *actions, int fd) {
  return posix_spawn_file_actions_addclosefrom_np(actions, fd);
}

short otter_spawn_setsid_flag(void) { return POSIX_SPAWN_SETSID; }

long long otter_peer_uid(int fd) {
  struct ucred credentials;
  socklen_t size = sizeof(credentials);
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) return -1;
  return (long long)credentials.uid;
}

int otter_accept_cloexec(int fd) { return accept4(fd, 0, 0, SOCK_CLOEXEC); }

#include <sys/timex.h>

int otter_clock_state(struct otter_clock_state *state) {
  struct timex t = {0};
  int result = adjtimex(&t);
  if (result < 0) return -1;
  state->synchronised = result != TIME_ERROR && !(t.status & STA_UNSYNC);
  state->offset_ns = (t.status & STA_NANO) ? (long long)t.offset : (long long)t.offset * 1000;
  state->max_error_us = t.maxerror;
  state->est_error_us = t.esterror;
  state->status = t.status;
  return result;
}
