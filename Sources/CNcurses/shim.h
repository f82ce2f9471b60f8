#define _XOPEN_SOURCE_EXTENDED 1   /* SwiftPM drops pkg-config -D flags; wide chars need this */
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncurses.h>
#include <signal.h>
/* Swift cannot import macros, and Swift 6 rejects the C globals
   stdscr/LINES/COLS as shared mutable state: reach them through functions. */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_color_pair(int n) { return COLOR_PAIR(n); }
static inline unsigned int cn_a_bold(void) { return A_BOLD; }
static inline unsigned int cn_a_dim(void) { return A_DIM; }
static inline unsigned int cn_a_reverse(void) { return A_REVERSE; }
static inline unsigned int cn_a_underline(void) { return A_UNDERLINE; }
