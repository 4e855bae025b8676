#ifndef OTTER_CNCURSES_SHIM_H
#define OTTER_CNCURSES_SHIM_H

// No pkgConfig for ncursesw: SwiftPM drops its -D_XOPEN_SOURCE=600 and the wide-character API
// (mvaddwstr, cchar_t, get_wch) silently disappears. Asking for it here keeps it.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncurses.h>

// LINES, COLS and stdscr are global variables that Swift 6 refuses as "not concurrency-safe".
static inline int otter_curses_lines(void) { return LINES; }
static inline int otter_curses_cols(void) { return COLS; }
static inline WINDOW *otter_curses_stdscr(void) { return stdscr; }

// Attribute macros do not import into Swift.
static inline int otter_curses_attr_bold(void) { return (int)A_BOLD; }
static inline int otter_curses_attr_dim(void) { return (int)A_DIM; }
static inline int otter_curses_attr_reverse(void) { return (int)A_REVERSE; }
static inline int otter_curses_attr_underline(void) { return (int)A_UNDERLINE; }

// Mouse masks are macro expressions; KEY_* codes import but these do not.
static inline mmask_t otter_curses_click_mask(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED; }
static inline int otter_curses_is_click(mmask_t state) { return (state & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0; }

#endif
