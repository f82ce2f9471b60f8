/// A terminal in memory: keeps what was presented and plays back scripted
/// input, so every screen can be tested without a terminal.
public final class MemoryBackend: TerminalBackend {
    public var size: Size
    public var supportsUnicode: Bool
    /// Every grid presented, oldest first (only with `keepsHistory`).
    public private(set) var presented: [CellGrid] = []
    /// The latest grid presented.
    public private(set) var screen: CellGrid?
    public private(set) var presentCount = 0
    /// Cells the diff said to redraw, summed over all presents.
    public private(set) var cellsRedrawn = 0
    public private(set) var restored = false
    /// Events `nextInput` returns, in order; when empty it returns nil.
    public var script: [InputEvent]
    /// Timeouts `nextInput` was called with (nil = would block).
    public private(set) var waits: [Double?] = []
    let keepsHistory: Bool

    public init(size: Size = Size(width: 80, height: 24), script: [InputEvent] = [],
                supportsUnicode: Bool = true, keepsHistory: Bool = true) {
        self.size = size; self.script = script
        self.supportsUnicode = supportsUnicode; self.keepsHistory = keepsHistory
    }

    public func present(_ grid: CellGrid) {
        cellsRedrawn += GridDiff(from: screen, to: grid).changedCells
        screen = grid
        presentCount += 1
        if keepsHistory { presented.append(grid) }
    }

    public func nextInput(timeout: Double?) -> InputEvent? {
        waits.append(timeout)
        guard !script.isEmpty else { return nil }
        let e = script.removeFirst()
        if case .resized(let s) = e { size = s }
        return e
    }

    public func restore() { restored = true }
}
