/// A key as the interface understands it, whatever terminal it came from.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right
    case enter, escape, backspace, tab, backTab
    case pageUp, pageDown, home, end
    case function(Int)

    public static let space = Key.character(" ")
    public static func char(_ c: Character) -> Key { .character(c) }

    /// How help and the hint bar name the key.
    public var label: String {
        switch self {
        case .character(" "): return "space"
        case .character(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .enter: return "enter"
        case .escape: return "esc"
        case .backspace: return "backspace"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .home: return "home"
        case .end: return "end"
        case .function(let n): return "F\(n)"
        }
    }
}

/// A mouse report: a click of the first button, or the wheel, at a cell.
public enum MouseEvent: Hashable, Sendable {
    case click(Point)
    case wheel(up: Bool, at: Point)
}

/// Something the terminal reported.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case resized(Size)
    case mouse(MouseEvent)
}

/// Where screens go and where keys come from: a real terminal (ncurses) or
/// memory (tests, benchmarks).
public protocol TerminalBackend: AnyObject {
    /// The screen size now.
    var size: Size { get }
    /// Whether the terminal can show Unicode (a UTF-8 locale).
    var supportsUnicode: Bool { get }
    /// Shows a grid, drawing only what changed since the last one.
    func present(_ grid: CellGrid)
    /// Waits for the next key or resize. With a timeout (seconds) returns nil
    /// when it passes; with none, blocks without using the CPU.
    func nextInput(timeout: Double?) -> InputEvent?
    /// Gives the terminal back as it was. Safe to call more than once.
    func restore()
}
