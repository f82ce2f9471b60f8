import ClusterProtocols

/// The placement figures in words: the screen's lines and the whole of
/// `clusterlab placement --print`, so both say the same thing.
public enum PlacementText {
    /// `1.07`: two decimals, no locale.
    static func number(_ x: Double, decimals: Int = 2) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (x * scale).rounded() / scale
        var s = String(r)
        if let dot = s.firstIndex(of: ".") {
            let have = s.distance(from: dot, to: s.endIndex) - 1
            if have < decimals { s += String(repeating: "0", count: decimals - have) }
        }
        return s
    }

    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "0%" : number(100 * Double(part) / Double(whole), decimals: 1) + "%"
    }

    /// `moved 925 of 10000 keys (9.3%), ideal 909 · 1.02× ideal`
    static func movement(_ m: KeyMovement) -> String {
        "moved \(m.moved) of \(m.keys) keys (\(percent(m.moved, of: m.keys))), ideal \(Int(m.ideal.rounded())) · \(number(m.movedOverIdeal))× ideal"
    }

    /// The setting line: scheme, nodes, keys, vnodes, workload, seed.
    public static func setting(_ p: PlacementState) -> String {
        var s = "\(p.scheme.rawValue) · \(p.nodes.count) nodes · \(p.keys) keys"
        if p.scheme == .ring { s += " · \(p.ringVirtualNodes) vnodes" }
        if p.zipfOn { s += " · zipf s=\(number(p.zipf)) seed \(p.seed)" }
        return s
    }

    static func loadLine(_ name: String, _ l: LoadSummary) -> String {
        "\(name): max \(l.max) · mean \(number(l.mean, decimals: 1)) · max/mean \(number(l.maxOverMean))"
    }

    /// The next join and leave, as predictions.
    static func predictions(_ p: PlacementState) -> [String] {
        let n = p.nodes.count
        var lines = ["join \(p.nextName) (ideal K/(N+1) = K/\(n + 1)): " + movement(p.report.join)]
        if let leave = p.report.leave, let last = p.nodes.last {
            lines.append("leave \(last) (ideal K/N = K/\(n)): " + movement(leave))
        } else {
            lines.append("leave: one node left, none can leave")
        }
        return lines
    }

    static func hotKey(_ h: PlacementReport.HotKey) -> String {
        "\(h.key) \(number(100 * h.share, decimals: 1))% on \(h.node)"
    }

    /// Everything, as plain lines (`--print`).
    public static func report(_ p: PlacementState) -> [String] {
        let r = p.report
        var lines = ["placement \(setting(p))", "scheme: \(p.scheme.summary)", loadLine("keys per node", r.keyLoad)]
        for (name, count) in zip(r.nodes, r.keyLoad.perNode) { lines.append("  \(name) \(count)") }
        lines += predictions(p)
        if let last = p.lastChange { lines.append("last change: \(last.what): " + movement(last.movement)) }
        if let requests = r.requestLoad {
            lines.append(loadLine("requests per node", requests))
            for (name, count) in zip(r.nodes, requests.perNode) { lines.append("  \(name) \(count)") }
            lines.append("hot keys: " + r.hotKeys.map(hotKey).joined(separator: ", "))
        }
        return lines
    }
}
