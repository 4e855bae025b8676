#ifndef OTTER_CSQLITE_SHIM_H
#define OTTER_CSQLITE_SHIM_H

#include <sqlite3.h>

// sqlite3_db_config is variadic, so Swift cannot call it; the progress handler is a C callback.
// This turns off what a hostile database file could make SQLite run while Otter reads one
// table of it: triggers, views, functions named in the schema (trusted_schema), writes to the
// schema (defensive); caps any value at `max_length` bytes and the whole reading at
// `*steps_left` thousand virtual-machine steps (the query is interrupted when they run out).
// Returns SQLITE_OK or the first error.
static int otter_sqlite_progress(void *steps_left) {
  long *left = (long *)steps_left;
  return --*left < 0;
}

static inline int otter_sqlite_harden(sqlite3 *db, int max_length, long *steps_left) {
  int settings[][2] = {
    {SQLITE_DBCONFIG_DEFENSIVE, 1},
    {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0},
    {SQLITE_DBCONFIG_ENABLE_TRIGGER, 0},
    {SQLITE_DBCONFIG_ENABLE_VIEW, 0},
  };
  for (unsigned i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
    int result = sqlite3_db_config(db, settings[i][0], settings[i][1], (int *)0);
    if (result != SQLITE_OK) return result;
  }
  sqlite3_limit(db, SQLITE_LIMIT_LENGTH, max_length);
  sqlite3_progress_handler(db, 1000, otter_sqlite_progress, steps_left);
  return SQLITE_OK;
}

// SQLITE_DESERIALIZE_READONLY and SQLITE_OPEN_* are plain macros and import; these do not:
// SQLITE_TRANSIENT is a cast of -1 to a function pointer. (Unused: Otter binds no values.)

#endif
