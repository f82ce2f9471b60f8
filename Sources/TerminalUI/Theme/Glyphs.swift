/// The characters panels draw with: Unicode when the locale is UTF-8, plain
/// ASCII otherwise (a terminal in the C locale would show garbage).
public struct Glyphs: Hashable, Sendable {
    public var box: BoxGlyphs
    /// The focused panel and the selected node.
    public var strongBox: BoxGlyphs
    /// A crashed node.
    public var brokenBox: BoxGlyphs
    public var request: Unicode.Scalar
    public var reply: Unicode.Scalar
    public var link: Unicode.Scalar
    /// The wall between partition groups.
    public var wall: Unicode.Scalar
    public var crashed: String
    public var paused: String
    public var playing: String
    public var stopped: String
    public var separator: String
    public var arrow: String
    public var ellipsis: String
    /// A message's heading on the diagram: east, north-east, north, north-west,
    /// west, south-west, south, south-east.
    public var arrowHeads: [Unicode.Scalar]

    public static let unicode = Glyphs(box: .rounded, strongBox: .double, brokenBox: .dashed,
                                       request: "●", reply: "○", link: "·", wall: "┆",
                                       crashed: "✖", paused: "‖", playing: "▶", stopped: "‖",
                                       separator: "│", arrow: "→", ellipsis: "…",
                                       arrowHeads: ["→", "↗", "↑", "↖", "←", "↙", "↓", "↘"])
    public static let ascii = Glyphs(box: .ascii, strongBox: .asciiStrong, brokenBox: .asciiDashed,
                                     request: "*", reply: "o", link: ".", wall: "!",
                                     crashed: "X", paused: "=", playing: ">", stopped: "=",
                                     separator: "|", arrow: "->", ellipsis: "~",
                                     arrowHeads: [">", "/", "^", "\\", "<", "/", "v", "\\"])
}

extension Glyphs {
    /// An ASCII stand-in for a character a protocol or the engine wrote (`→`
    /// in event lines, `µs` in durations), one column for one column.
    public static func asciiFallback(_ s: Unicode.Scalar) -> Unicode.Scalar {
        switch s {
        case "→": return ">"
        case "←", "◂": return "<"
        case "▸": return ">"
        case "•": return "*"
        case "↑": return "^"
        case "↓": return "v"
        case "↗", "↙": return "/"
        case "↖", "↘": return "\\"
        case "·": return "."
        case "…": return "~"
        case "×": return "x"
        case "µ": return "u"
        case "–", "—": return "-"
        default: return "?"
        }
    }
}
