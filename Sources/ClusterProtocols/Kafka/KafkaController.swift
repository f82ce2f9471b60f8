import ClusterSim

/// The controller (n1): keeps every partition's leader, leader epoch and
/// ISR, fences brokers it has not heard from for a session timeout, elects
/// new leaders from the ISR (or, with unclean election, from any live
/// replica), and pushes each new metadata version to the brokers.
///
/// Real Kafka replicates this metadata with a Raft quorum of controllers
/// (KRaft); here one controller keeps it durable, so a controller crash
/// only pauses leader changes until it restarts.
public struct KafkaController: Sendable {
    public let config: KafkaConfig
    public let brokers: [Int]
    public private(set) var version: Int
    public private(set) var partitions: [KafkaPartitionState]
    /// Brokers the controller considers alive (unfenced).
    public private(set) var alive: Set<Int>
    /// Virtual time as counted by this controller's ticks (handlers never read a clock).
    var elapsed: Int64 = 0
    var lastHeard: [Int: Int64] = [:]

    public init(config: KafkaConfig, layout: ClusterLayout, durable: KafkaDurable?) {
        self.config = config
        brokers = Array(1..<layout.serverCount)
        if case .controller(let v, let ps)? = durable {
            version = v; partitions = ps
        } else {
            version = 1
            partitions = (0..<config.partitionCount).map { p in
                let r = config.replicas(of: p, brokers: layout.serverCount - 1)
                return KafkaPartitionState(replicas: r, leader: r.first, leaderEpoch: 0, isr: r)
            }
        }
        alive = Set(brokers)
    }

    public mutating func start(_ context: inout KafkaContext) {
        context.persist(.controller(version: version, partitions: partitions))
        context.setTimer(.controllerTick, after: config.heartbeat)
        broadcast(&context)
    }

    public mutating func receive(_ message: KafkaMessage, from: NodeID, _ context: inout KafkaContext) {
        switch message {
        case .brokerHeartbeat(let v):
            lastHeard[from.index] = elapsed
            if !alive.contains(from.index) {
                alive.insert(from.index)
                context.log("unfences n\(from.index + 1)")
                rejoin(from.index, &context)
            } else if v < version {
                context.send(.metadata(version: version, partitions: partitions), to: from)
            }
        case .alterISR(let p, let epoch, let isr):
            guard p < partitions.count, partitions[p].leader == from.index, partitions[p].leaderEpoch == epoch else { return }
            guard isr != partitions[p].isr, isr.contains(from.index) else { return }
            partitions[p].isr = isr
            context.log("\(config.partitionName(p)) ISR \(names(isr))")
            changed(&context)
        default:
            break
        }
    }

    public mutating func timerFired(_ tag: KafkaTimer, _ context: inout KafkaContext) {
        guard tag == .controllerTick else { return }
        elapsed += config.heartbeat
        context.setTimer(.controllerTick, after: config.heartbeat)
        for b in brokers where alive.contains(b) && elapsed - (lastHeard[b] ?? 0) > config.sessionTimeout {
            fence(b, &context)
        }
    }

    /// A broker stopped heartbeating: out of every ISR it can leave, and
    /// its partitions get new leaders.
    mutating func fence(_ b: Int, _ context: inout KafkaContext) {
        alive.remove(b)
        context.log("fences n\(b + 1) (no heartbeat for \(DurationText.format(config.sessionTimeout)))")
        for p in partitions.indices where partitions[p].replicas.contains(b) {
            var s = partitions[p]
            if s.isr.count > 1 { s.isr.removeAll { $0 == b } }
            if s.leader == b { elect(p, &s, &context) }
            partitions[p] = s
        }
        changed(&context)
    }

    /// Chooses a leader among live ISR members; with unclean election and no
    /// live ISR member, among any live replica (which becomes the whole ISR).
    mutating func elect(_ p: Int, _ s: inout KafkaPartitionState, _ context: inout KafkaContext) {
        let candidates = s.replicas.filter { alive.contains($0) }
        if let l = candidates.first(where: { s.isr.contains($0) }) {
            s.leader = l
        } else if config.uncleanLeaderElection, let l = candidates.first {
            s.leader = l; s.isr = [l]
            context.log("\(config.partitionName(p)): unclean election of n\(l + 1), not in the ISR")
        } else {
            s.leader = nil
            context.log("\(config.partitionName(p)) offline: no live replica in the ISR \(names(s.isr))")
            return
        }
        s.leaderEpoch += 1
        context.stateChanged("\(config.partitionName(p)) leader n\(s.leader! + 1) e\(s.leaderEpoch)")
    }

    /// A fenced broker is back: offline partitions it can lead get it as leader.
    mutating func rejoin(_ b: Int, _ context: inout KafkaContext) {
        for p in partitions.indices where partitions[p].leader == nil && partitions[p].replicas.contains(b) {
            var s = partitions[p]
            elect(p, &s, &context)
            partitions[p] = s
        }
        changed(&context)
    }

    mutating func changed(_ context: inout KafkaContext) {
        version += 1
        context.persist(.controller(version: version, partitions: partitions))
        broadcast(&context)
    }

    func broadcast(_ context: inout KafkaContext) {
        for b in brokers { context.send(.metadata(version: version, partitions: partitions), to: NodeID(b)) }
    }

    func names(_ ids: [Int]) -> String { "{" + ids.map { "n\($0 + 1)" }.joined(separator: ",") + "}" }

    public var summary: NodeSummary {
        let offline = partitions.filter { $0.leader == nil }.count
        var fields: [NodeSummary.Field] = [.init("metadata", "v\(version)"), .init("alive", "\(alive.count)/\(brokers.count)")]
        if offline > 0 { fields.append(.init("offline", String(offline))) }
        var details = ["controller: metadata version \(version), brokers alive " + names(alive.sorted())]
        for (p, s) in partitions.enumerated() {
            details.append("\(config.partitionName(p)): leader \(s.leader.map { "n\($0 + 1)" } ?? "none") e\(s.leaderEpoch) ISR \(names(s.isr)) replicas \(names(s.replicas))")
        }
        return NodeSummary(role: "controller", tone: .neutral, epoch: version, fields: fields, details: details)
    }
}
