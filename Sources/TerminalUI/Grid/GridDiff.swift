/// The cells that changed between two grids, as runs a backend can draw with
/// one move and one write each: a run is a stretch of one row, in one style.
public struct GridDiff: Sendable {
    public struct Run: Hashable, Sendable {
        public var row: Int
        public var column: Int
        public var style: CellStyle
        /// The characters to write (continuation cells left out).
        public var scalars: [Unicode.Scalar]
        /// Columns the run covers.
        public var width: Int
    }

    public private(set) var runs: [Run] = []

    /// Runs that turn `old` into `new`; everything when `old` is nil or another size.
    public init(from old: CellGrid?, to new: CellGrid) {
        let w = new.size.width
        let same = old?.size == new.size
        new.cells.withUnsafeBufferPointer { n in
            let o = same ? old!.cells : []
            o.withUnsafeBufferPointer { o in
                for y in 0..<new.size.height {
                    let base = y * w
                    var x = 0
                    while x < w {
                        if same && n[base + x] == o[base + x] { x += 1; continue }
                        // A run never starts on the right half of a wide character.
                        var start = x
                        if n[base + start].isContinuation, start > 0 { start -= 1 }
                        let style = n[base + start].style
                        var run = Run(row: y, column: start, style: style, scalars: [], width: 0)
                        var end = start
                        while end < w {
                            let c = n[base + end]
                            if end > start && !c.isContinuation {
                                if c.style != style { break }
                                if same && c == o[base + end] { break }
                            }
                            if !c.isContinuation { run.scalars.append(c.scalar) }
                            end += 1
                        }
                        run.width = end - start
                        runs.append(run)
                        x = end
                    }
                }
            }
        }
    }

    /// How many cells the runs cover.
    public var changedCells: Int { runs.reduce(0) { $0 + $1.width } }
}
