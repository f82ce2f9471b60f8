import ClusterSim

/// The run's transactions (every `f: "txn"` op of its client history, up to
/// the event on screen), one line each, with `TxnChecker`'s verdict for
/// serializability in the title. When the checker finds a cycle, the
/// transactions of the smallest one are highlighted and its edges listed
/// (`T1 -rw(y)-> T2 -rw(x)-> T1`), as `clusterlab txncheck` reports it.
enum TransactionsPanel {
    /// `Transactions (3) · not serializable: G2-item`, `Txns (3) · …` when that does not fit.
    static func title(_ run: ClusterRun, width: Int = .max) -> String {
        let v = TxnPanelCache.shared.verdict(for: run)
        guard !v.transactions.isEmpty else { return "Transactions" }
        let full = "Transactions (\(v.transactions.count)) · " + v.headline
        return DisplayWidth.of(full) <= width ? full : "Txns (\(v.transactions.count)) · " + v.headline
    }

    static func draw(into grid: inout CellGrid, _ rect: Rect, _ state: AppState, _ run: ClusterRun) {
        guard rect.height > 0, rect.width > 0 else { return }
        let v = TxnPanelCache.shared.verdict(for: run)
        let ellipsis = state.glyphs.ellipsis
        func put(_ text: String, _ y: Int, _ style: CellStyle) {
            grid.draw(DisplayWidth.truncate(text, to: rect.width, ellipsis: ellipsis), at: Point(x: rect.x, y: y), clip: rect, style: style)
        }
        guard !v.transactions.isEmpty || v.error != nil else {
            let lines = ["no transactions in this run yet",
                         "Clients record them in the run's history as",
                         "Jepsen's txn ops (f \"txn\": reads, appends, writes):",
                         "the transaction protocols' clients do, and",
                         "Maelstrom's txn-list-append and txn-rw-register."]
            for (i, line) in lines.enumerated() where i < rect.height { put(line, rect.y + i, CellStyle(i == 0 ? .text : .dim)) }
            return
        }
        var footer = footerLines(v, width: rect.width)
        // Why each edge of the cycle holds, while the list keeps a few rows.
        let room = rect.height - 1 - footer.count - min(v.transactions.count, 6)
        footer += evidenceLines(v, width: rect.width).prefix(max(0, room))
        let listRows = max(0, rect.height - 1 - footer.count)
        put(" T#  pid outcome micro-ops", rect.y, CellStyle(.dim, [.bold]))
        for (row, id) in shownRows(v, rows: listRows).enumerated() {
            let t = v.transactions[id]
            let marked = v.highlighted.contains(id)
            let style: CellStyle = marked ? CellStyle(.bad, [.bold, .reverse]) : CellStyle(t.outcome == .ok ? .text : .dim)
            put((marked ? "*" : " ") + line(t), rect.y + 1 + row, style)
        }
        for (i, (text, style)) in footer.enumerated() { put(text, rect.maxY - footer.count + i, style) }
    }

    /// `T3  p1  ok      r x [1,2], append y 3` (after a mark column: `*` for the highlighted cycle)
    static func line(_ t: TxnPanelVerdict.Row) -> String {
        DisplayWidth.pad("T\(t.id + 1)", to: 3) + " " + DisplayWidth.pad("p\(t.process)", to: 3) + " "
            + DisplayWidth.pad(t.outcomeWord, to: 7) + " " + t.ops.map { microOpText($0, read: t.outcome == .ok) }.joined(separator: ", ")
    }

    /// A read of a committed transaction that returned null read nothing
    /// (`nil`, as Elle prints it); in one that did not commit the value is unknown (`?`).
    static func microOpText(_ op: MicroOp, read: Bool = false) -> String {
        let key = keyText(op.key)
        switch op.f {
        case .read: return "r \(key) " + (op.value == .null ? (read ? "nil" : "?") : readText(op.value))
        case .append: return "append \(key) \(op.value)"
        case .write: return "w \(key) \(op.value)"
        }
    }

    /// A list read as its last three elements when longer (`[…15,16,17]`):
    /// in list-append the end of a read is what orders it.
    static func readText(_ value: OpValue) -> String {
        guard case .list(let items) = value, items.count > 4 else { return value.description }
        return "[…" + items.suffix(3).map(\.description).joined(separator: ",") + "]"
    }

    /// A key as a person writes it: `x`, not `"x"`.
    static func keyText(_ key: OpValue) -> String {
        if case .string(let s) = key { return s }
        return key.description
    }

    /// The transactions to list: all if they fit; else the highlighted ones and the latest.
    static func shownRows(_ v: TxnPanelVerdict, rows: Int) -> [Int] {
        let n = v.transactions.count
        guard n > rows else { return Array(0..<n) }
        let marked = v.highlighted.sorted().prefix(rows)
        var shown = Set(marked)
        var id = n - 1
        while shown.count < rows, id >= 0 { shown.insert(id); id -= 1 }
        return shown.sorted()
    }

    /// The verdict's explanation under the list: the smallest cycle's edges,
    /// wrapped to the width, then why each edge holds as far as room allows.
    static func footerLines(_ v: TxnPanelVerdict, width: Int) -> [(String, CellStyle)] {
        if let error = v.error { return [("cannot check: " + error, CellStyle(.error))] }
        guard let anomaly = v.shown else {
            let edges = DependencyKind.allCases.compactMap { k in v.dependencies[k].map { "\($0) \(k.rawValue)" } }
            return [("no anomaly found (\(TxnPanelVerdict.model))", CellStyle(.good)),
                    ("dependencies: " + (edges.isEmpty ? "none" : edges.joined(separator: ", ")), CellStyle(.dim))]
        }
        var lines: [(String, CellStyle)] = []
        if anomaly.cycle.isEmpty {
            for part in wrap("\(anomaly.kind.rawValue): \(anomaly.explanation)", width: width) { lines.append((part, CellStyle(.bad))) }
            return Array(lines.prefix(3))
        }
        let chain = "\(anomaly.kind.rawValue) cycle: " + cycleText(anomaly.cycle)
        for part in wrap(chain, width: width) { lines.append((part, CellStyle(.bad, [.bold]))) }
        return lines
    }

    /// The checker's reason for each edge of the cycle shown, wrapped.
    static func evidenceLines(_ v: TxnPanelVerdict, width: Int) -> [(String, CellStyle)] {
        guard let cycle = v.shown?.cycle else { return [] }
        return cycle.flatMap { e in wrap("T\(e.from + 1) -\(e.kind.rawValue)-> T\(e.to + 1): \(e.because)", width: width).map { ($0, CellStyle(.dim)) } }
    }

    /// `T3 -rw(x)-> T5 -ww(y)-> T3`
    static func cycleText(_ cycle: [Dependency]) -> String {
        guard let first = cycle.first else { return "" }
        var text = "T\(first.from + 1)"
        for e in cycle {
            text += " -\(e.kind.rawValue)" + (e.key.map { "(\(keyText($0)))" } ?? "") + "-> T\(e.to + 1)"
        }
        return text
    }

    /// Words to lines of at most `width` columns (a longer word is cut at the width).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if DisplayWidth.of(candidate) <= width || current.isEmpty { current = candidate } else { lines.append(current); current = String(word) }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
