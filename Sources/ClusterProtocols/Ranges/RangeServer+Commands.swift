import ClusterSim

/// Commands typed at a server: a transaction it coordinates, or a split.
extension RangeServer {
    static let usage = "try txn append k0 7, r k4   or   split k2"

    public mutating func command(_ text: String, _ context: inout RangeContext) {
        let words = text.split(separator: " ", maxSplits: 1).map(String.init)
        switch words.first {
        case "txn" where words.count == 2:
            guard let ops = Self.parseOps(words[1], keys: config.keys) else {
                return context.log("bad transaction '\(words[1])': micro-ops are `append kN VALUE` or `r kN`, comma-separated, keys k0…k\(config.keys - 1)")
            }
            counter += 1
            begin(ops, client: id, request: -counter, &context)
        case "split" where words.count == 2:
            guard let k = Self.key(words[1], keys: config.keys) else { return context.log("no key '\(words[1])': keys are k0…k\(config.keys - 1)") }
            guard let r = replicas.values.first(where: { $0.data.span.contains(k) }) else {
                return context.log("split \(words[1]): this server holds no replica of the range holding it")
            }
            guard r.isLeader else {
                return context.log("split \(words[1]): not the leader of r\(r.id)" + (r.leader.map { "; its leader is n\($0.index + 1)" } ?? "; no leader known"))
            }
            guard k > r.data.span.start else { return context.log("split \(words[1]): r\(r.id) already starts there") }
            withReplica(r.id, &context) { r, c in r.propose(.split(at: k), gateway: nil, request: 0, &c) }
        default:
            context.log("unknown command '\(text)': \(Self.usage)")
        }
    }

    static func key(_ word: String, keys: Int) -> Int? {
        guard word.hasPrefix("k"), let k = Int(word.dropFirst()), k >= 0, k < keys else { return nil }
        return k
    }

    /// `append k0 7, r k4` (also `read k4`).
    public static func parseOps(_ text: String, keys: Int) -> [CrdbMicroOp]? {
        var ops: [CrdbMicroOp] = []
        for part in text.split(separator: ",") {
            let w = part.split(separator: " ").map(String.init)
            switch (w.first, w.count) {
            case ("append", 3):
                guard let k = key(w[1], keys: keys), let v = Int(w[2]) else { return nil }
                ops.append(.append(k, v))
            case ("r", 2), ("read", 2):
                guard let k = key(w[1], keys: keys) else { return nil }
                ops.append(.read(k))
            default: return nil
            }
        }
        return ops.isEmpty ? nil : ops
    }
}
