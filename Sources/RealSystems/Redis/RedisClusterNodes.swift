import Foundation
import ClusterProtocols

/// One line of `CLUSTER NODES` (https://redis.io/commands/cluster-nodes/):
/// `<id> <ip:port@cport[,hostname]> <flags> <master> <ping-sent> <pong-recv>
/// <config-epoch> <link-state> <slot> <slot> …`.
public struct RedisNodeLine: Sendable, Hashable {
    public var id: String
    /// The announced IP (empty while a node has not learned its own).
    public var ip: String
    /// As printed (`myself,master`).
    public var flagList: [String]
    public var flags: Set<String> { Set(flagList) }
    /// The master's id, for a replica.
    public var masterID: String?
    public var configEpoch: Int
    public var linkState: String
    /// Served slots; `[slot->-id]` / `[slot-<-id]` migration entries are left out.
    public var slots: SlotRanges

    public var isMyself: Bool { flags.contains("myself") }
    public var isMaster: Bool { flags.contains("master") }
    /// What failure detector flag this line carries: `fail`, `pfail` (printed `fail?`) or nil.
    public var failure: String? { flags.contains("fail") ? "fail" : flags.contains("fail?") ? "pfail" : nil }

    /// Parses one line; nil for a line that is not one.
    public init?(_ line: String) {
        let parts = line.split(separator: " ").map(String.init)
        guard parts.count >= 8, let epoch = Int(parts[6]) else { return nil }
        id = parts[0]
        let endpoint = parts[1].split(separator: "@", maxSplits: 1).first.map(String.init) ?? ""
        ip = endpoint.lastIndex(of: ":").map { String(endpoint[..<$0]) } ?? endpoint
        flagList = parts[2].split(separator: ",").map(String.init)
        masterID = parts[3] == "-" ? nil : parts[3]
        configEpoch = epoch
        linkState = parts[7]
        var served: [ClosedRange<Int>] = []
        for s in parts.dropFirst(8) where !s.hasPrefix("[") {
            let ends = s.split(separator: "-").compactMap { Int($0) }
            if ends.count == 2, ends[0] <= ends[1] { served.append(ends[0]...ends[1]) } else if ends.count == 1 { served.append(ends[0]...ends[0]) }
        }
        var merged: [ClosedRange<Int>] = []
        for r in served.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, r.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else { merged.append(r) }
        }
        slots = SlotRanges(merged)
    }

    /// Parses a whole `CLUSTER NODES` reply.
    public static func parse(_ text: String) -> [RedisNodeLine] {
        text.split(whereSeparator: \.isNewline).compactMap { RedisNodeLine(String($0)) }
    }
}

/// `CLUSTER INFO` (https://redis.io/commands/cluster-info/): `field:value` lines.
public struct RedisClusterInfo: Sendable, Hashable {
    public var fields: [String: String]
    public init(_ text: String) {
        var f: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let kv = line.split(separator: ":", maxSplits: 1)
            if kv.count == 2 { f[String(kv[0])] = kv[1].trimmingCharacters(in: .whitespaces) }
        }
        fields = f
    }
    /// `ok` or `fail`.
    public var state: String { fields["cluster_state"] ?? "?" }
    public var currentEpoch: Int? { fields["cluster_current_epoch"].flatMap { Int($0) } }
    public var slotsAssigned: Int { fields["cluster_slots_assigned"].flatMap { Int($0) } ?? 0 }
    public var knownNodes: Int { fields["cluster_known_nodes"].flatMap { Int($0) } ?? 0 }
}
