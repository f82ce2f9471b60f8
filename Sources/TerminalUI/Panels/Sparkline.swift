/// Tiny charts in text: a sparkline of recent values and a horizontal bar.
enum Sparkline {
    static let blocks: [Unicode.Scalar] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiLevels: [Unicode.Scalar] = ["_", ".", "-", "~", "=", "+", "*", "#"]

    /// The last `width` values, each a level scaled to the largest shown
    /// (an all-zero history is a flat floor).
    static func text(_ values: [Double], width: Int, ascii: Bool) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width)
        let levels = ascii ? asciiLevels : blocks
        let top = shown.max() ?? 0
        var out = String.UnicodeScalarView()
        for v in shown {
            let f = top > 0 ? max(0, v) / top : 0
            out.append(levels[min(levels.count - 1, Int((f * Double(levels.count - 1)).rounded()))])
        }
        return String(out)
    }

    /// A bar `width` cells long filled in proportion to `value / scale` (capped at full).
    static func bar(_ value: Double, scale: Double, width: Int, ascii: Bool) -> String {
        guard width > 0 else { return "" }
        let f = scale > 0 ? min(1, max(0, value / scale)) : 0
        let filled = Int((f * Double(width)).rounded())
        return String(repeating: ascii ? "#" : "█", count: filled) + String(repeating: ascii ? "." : "░", count: width - filled)
    }
}
