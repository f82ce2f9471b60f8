/// The six characters a box is drawn with.
public struct BoxGlyphs: Hashable, Sendable {
    public var topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical: Unicode.Scalar

    public static let rounded = BoxGlyphs(topLeft: "╭", topRight: "╮", bottomLeft: "╰", bottomRight: "╯", horizontal: "─", vertical: "│")
    public static let double = BoxGlyphs(topLeft: "╔", topRight: "╗", bottomLeft: "╚", bottomRight: "╝", horizontal: "═", vertical: "║")
    public static let dashed = BoxGlyphs(topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "╌", vertical: "╎")
    public static let ascii = BoxGlyphs(topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|")
    public static let asciiStrong = BoxGlyphs(topLeft: "#", topRight: "#", bottomLeft: "#", bottomRight: "#", horizontal: "=", vertical: "#")
    public static let asciiDashed = BoxGlyphs(topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: ".", vertical: ":")
}

extension CellGrid {
    /// Draws a box's outline on the edge of `rect`, with an optional title in
    /// the top edge. The inside is left alone.
    public mutating func drawBox(_ rect: Rect, _ g: BoxGlyphs, style: CellStyle = .plain,
                                 title: String? = nil, titleStyle: CellStyle? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let (x0, y0, x1, y1) = (rect.x, rect.y, rect.maxX - 1, rect.maxY - 1)
        for x in (x0 + 1)..<x1 {
            put(g.horizontal, at: Point(x: x, y: y0), style: style)
            put(g.horizontal, at: Point(x: x, y: y1), style: style)
        }
        for y in (y0 + 1)..<y1 {
            put(g.vertical, at: Point(x: x0, y: y), style: style)
            put(g.vertical, at: Point(x: x1, y: y), style: style)
        }
        put(g.topLeft, at: Point(x: x0, y: y0), style: style)
        put(g.topRight, at: Point(x: x1, y: y0), style: style)
        put(g.bottomLeft, at: Point(x: x0, y: y1), style: style)
        put(g.bottomRight, at: Point(x: x1, y: y1), style: style)
        if let title, rect.width > 4 {
            let clip = Rect(x: x0 + 1, y: y0, width: rect.width - 2, height: 1)
            draw(" " + DisplayWidth.truncate(title, to: rect.width - 4) + " ", at: Point(x: x0 + 1, y: y0),
                 clip: clip, style: titleStyle ?? style)
        }
    }

    /// A horizontal run of one character.
    public mutating func horizontalLine(_ s: Unicode.Scalar, row y: Int, from x0: Int, to x1: Int, style: CellStyle = .plain) {
        guard x0 < x1 else { return }
        for x in x0..<x1 { put(s, at: Point(x: x, y: y), style: style) }
    }

    /// A vertical run of one character.
    public mutating func verticalLine(_ s: Unicode.Scalar, column x: Int, from y0: Int, to y1: Int, style: CellStyle = .plain) {
        guard y0 < y1 else { return }
        for y in y0..<y1 { put(s, at: Point(x: x, y: y), style: style) }
    }
}
