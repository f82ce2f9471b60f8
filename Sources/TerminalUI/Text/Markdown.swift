/// A run of text in one style.
struct StyledSpan: Hashable {
    var text: String
    var style: CellStyle
}

/// One screen line of styled text.
typealias StyledLine = [StyledSpan]

/// The Markdown that notes and lab narration use, laid out for a width:
/// headings, paragraphs (wrapped), `-`/`*`/`1.` lists with hanging indents,
/// `>` quotes, fenced code blocks, tables with aligned columns, and inline
/// **bold**, *emphasis* and `code`. Anything else is shown as written.
enum Markdown {
    static let text = CellStyle(.text)
    static let code = CellStyle(.good)

    static func lines(_ markdown: String, width: Int, glyphs: Glyphs = .unicode) -> [StyledLine] {
        guard width > 4 else { return [] }
        var out: [StyledLine] = []
        var paragraph: [String] = []
        var table: [String] = []
        var inCode = false
        func flushParagraph() {
            if !paragraph.isEmpty { out += wrap(inline(paragraph.joined(separator: " "), text), width: width) }
            paragraph = []
        }
        func flushTable() {
            if !table.isEmpty { out += layoutTable(table, width: width, glyphs: glyphs) }
            table = []
        }
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let line = raw.replacingOccurrences(of: "\t", with: "    ")
            let trimmed = line.trimmingCharacters(in: " ")
            if trimmed.hasPrefix("```") {
                flushParagraph(); flushTable()
                inCode.toggle()
                continue
            }
            if inCode {
                out.append([StyledSpan(text: "  " + DisplayWidth.truncate(line, to: width - 2, ellipsis: glyphs.ellipsis), style: code)])
                continue
            }
            if trimmed.hasPrefix("|") { flushParagraph(); table.append(trimmed); continue }
            flushTable()
            if trimmed.isEmpty {
                flushParagraph()
                if out.last.map({ !$0.isEmpty }) == true { out.append([]) }
                continue
            }
            if let level = headingLevel(trimmed) {
                flushParagraph()
                if out.last.map({ !$0.isEmpty }) == true { out.append([]) }
                let title = String(trimmed.dropFirst(level + 1))
                let style = CellStyle(.title, level == 1 ? [.bold, .underline] : [.bold])
                out += wrap(inline(level == 1 ? title.uppercased() : title, style), width: width)
                continue
            }
            if let (marker, rest) = listItem(trimmed) {
                flushParagraph()
                let indent = String(repeating: " ", count: min(8, line.prefix { $0 == " " }.count))
                let lead = indent + marker + " "
                let body = wrap(inline(rest, text), width: width - DisplayWidth.of(lead))
                for (i, l) in body.enumerated() {
                    let prefix = i == 0 ? lead : String(repeating: " ", count: DisplayWidth.of(lead))
                    out.append([StyledSpan(text: prefix, style: CellStyle(.highlight, [.bold]))] + l)
                }
                continue
            }
            if trimmed.hasPrefix(">") {
                flushParagraph()
                let rest = String(trimmed.dropFirst()).trimmingCharacters(in: " ")
                for l in wrap(inline(rest, CellStyle(.dim)), width: width - 2) {
                    out.append([StyledSpan(text: glyphs == .unicode ? "│ " : "| ", style: CellStyle(.dim))] + l)
                }
                continue
            }
            paragraph.append(trimmed)
        }
        flushParagraph(); flushTable()
        while out.last?.isEmpty == true { out.removeLast() }
        return out
    }

    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard hashes >= 1, hashes <= 6, line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    /// `- x`, `* x`, `+ x` → `•`; `1. x` → `1.`.
    static func listItem(_ line: String) -> (String, String)? {
        for m in ["- ", "* ", "+ "] where line.hasPrefix(m) { return ("•", String(line.dropFirst(2))) }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
            return (digits + ".", String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    /// Inline emphasis: `**bold**`, `*em*` or `_em_`, `` `code` ``.
    static func inline(_ s: String, _ base: CellStyle) -> [StyledSpan] {
        var spans: [StyledSpan] = []
        var current = ""
        var bold = false, em = false, inCode = false
        func style() -> CellStyle {
            if inCode { return code }
            var st = base
            if bold { st.attributes.insert(.bold) }
            if em { st.attributes.insert(.underline) }
            return st
        }
        func flush() { if !current.isEmpty { spans.append(StyledSpan(text: current, style: style())); current = "" } }
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "`" { flush(); inCode.toggle(); i += 1; continue }
            if !inCode {
                if c == "*", i + 1 < chars.count, chars[i + 1] == "*" { flush(); bold.toggle(); i += 2; continue }
                let prev = i > 0 ? chars[i - 1] : " ", next = i + 1 < chars.count ? chars[i + 1] : " "
                let opens = !em && !next.isWhitespace && (prev.isWhitespace || prev.isPunctuation)
                let closes = em && !prev.isWhitespace && (next.isWhitespace || next.isPunctuation)
                if (c == "*" || c == "_") && (opens || closes) { flush(); em.toggle(); i += 1; continue }
            }
            current.append(c)
            i += 1
        }
        flush()
        return spans
    }

    /// Greedy word wrap of styled spans; a word longer than the width is cut.
    static func wrap(_ spans: [StyledSpan], width: Int) -> [StyledLine] {
        guard width > 0 else { return [] }
        var lines: [StyledLine] = []
        var line: StyledLine = []
        var used = 0
        var pendingSpace = false
        func append(_ text: String, _ style: CellStyle) {
            if let last = line.last, last.style == style { line[line.count - 1].text += text } else { line.append(StyledSpan(text: text, style: style)) }
        }
        for span in spans {
            var word = ""
            func place() {
                guard !word.isEmpty else { return }
                let w = DisplayWidth.of(word)
                if used > 0 && used + (pendingSpace ? 1 : 0) + w > width { lines.append(line); line = []; used = 0; pendingSpace = false }
                if pendingSpace && used > 0 { append(" ", span.style); used += 1 }
                let fitted = w > width ? DisplayWidth.truncate(word, to: width) : word
                append(fitted, span.style)
                used += DisplayWidth.of(fitted)
                pendingSpace = false
                word = ""
            }
            for c in span.text {
                if c == " " { place(); pendingSpace = true } else { word.append(c) }
            }
            place()
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// `| a | b |` rows as aligned columns; the `|---|` row becomes a rule.
    static func layoutTable(_ rows: [String], width: Int, glyphs: Glyphs) -> [StyledLine] {
        let parsed = rows.map { row -> [String] in
            var cells = row.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: " ") }
            if cells.first == "" { cells.removeFirst() }
            if cells.last == "" { cells.removeLast() }
            return cells.map { String($0) }
        }
        let isRule = { (cells: [String]) in !cells.isEmpty && cells.allSatisfy { !$0.isEmpty && $0.allSatisfy { "-:".contains($0) } } }
        let columns = parsed.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for cells in parsed where !isRule(cells) {
            for (k, c) in cells.enumerated() { widths[k] = max(widths[k], DisplayWidth.of(plain(c))) }
        }
        // Shrink the widest columns until the table fits.
        while widths.reduce(0, +) + 3 * max(0, columns - 1) > width, let k = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[k] > 3 {
            widths[k] -= 1
        }
        let bar = glyphs == .unicode ? " │ " : " | "
        let hasHeader = parsed.count > 1 && isRule(parsed[1])
        var out: [StyledLine] = []
        for (r, cells) in parsed.enumerated() {
            if isRule(cells) {
                let rule = widths.map { String(repeating: glyphs == .unicode ? "─" : "-", count: $0) }
                    .joined(separator: glyphs == .unicode ? "─┼─" : "-+-")
                out.append([StyledSpan(text: rule, style: CellStyle(.dim))])
                continue
            }
            var line: StyledLine = []
            for k in 0..<columns {
                let cell = k < cells.count ? plain(cells[k]) : ""
                let style = hasHeader && r == 0 ? CellStyle(.title, [.bold]) : text
                line.append(StyledSpan(text: DisplayWidth.pad(cell, to: widths[k]), style: style))
                if k < columns - 1 { line.append(StyledSpan(text: bar, style: CellStyle(.dim))) }
            }
            out.append(line)
        }
        return out
    }

    /// A table cell's text without emphasis markers.
    static func plain(_ s: String) -> String { inline(s, text).map(\.text).joined() }

    /// Draws styled lines into a rectangle, from line `from`.
    static func draw(_ lines: [StyledLine], into grid: inout CellGrid, _ rect: Rect, from: Int = 0) {
        for (row, line) in lines.dropFirst(from).prefix(rect.height).enumerated() {
            var x = rect.x
            for span in line { x = grid.draw(span.text, at: Point(x: x, y: rect.y + row), clip: rect, style: span.style) }
        }
    }
}
