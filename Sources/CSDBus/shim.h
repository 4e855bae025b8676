// libsystemd's sd-bus, for the agent's locking with the session: logind's PrepareForSleep and
// session Lock signals on the system bus, the ScreenSaver's ActiveChanged on the session bus.
//
// libsystemd is opened with dlopen by the agent only, when it starts watching: otter itself
// maps no systemd library (StartupTests/libraries). sd-bus's headers give the prototypes;
// OTTER_SDBUS(name) calls through the pointer dlsym found. Its variadic
// sd_bus_message_read and the signal callbacks are here; the callbacks record what arrived in
// a small table the Swift wrapper (`SessionSignals`) takes after each sd_bus_process.
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>
#include <systemd/sd-bus.h>

static inline void **otter_sdbus_handle(void) {
  static void *handle;
  return &handle;
}

static inline void otter_sdbus_open_library(void) { *otter_sdbus_handle() = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL); }

static inline void *otter_sdbus_symbol(const char *name) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, otter_sdbus_open_library);
  return *otter_sdbus_handle() ? dlsym(*otter_sdbus_handle(), name) : NULL;
}

#define OTTER_SDBUS(name) ((__typeof__(&name))otter_sdbus_symbol(#name))

static inline int otter_sdbus_load(void) {
  static const char *names[] = {"sd_bus_new", "sd_bus_set_address", "sd_bus_set_bus_client", "sd_bus_start",
                                "sd_bus_open_system", "sd_bus_open_user", "sd_bus_match_signal", "sd_bus_get_fd",
                                "sd_bus_process", "sd_bus_message_read", "sd_bus_message_get_path",
                                "sd_bus_flush_close_unref"};
  for (size_t index = 0; index < sizeof names / sizeof *names; index++)
    if (!otter_sdbus_symbol(names[index])) return 0;
  return 1;
}

// What arrived: 1 PrepareForSleep(b), 2 a session's Lock (its path), 3 ActiveChanged(b).
struct otter_sdbus_event {
  int kind;
  int flag;
  char path[256];
};

struct otter_sdbus_events {
  int count;
  struct otter_sdbus_event events[32];
};

static inline struct otter_sdbus_events *otter_sdbus_events(void) {
  static struct otter_sdbus_events events;
  return &events;
}

static inline int otter_sdbus_record(sd_bus_message *message, void *kind, sd_bus_error *error) {
  (void)error;
  struct otter_sdbus_events *table = otter_sdbus_events();
  if (table->count >= 32) return 0;
  struct otter_sdbus_event *event = &table->events[table->count];
  memset(event, 0, sizeof *event);
  event->kind = (int)(long)kind;
  if (event->kind != 2) {
    int flag = 0;
    if (OTTER_SDBUS(sd_bus_message_read)(message, "b", &flag) < 0) return 0;
    event->flag = flag;
  }
  const char *path = OTTER_SDBUS(sd_bus_message_get_path)(message);
  if (path) strncpy(event->path, path, sizeof event->path - 1);
  table->count++;
  return 0;
}

// Connects to the bus at `address`, or (NULL) the system bus (`system`) or the session bus.
static inline int otter_sdbus_connect(const char *address, int system, sd_bus **bus) {
  if (!address) return system ? OTTER_SDBUS(sd_bus_open_system)(bus) : OTTER_SDBUS(sd_bus_open_user)(bus);
  int rc = OTTER_SDBUS(sd_bus_new)(bus);
  if (rc < 0) return rc;
  if ((rc = OTTER_SDBUS(sd_bus_set_address)(*bus, address)) < 0) return rc;
  if ((rc = OTTER_SDBUS(sd_bus_set_bus_client)(*bus, 1)) < 0) return rc;
  return OTTER_SDBUS(sd_bus_start)(*bus);
}

// Subscribes to the signals that end a session's trust: on the system bus logind's
// PrepareForSleep and every session's Lock; on the session bus the screen saver's ActiveChanged.
static inline int otter_sdbus_subscribe(sd_bus *bus, int system) {
  if (system) {
    int rc = OTTER_SDBUS(sd_bus_match_signal)(bus, NULL, "org.freedesktop.login1", "/org/freedesktop/login1",
                                              "org.freedesktop.login1.Manager", "PrepareForSleep", otter_sdbus_record,
                                              (void *)1L);
    if (rc < 0) return rc;
    return OTTER_SDBUS(sd_bus_match_signal)(bus, NULL, "org.freedesktop.login1", NULL, "org.freedesktop.login1.Session",
                                            "Lock", otter_sdbus_record, (void *)2L);
  }
  return OTTER_SDBUS(sd_bus_match_signal)(bus, NULL, NULL, NULL, "org.freedesktop.ScreenSaver", "ActiveChanged",
                                          otter_sdbus_record, (void *)3L);
}

static inline int otter_sdbus_fd(sd_bus *bus) { return OTTER_SDBUS(sd_bus_get_fd)(bus); }

// Processes what the connection has read; > 0 while there is more.
static inline int otter_sdbus_process(sd_bus *bus) { return OTTER_SDBUS(sd_bus_process)(bus, NULL); }

static inline void otter_sdbus_close(sd_bus *bus) {
  if (bus) OTTER_SDBUS(sd_bus_flush_close_unref)(bus);
}

static inline int otter_sdbus_event_count(void) { return otter_sdbus_events()->count; }
static inline int otter_sdbus_event_kind(int index) { return otter_sdbus_events()->events[index].kind; }
static inline int otter_sdbus_event_flag(int index) { return otter_sdbus_events()->events[index].flag; }
static inline const char *otter_sdbus_event_path(int index) { return otter_sdbus_events()->events[index].path; }
static inline void otter_sdbus_events_clear(void) { otter_sdbus_events()->count = 0; }
