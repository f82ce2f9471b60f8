import CNcurses

/// The real terminal, through ncurses. The only file that imports CNcurses.
///
/// Draws only the cells that changed since the last frame, blocks on input
/// without a timeout while the run is paused (no CPU), and gives the
/// terminal back on quit, on SIGINT, SIGTERM, SIGHUP and SIGQUIT, and
/// before any crash report (SIGABRT, SIGSEGV, SIGILL, SIGTRAP, SIGBUS,
/// SIGFPE); after C-z and `fg` it takes the terminal again, keypad included.
/// Reports mouse clicks and the wheel; uses 256 colours where the terminal has them.
public final class NcursesBackend: TerminalBackend {
    public let theme: Theme
    public let supportsUnicode: Bool
    private var last: CellGrid?
    /// Colour pair per (foreground role, background role), allocated on first use.
    private var pairs: [UInt16: Int16] = [:]
    private var restored = false

    /// Takes over the terminal. `themeName` falls back to `mono` under
    /// `NO_COLOR` or on a terminal without colours.
    public init(themeName: String, environment: [String: String]) {
        setlocale(LC_ALL, "")  // before initscr, or UTF-8 comes out as garbage
        supportsUnicode = cn_locale_is_utf8() != 0
        cn_install_restore_handlers()  // before initscr, so ncurses keeps ours
        initscr()
        cbreak()
        noecho()
        nonl()
        keypad(cn_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        cn_enable_mouse()
        let colors = has_colors()
        if colors {
            start_color()
            use_default_colors()
        }
        theme = Theme.choose(themeName, environment: environment, terminalHasColors: colors,
                             colorCount: colors ? Int(cn_colors()) : 0)
        wrefresh(cn_stdscr())  // the keypad and alternate-screen sequences are out before they are captured
        cn_capture_terminal_sequences()
    }

    deinit { restore() }

    public var size: Size { Size(width: Int(getmaxx(cn_stdscr())), height: Int(getmaxy(cn_stdscr()))) }

    public func present(_ grid: CellGrid) {
        let screen = cn_stdscr()
        let diff = GridDiff(from: last, to: grid)
        var text: [wchar_t] = []
        for run in diff.runs {
            let (attrs, pair) = look(run.style)
            wattr_set(screen, attrs, pair, nil)
            text.removeAll(keepingCapacity: true)
            for s in run.scalars { text.append(wchar_t(bitPattern: s.value)) }
            mvwaddnwstr(screen, Int32(run.row), Int32(run.column), text, Int32(text.count))
        }
        wattr_set(screen, 0, 0, nil)
        wrefresh(screen)
        last = grid
    }

    public func nextInput(timeout: Double?) -> InputEvent? {
        let screen = cn_stdscr()
        wtimeout(screen, timeout.map { Int32(max(0, ($0 * 1000).rounded(.up))) } ?? -1)
        var ch: wint_t = 0
        var r = wget_wch(screen, &ch)
        var resumed = cn_take_resumed() != 0
        // A blocking read interrupted by another signal is read again.
        while r == ERR, timeout == nil, !resumed, cn_errno_is_eintr() != 0 {
            r = wget_wch(screen, &ch)
            resumed = cn_take_resumed() != 0
        }
        if resumed {
            // Back from C-z: everything is drawn again on the terminal taken back.
            last = nil
            clearok(screen, true)
            if r == ERR { return .resized(size) }
        }
        if r == ERR { return nil }
        if r == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_RESIZE:
                last = nil
                clearok(screen, true)
                return .resized(size)
            case KEY_MOUSE:
                var x: Int32 = 0, y: Int32 = 0
                let at = { Point(x: Int(x), y: Int(y)) }
                switch cn_read_mouse(&x, &y) {
                case 1: return .mouse(.click(at()))
                case 2: return .mouse(.wheel(up: true, at: at()))
                case 3: return .mouse(.wheel(up: false, at: at()))
                default: return nil
                }
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_ENTER: return .key(.enter)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_BTAB: return .key(.backTab)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case let k where k > cn_key_f(0) && k <= cn_key_f(12): return .key(.function(Int(k - cn_key_f(0))))
            default: return nil
            }
        }
        switch ch {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        default:
            guard let s = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .key(.character(Character(s)))
        }
    }

    public func restore() {
        guard !restored else { return }
        restored = true
        endwin()
    }

    /// ncurses attributes and colour pair for a style under the theme.
    private func look(_ style: CellStyle) -> (attr_t, Int16) {
        let fg = theme.look(style.foreground)
        let a = fg.attributes.union(style.attributes)
        var attrs: attr_t = 0
        if a.contains(.bold) { attrs |= attr_t(cn_a_bold()) }
        if a.contains(.dim) { attrs |= attr_t(cn_a_dim()) }
        if a.contains(.reverse) { attrs |= attr_t(cn_a_reverse()) }
        if a.contains(.underline) { attrs |= attr_t(cn_a_underline()) }
        if !theme.usesColor { return (attrs, 0) }
        let key = UInt16(style.foreground.rawValue) << 8 | UInt16(style.background.rawValue)
        if let p = pairs[key] { return (attrs, p) }
        let foreground = theme.colorNumbers(style.foreground).foreground
        let background = style.background == .text ? TerminalColor.terminalDefault.rawValue : theme.colorNumbers(style.background).background
        guard foreground != -1 || background != -1,
              pairs.count + 1 < Int(cn_color_pairs()) else { pairs[key] = 0; return (attrs, 0) }
        let p = Int16(pairs.values.filter { $0 > 0 }.count + 1)
        init_pair(p, foreground, background)
        pairs[key] = p
        return (attrs, p)
    }
}
