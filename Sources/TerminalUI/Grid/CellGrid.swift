/// A screen's worth of cells: what `render` produces and backends present.
///
/// Text is laid out by display width: a wide character takes two cells, and
/// nothing is drawn outside the clipping rectangle a caller gives.
public struct CellGrid: Hashable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(_ size: Size, filling cell: Cell = .blank) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        cells = Array(repeating: cell, count: self.size.width * self.size.height)
    }

    public var bounds: Rect { Rect(size) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// Sets one cell, keeping wide characters whole: a half overwritten wide
    /// character becomes a space.
    @inline(__always)
    mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        let i = y * size.width + x
        if cells[i].isContinuation, x > 0 { cells[i - 1].scalar = " " }
        if x + 1 < size.width, cells[i + 1].isContinuation { cells[i + 1].scalar = " " }
        cells[i] = cell
    }

    /// Fills a rectangle (clipped to the grid) with one cell.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { set(x, y, cell) } }
    }

    /// Draws `text` from `at` rightwards, clipped to `clip` (and the grid).
    /// Returns the column after the last one drawn. Control characters are skipped.
    @discardableResult
    public mutating func draw(_ text: String, at p: Point, clip: Rect? = nil, style: CellStyle = .plain) -> Int {
        let c = (clip ?? bounds).intersection(bounds)
        guard p.y >= c.y, p.y < c.maxY else { return p.x }
        var x = p.x
        for s in text.unicodeScalars {
            let w = DisplayWidth.of(s)
            if w == 0 { continue }
            if x + w > c.maxX { break }
            if x >= c.x {
                set(x, p.y, Cell(s, style))
                if w == 2 { set(x + 1, p.y, Cell(Cell.continuationScalar, style)) }
            }
            x += w
        }
        return x
    }

    /// Puts one character at `p` if it lies inside `clip`.
    public mutating func put(_ s: Unicode.Scalar, at p: Point, clip: Rect? = nil, style: CellStyle = .plain) {
        let c = (clip ?? bounds).intersection(bounds)
        guard c.contains(p) else { return }
        set(p.x, p.y, Cell(s, style))
        if DisplayWidth.of(s) == 2, c.contains(Point(x: p.x + 1, y: p.y)) {
            set(p.x + 1, p.y, Cell(Cell.continuationScalar, style))
        }
    }

    /// Changes the style of the cells in `rect`, keeping their characters.
    public mutating func restyle(_ rect: Rect, _ change: (inout CellStyle) -> Void) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { change(&cells[y * size.width + x].style) } }
    }

    /// Replaces every non-ASCII character (for a terminal whose locale is
    /// not UTF-8); both cells of a wide character get a replacement.
    public mutating func replaceNonASCII(with replacement: (Unicode.Scalar) -> Unicode.Scalar) {
        for i in cells.indices where !cells[i].scalar.isASCII {
            cells[i].scalar = replacement(cells[i].scalar)
            if i + 1 < cells.count, cells[i + 1].isContinuation { cells[i + 1].scalar = "?" }
        }
    }

    /// Row `y` as text, wide characters once, trailing spaces kept.
    public func line(_ y: Int) -> String {
        var out = String.UnicodeScalarView()
        for x in 0..<size.width where !self[x, y].isContinuation { out.append(self[x, y].scalar) }
        return String(out)
    }

    /// The whole grid as text, one line per row, trailing spaces trimmed.
    public var text: String {
        (0..<size.height).map { y in
            var l = line(y)
            while l.hasSuffix(" ") { l.removeLast() }
            return l
        }.joined(separator: "\n")
    }
}
