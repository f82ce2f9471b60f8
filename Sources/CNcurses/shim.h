#define _XOPEN_SOURCE_EXTENDED 1   /* SwiftPM drops pkg-config -D flags; wide chars need this */
#define NCURSES_WIDECHAR 1
#include <errno.h>
#include <locale.h>
#include <ncurses.h>
#include <term.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
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

/* Giving the terminal back from a signal handler. endwin() is not
   async-signal-safe, so the handlers restore the terminal with what is:
   tcsetattr(3) to the modes saved before initscr, and write(2) of the
   terminal's own sequences (from terminfo, captured once the screen is up):
   attributes off, cursor visible, keypad off, mouse reports off, alternate
   screen off. In C because a Swift closure cannot be a signal handler
   without global mutable state. */
struct cn_terminal_state {
    struct termios shell_modes;
    int have_shell_modes;
    char leave_seq[256];
    size_t leave_len;
    char enter_seq[256];
    size_t enter_len;
    struct sigaction previous[32];
    volatile sig_atomic_t resumed;
};
/* One instance, reached through a function: the Swift importer emits the
   bodies of inline functions (with their local statics), not file statics. */
static inline struct cn_terminal_state *cn_terminal(void) {
    static struct cn_terminal_state state;
    return &state;
}
#define cn_shell_modes (cn_terminal()->shell_modes)
#define cn_have_shell_modes (cn_terminal()->have_shell_modes)
#define cn_leave_seq (cn_terminal()->leave_seq)
#define cn_leave_len (cn_terminal()->leave_len)
#define cn_enter_seq (cn_terminal()->enter_seq)
#define cn_enter_len (cn_terminal()->enter_len)
#define cn_previous (cn_terminal()->previous)
#define cn_resumed (cn_terminal()->resumed)

static inline void cn_append(char *buf, size_t *len, const char *s) {
    if (s == NULL || s == (char *)-1) return;
    size_t n = strlen(s);
    if (*len + n < 255) { memcpy(buf + *len, s, n); *len += n; buf[*len] = 0; }
}

/* The sequences that leave and re-enter the program's screen; call after initscr. */
static inline void cn_capture_terminal_sequences(void) {
    cn_leave_len = 0; cn_enter_len = 0;
    cn_append(cn_leave_seq, &cn_leave_len, tigetstr("sgr0"));
    cn_append(cn_leave_seq, &cn_leave_len, "\033[?1000l\033[?1002l\033[?1006l");  /* mouse reports off */
    cn_append(cn_leave_seq, &cn_leave_len, tigetstr("cnorm"));
    cn_append(cn_leave_seq, &cn_leave_len, tigetstr("rmkx"));
    cn_append(cn_leave_seq, &cn_leave_len, tigetstr("rmcup"));
    cn_append(cn_enter_seq, &cn_enter_len, tigetstr("smcup"));
    cn_append(cn_enter_seq, &cn_enter_len, tigetstr("smkx"));
    cn_append(cn_enter_seq, &cn_enter_len, tigetstr("civis"));
}

static inline void cn_write_all(const char *s, size_t n) {
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, s, n);
        if (w < 0) { if (errno == EINTR) continue; return; }
        s += w; n -= (size_t)w;
    }
}

/* Async-signal-safe: the terminal as it was before the interface. */
static inline void cn_leave_terminal(void) {
    int saved = errno;
    cn_write_all(cn_leave_seq, cn_leave_len);
    if (cn_have_shell_modes) tcsetattr(STDIN_FILENO, TCSANOW, &cn_shell_modes);
    errno = saved;
}

/* A stop or crash signal: give the terminal back, let whatever handled the
   signal before run (the Swift runtime's crash report, which now prints on
   the normal screen), then die of the signal with its default action, so the
   exit status still says what happened. */
static inline void cn_restore_terminal_on_signal(int sig, siginfo_t *info, void *context) {
    cn_leave_terminal();
    struct sigaction before = cn_previous[sig];
    if (before.sa_flags & SA_SIGINFO) {
        if (before.sa_sigaction) before.sa_sigaction(sig, info, context);
    } else if (before.sa_handler != SIG_DFL && before.sa_handler != SIG_IGN && before.sa_handler != NULL) {
        before.sa_handler(sig);
    }
    signal(sig, SIG_DFL);
    raise(sig);  /* delivered when this handler returns (a fault re-faults first) */
}

/* C-z: give the terminal back, stop; on `fg` take it again (modes, keypad,
   alternate screen) and tell the run loop to redraw everything. */
static inline void cn_stop_on_signal(int sig) {
    int saved = errno;
    struct termios program;
    int have = tcgetattr(STDIN_FILENO, &program) == 0;
    cn_leave_terminal();
    signal(SIGTSTP, SIG_DFL);
    raise(SIGTSTP);
    /* unblock so the stop happens now, inside this handler */
    sigset_t set; sigemptyset(&set); sigaddset(&set, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    /* continued: ours again, without SA_RESTART, so the blocked read wakes up */
    struct sigaction again;
    memset(&again, 0, sizeof again);
    again.sa_handler = cn_stop_on_signal;
    sigemptyset(&again.sa_mask);
    sigaction(SIGTSTP, &again, NULL);
    if (have) tcsetattr(STDIN_FILENO, TCSANOW, &program);
    cn_write_all(cn_enter_seq, cn_enter_len);
    cn_resumed = 1;
    errno = saved;
    (void)sig;
}

/* Whether the program came back from C-z since the last call. */
static inline int cn_take_resumed(void) { int r = cn_resumed; cn_resumed = 0; return r; }

static inline void cn_install_restore_handlers(void) {
    if (tcgetattr(STDIN_FILENO, &cn_shell_modes) == 0) cn_have_shell_modes = 1;
    int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGILL, SIGTRAP, SIGBUS, SIGFPE };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = cn_restore_terminal_on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_ONSTACK | SA_SIGINFO;
        sigaction(sigs[i], &sa, &cn_previous[sigs[i]]);
    }
    struct sigaction stop;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = cn_stop_on_signal;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &stop, NULL);  /* installed before initscr, so ncurses keeps ours */
}
static inline int cn_errno_is_eintr(void) { return errno == EINTR; }

/* Mouse: clicks of the first button and the wheel (buttons 4 and 5). */
static inline void cn_enable_mouse(void) {
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
}
/* 0 none, 1 click, 2 wheel up, 3 wheel down; the cell in *x, *y. */
static inline int cn_read_mouse(int *x, int *y) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    *x = e.x; *y = e.y;
    if (e.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (e.bstate & BUTTON4_PRESSED) return 2;
#ifdef BUTTON5_PRESSED
    if (e.bstate & BUTTON5_PRESSED) return 3;
#endif
    return 0;
}
static inline int cn_key_f(int n) { return KEY_F(n); }
static inline int cn_locale_is_utf8(void) {
    const char *c = nl_langinfo(CODESET);
    return c && (c[0] == 'U' || c[0] == 'u') && (c[1] == 'T' || c[1] == 't') && (c[2] == 'F' || c[2] == 'f');
}
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline int cn_colors(void) { return COLORS; }
