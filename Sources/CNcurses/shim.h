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
#include <langinfo.h>
/* Gives the terminal back when the process is told to stop (SIGINT, SIGTERM,
   SIGHUP): endwin, then die of the same signal with the default action, so
   the exit status still says what happened. In C because a Swift closure
   cannot be a signal handler without global mutable state. */
static inline void cn_restore_terminal_on_signal(int sig) {
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}
static inline void cn_install_restore_handlers(void) {
    signal(SIGINT, cn_restore_terminal_on_signal);
    signal(SIGTERM, cn_restore_terminal_on_signal);
    signal(SIGHUP, cn_restore_terminal_on_signal);
}
static inline int cn_key_f(int n) { return KEY_F(n); }
static inline int cn_locale_is_utf8(void) {
    const char *c = nl_langinfo(CODESET);
    return c && (c[0] == 'U' || c[0] == 'u') && (c[1] == 'T' || c[1] == 't') && (c[2] == 'F' || c[2] == 'f');
}
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
