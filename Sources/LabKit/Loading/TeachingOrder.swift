/// The order a student meets the labs in: every lab after its
/// prerequisites, a topic's labs together, topics after the topics their
/// labs build on. Where prerequisites leave the order open, `topicOrder`
/// decides (the tutorial first), then the file path.
public enum TeachingOrder {
    /// Topics in the course's order; a topic not listed comes after these, by name.
    public static let topicOrder = ["examples", "raft", "consensus", "cap", "clocks", "replication", "membership", "sharding", "load-balancing", "coordination", "transactions", "streams", "storage", "fallacies", "real"]

    /// The entries in teaching order.
    public static func sorted(_ entries: [LabLibrary.Entry]) -> [LabLibrary.Entry] {
        let topicOf = Dictionary(entries.map { ($0.id, $0.topic) }, uniquingKeysWith: { a, _ in a })
        var topicNeeds: [String: Set<String>] = [:]
        for e in entries {
            for p in e.prerequisites { if let t = topicOf[p], t != e.topic { topicNeeds[e.topic, default: []].insert(t) } }
        }
        let topics = ordered(Array(Set(entries.map(\.topic))), needs: { topicNeeds[$0] ?? [] }, rank: topicRank)
        return topics.flatMap { topic -> [LabLibrary.Entry] in
            let labs = entries.filter { $0.topic == topic }
            let byID = Dictionary(labs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let ids = ordered(labs.map(\.id), needs: { Set(byID[$0]?.prerequisites ?? []) }, rank: { byID[$0]?.path ?? $0 })
            return ids.compactMap { byID[$0] }
        }
    }

    /// A topic's place: its index in `topicOrder`, unknown ones after, by name.
    static func topicRank(_ topic: String) -> String {
        let i = topicOrder.firstIndex(of: topic) ?? topicOrder.count
        return String(repeating: "0", count: 4 - String(i).count) + String(i) + " " + topic
    }

    /// Kahn's algorithm: repeatedly the lowest-ranked item whose needs (among
    /// `items`) are all placed. A cycle, which the validator reports, is
    /// broken by rank rather than dropping anything.
    static func ordered(_ items: [String], needs: (String) -> Set<String>, rank: (String) -> String) -> [String] {
        let all = Set(items)
        var placed: [String] = [], done = Set<String>()
        var left = items.sorted { rank($0) < rank($1) }
        while !left.isEmpty {
            let i = left.firstIndex { needs($0).intersection(all).isSubset(of: done) } ?? 0
            let next = left.remove(at: i)
            placed.append(next); done.insert(next)
        }
        return placed
    }
}
