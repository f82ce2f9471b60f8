import ClusterSim

/// One line under the cluster diagram for protocols with terms (Raft): who
/// leads, in which term, and each server's commit index, e.g.
/// `leader n4 · term 3 · commit n1 7 n2 7 n3 ✖ n4 7 n5 6`. A leader whose
/// term is below the highest term any server knows is stale: it still
/// believes it leads, but a newer leader may exist. The line says so and
/// its box is marked.
enum ClusterSummaryLine {
    struct Server {
        var node: NodeID
        var summary: NodeSummary?
        var term: Int?
        var commit: String?
        var leads: Bool
    }

    /// What the epoch is called in this summary: `term` when the protocol
    /// names its epoch so (a field `term` holding it), else `epoch`.
    static func epochName(_ s: NodeSummary) -> String {
        guard let e = s.epoch else { return "epoch" }
        if s.fields.contains(where: { $0.name == "ballot" }) { return "ballot round" }
        return s.fields.contains { $0.name == "term" && $0.value == String(e) } ? "term" : "epoch"
    }

    /// The servers, when the protocol has terms; nil otherwise.
    static func servers(_ run: ClusterRun) -> [Server]? {
        let all = run.layout.servers.map { n -> Server in
            let s = run.status(of: n) == .crashed ? nil : run.summary(of: n)
            let isTerm = s.map { epochName($0) == "term" } ?? false
            return Server(node: n, summary: s, term: isTerm ? s?.epoch : nil,
                          commit: s?.fields.first { $0.name == "commit" }?.value ?? s?.committedCount.map(String.init),
                          leads: s?.tone == .leader)
        }
        return all.contains { $0.term != nil } ? all : nil
    }

    /// The highest term any running server knows.
    static func highestTerm(_ servers: [Server]) -> Int { servers.compactMap(\.term).max() ?? 0 }

    /// Leaders whose term is below the highest known.
    static func staleLeaders(_ run: ClusterRun) -> Set<NodeID> {
        guard let servers = servers(run) else { return [] }
        let top = highestTerm(servers)
        return Set(servers.filter { $0.leads && ($0.term ?? top) < top }.map(\.node))
    }

    /// The line's pieces and their styles, the commit indexes named by
    /// server if `width` has room, else in server order.
    static func spans(_ run: ClusterRun, _ glyphs: Glyphs, width: Int = .max) -> [StyledSpan]? {
        guard let servers = servers(run) else { return nil }
        let top = highestTerm(servers)
        let name = { (n: NodeID) in run.layout.name(n) }
        var spans: [StyledSpan] = []
        let leaders = servers.filter(\.leads)
        let current = leaders.filter { $0.term == top }
        if current.isEmpty {
            spans.append(StyledSpan(text: "no leader in term \(top)", style: CellStyle(.candidate, [.bold])))
        } else {
            spans.append(StyledSpan(text: "leader " + current.map { name($0.node) }.joined(separator: ","),
                                    style: CellStyle(.leader, [.bold])))
            spans.append(StyledSpan(text: " · term \(top)", style: CellStyle(.text)))
        }
        for stale in leaders where (stale.term ?? top) < top {
            spans.append(StyledSpan(text: " · \(name(stale.node)) STALE leader, term \(stale.term ?? 0)", style: CellStyle(.bad, [.bold])))
        }
        let value = { (s: Server) in s.summary == nil ? glyphs.crashed : (s.commit ?? "?") }
        var named = [StyledSpan(text: " · commit", style: CellStyle(.dim))]
        for s in servers {
            named.append(StyledSpan(text: " \(name(s.node)) ", style: CellStyle(.dim)))
            named.append(StyledSpan(text: value(s), style: CellStyle(.text, [.bold])))
        }
        let used = spans.map { DisplayWidth.of($0.text) }.reduce(0, +)
        if used + named.map({ DisplayWidth.of($0.text) }).reduce(0, +) <= width { return spans + named }
        let range = servers.count > 1 ? " (\(name(servers[0].node))–\(name(servers[servers.count - 1].node)))" : ""
        let compact = [StyledSpan(text: " · commit ", style: CellStyle(.dim)),
                       StyledSpan(text: servers.map(value).joined(separator: " "), style: CellStyle(.text, [.bold]))]
        let compactWidth = used + compact.map { DisplayWidth.of($0.text) }.reduce(0, +)
        if compactWidth > width { return spans }  // who leads matters more than the commit indexes
        return spans + compact + (compactWidth + DisplayWidth.of(range) <= width ? [StyledSpan(text: range, style: CellStyle(.dim))] : [])
    }

    /// Draws the line (cut with an ellipsis if the panel is narrow).
    static func draw(into grid: inout CellGrid, _ rect: Rect, _ spans: [StyledSpan], _ glyphs: Glyphs) {
        var x = rect.x
        for span in spans {
            let room = rect.maxX - x
            guard room > 0 else { break }
            let text = DisplayWidth.of(span.text) > room ? DisplayWidth.truncate(span.text, to: room, ellipsis: glyphs.ellipsis) : span.text
            x = grid.draw(text, at: Point(x: x, y: rect.y), clip: rect, style: span.style)
        }
    }

    /// Marks a stale leader's box on its bottom border.
    static func markStale(into grid: inout CellGrid, _ box: Rect, _ clip: Rect) {
        let label = box.width >= 9 ? " STALE " : "STALE"
        let x = box.x + max(1, (box.width - DisplayWidth.of(label)) / 2)
        grid.draw(label, at: Point(x: x, y: box.maxY - 1), clip: clip, style: CellStyle(.bad, [.bold, .reverse]))
    }
}
