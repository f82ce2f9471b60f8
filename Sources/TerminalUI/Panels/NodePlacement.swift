import Foundation

/// Where node boxes go in the cluster panel: on a circle up to 12 nodes, in a
/// grid beyond, and in side-by-side bands (one per group) while the network
/// is partitioned. Boxes shrink until everything fits without overlap.
struct NodePlacement: Hashable {
    /// A box per node, by node index.
    var boxes: [Rect]
    var boxSize: Size
    /// Columns of the walls between partition bands.
    var walls: [Int]

    /// Box sizes tried, largest first: 3, 2 and 1 lines inside; wider boxes
    /// first, so a wide screen spells out what a narrow one abbreviates.
    static let sizes = [Size(width: 20, height: 5), Size(width: 16, height: 5), Size(width: 14, height: 5),
                        Size(width: 12, height: 4), Size(width: 10, height: 3), Size(width: 7, height: 3)]
    /// On a projector, larger boxes first (read from the back of a room).
    static let presentSizes = [Size(width: 20, height: 6), Size(width: 18, height: 6)] + sizes

    /// `bands` lists node indices per band; nil or one band means no partition.
    /// Bands share the width equally when that fits; else each gets the
    /// columns its nodes need at that box size (a band of eight beside two of
    /// two), before any box shrinks to where a name and role no longer fit.
    init(count: Int, bands: [[Int]]?, in rect: Rect, sizes: [Size] = NodePlacement.sizes) {
        let bands = bands ?? [Array(0..<count)]
        let equal = [Int](repeating: rect.width / max(1, bands.count), count: bands.count)
        for size in sizes {
            let tries = [equal] + (bands.count > 1 ? [NodePlacement.widths(for: bands, size, in: rect)].compactMap { $0 } : [])
            for widths in tries {
                if let boxes = NodePlacement.place(bands, count: count, widths: widths, size, in: rect, force: false) {
                    self.boxes = boxes; boxSize = size; walls = NodePlacement.walls(widths, in: rect)
                    return
                }
            }
        }
        // Nothing fits: overlap gracefully in a grid.
        let size = sizes.last!
        boxes = NodePlacement.place(bands, count: count, widths: equal, size, in: rect, force: true) ?? []
        boxSize = size; walls = NodePlacement.walls(equal, in: rect)
    }

    /// Each band's rectangle: `widths` include the wall column at each band's right.
    static func bandRects(_ widths: [Int], in rect: Rect) -> [Rect] {
        var x = rect.x
        return widths.indices.map { i in
            defer { x += widths[i] }
            return Rect(x: x, y: rect.y, width: i == widths.count - 1 ? rect.maxX - x : widths[i] - 1, height: rect.height)
        }
    }

    static func walls(_ widths: [Int], in rect: Rect) -> [Int] {
        widths.count > 1 ? (1..<widths.count).map { rect.x + widths[..<$0].reduce(0, +) - 1 } : []
    }

    static func place(_ bands: [[Int]], count: Int, widths: [Int], _ size: Size, in rect: Rect, force: Bool) -> [Rect]? {
        var boxes = [Rect](repeating: Rect(x: 0, y: 0, width: 0, height: 0), count: count)
        for (members, band) in zip(bands, bandRects(widths, in: rect)) {
            guard let placed = force ? grid(members.count, size, in: band, force: true) : place(members.count, size, in: band)
            else { return nil }
            for (m, r) in zip(members, placed) { boxes[m] = r }
        }
        return boxes
    }

    /// Band widths (wall included) giving each band the columns of `size`
    /// boxes its nodes need, the rest shared in proportion; nil if they don't fit.
    static func widths(for bands: [[Int]], _ size: Size, in rect: Rect) -> [Int]? {
        let rows = rect.height / size.height
        guard rows > 0 else { return nil }
        let need = bands.map { members in  // a column of space after each box column; the last is the wall
            max(2, (members.count + rows - 1) / rows * (size.width + 1))
        }
        let total = need.reduce(0, +), spare = rect.width + 1 - total  // the last band has no wall
        guard spare >= 0 else { return nil }
        return need.map { $0 + spare * $0 / total }
    }

    /// Boxes for `n` nodes in `rect`, or nil if they don't fit.
    static func place(_ n: Int, _ size: Size, in rect: Rect) -> [Rect]? {
        if n == 0 { return [] }
        if n <= 12, let c = circle(n, size, in: rect) { return c }
        return grid(n, size, in: rect, force: false)
    }

    static func circle(_ n: Int, _ size: Size, in rect: Rect) -> [Rect]? {
        guard rect.width >= size.width, rect.height >= size.height else { return nil }
        let cx = Double(rect.x) + Double(rect.width - size.width) / 2
        let cy = Double(rect.y) + Double(rect.height - size.height) / 2
        let rx = Double(rect.width - size.width) / 2, ry = Double(rect.height - size.height) / 2
        let boxes = (0..<n).map { i -> Rect in
            let a = -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(n)
            let x = n == 1 ? cx : cx + rx * cos(a), y = n == 1 ? cy : cy + ry * sin(a)
            return Rect(x: Int(x.rounded()), y: Int(y.rounded()), width: size.width, height: size.height)
        }
        for i in boxes.indices { for j in boxes.indices where j > i && boxes[i].intersects(boxes[j]) { return nil } }
        return boxes
    }

    static func grid(_ n: Int, _ size: Size, in rect: Rect, force: Bool) -> [Rect]? {
        let cols = max(1, min(n, (rect.width + 1) / (size.width + 1)))
        let rows = (n + cols - 1) / cols
        if !force && (rows * size.height > rect.height || size.width > rect.width) { return nil }
        let cellW = rect.width / cols, cellH = max(size.height, rect.height / rows)
        return (0..<n).map { i in
            Rect(x: rect.x + (i % cols) * cellW + max(0, (cellW - size.width) / 2),
                 y: rect.y + (i / cols) * cellH + max(0, (cellH - size.height) / 2),
                 width: size.width, height: size.height)
        }
    }
}

/// The cells of a straight line between two points (Bresenham), both ends included.
func linePoints(from a: Point, to b: Point) -> [Point] {
    var points: [Point] = []
    var x = a.x, y = a.y
    let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
    let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
    var err = dx + dy
    points.reserveCapacity(max(dx, -dy) + 1)
    while true {
        points.append(Point(x: x, y: y))
        if x == b.x && y == b.y { break }
        let e2 = 2 * err
        if e2 >= dy { err += dy; x += sx }
        if e2 <= dx { err += dx; y += sy }
    }
    return points
}
