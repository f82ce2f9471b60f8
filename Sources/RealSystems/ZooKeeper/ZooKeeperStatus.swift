import Foundation
import ClusterSim

/// A server's answer to the `srvr` four-letter word (sent as the first four
/// bytes of a client connection; the server writes its status and closes):
/// `Zxid: 0x100000003`, `Mode: leader|follower|observer|standalone`,
/// `Node count: 5`; a server outside a quorum answers
/// "This ZooKeeper instance is not currently serving requests" instead
/// (https://zookeeper.apache.org/doc/r3.8.0/zookeeperAdmin.html#sc_4lw).
struct ZooKeeperStatus: Equatable {
    /// `leader`, `follower`, `observer`, `standalone`, or `not serving`.
    var mode: String
    /// The last transaction this server has processed: its high 32 bits are
    /// the epoch of the leader that proposed it, the low 32 a counter.
    var zxid: Int64?
    var nodeCount: Int?
    /// The answer's lines, for the inspector.
    var lines: [String]

    static let notServing = "not serving"

    var epoch: Int? { zxid.map { Int($0 >> 32) } }
    var serving: Bool { mode != Self.notServing }

    /// Parses an answer; nil when it is not one (empty, or no Mode line).
    static func parse(_ text: String) -> ZooKeeperStatus? {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        if text.contains("not currently serving requests") {
            return ZooKeeperStatus(mode: notServing, zxid: nil, nodeCount: nil, lines: lines)
        }
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let mode = fields["Mode"], !mode.isEmpty else { return nil }
        let zxid = fields["Zxid"].flatMap { z -> Int64? in
            guard z.hasPrefix("0x") else { return nil }
            return UInt64(z.dropFirst(2), radix: 16).map { Int64(bitPattern: $0) }
        }
        return ZooKeeperStatus(mode: mode, zxid: zxid, nodeCount: fields["Node count"].flatMap { Int($0) }, lines: lines)
    }

    /// The node box and the predicates' view: role = Mode; term = the
    /// server's current epoch (`currentEpoch`, the epoch of the last leader
    /// it followed or led, when the caller could read it), else the epoch of
    /// its last zxid — which lags on a follower until the new leader's first
    /// write reaches it; leader = this node when it leads (`srvr` does not
    /// name a follower's leader: the runner, which polls every node, finds
    /// the leader as the node whose role is `leader`).
    func view(name: String, currentEpoch: Int? = nil) -> RealNodeView {
        let term = currentEpoch ?? epoch
        // The node box shows the first fields only, and the role already says the mode.
        var fields: [NodeSummary.Field] = []
        if let zxid { fields.append(.init("zxid", "0x" + String(UInt64(bitPattern: zxid), radix: 16))) }
        if let nodeCount { fields.append(.init("nodes", String(nodeCount))) }
        if let term { fields.append(.init("epoch", String(term))) }
        fields.append(.init("mode", mode))
        return RealNodeView(role: mode, term: term, leader: mode == "leader" || mode == "standalone" ? name : nil,
                            fields: fields, details: lines)
    }

    /// The epoch a server has taken as current, from `version-2/currentEpoch`
    /// in its data directory (QuorumPeer writes it when it joins a new
    /// leader's epoch); nil if there is none yet.
    static func currentEpoch(dataDir: String) -> Int? {
        guard let text = try? String(contentsOfFile: "\(dataDir)/version-2/currentEpoch", encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
