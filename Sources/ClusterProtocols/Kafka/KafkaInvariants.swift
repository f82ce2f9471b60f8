import ClusterSim

/// The replicated log's safety properties, checked after every step.
public enum KafkaProperty: String, Sendable, Hashable, CaseIterable {
    /// A leader's high watermark never moves back within its epoch.
    case highWatermarkMonotonic = "high watermark never goes back on a leader"
    /// Every replica's records below its high watermark are the records first
    /// committed at those offsets. (Not checked with unclean leader election,
    /// which may lose committed records by design.)
    case committedPrefix = "committed prefix identical across replicas"
}

/// Remembers each leader's high watermark and every committed record, and
/// compares each replica's committed prefix with them, looking only at
/// offsets it has not checked yet. After time travel backwards it starts again.
public final class KafkaSafetyMonitor {
    struct Key: Hashable { var broker: Int; var partition: Int }
    private var leaderHW: [Key: (epoch: Int, hw: Int)] = [:]
    private var committed: [Int: [KafkaRecordID]] = [:]
    private var checked: [Key: Int] = [:]
    private var lastStep: Int64 = -1
    private var found: (property: KafkaProperty, message: String)?
    let checkCommitted: Bool
    let name: (Int) -> String

    public init(config: KafkaConfig) {
        checkCommitted = !config.uncleanLeaderElection
        name = config.partitionName
    }

    @discardableResult
    public func observe(_ brokers: [KafkaBroker?], step: Int64 = .max) -> (property: KafkaProperty, message: String)? {
        if step < lastStep { leaderHW = [:]; committed = [:]; checked = [:]; found = nil }
        lastStep = step
        if found != nil { return found }
        for case let b? in brokers {
            for (p, r) in b.replicas.enumerated() where r.role != .offline || r.log.endOffset > 0 {
                let key = Key(broker: b.id.index, partition: p)
                if r.role == .leader {
                    if let last = leaderHW[key], last.epoch == r.leaderEpoch, r.highWatermark < last.hw {
                        found = (.highWatermarkMonotonic, "n\(b.id.index + 1), leader of \(name(p)) in epoch \(r.leaderEpoch), "
                                 + "moved its high watermark back from \(last.hw) to \(r.highWatermark)")
                        return found
                    }
                    leaderHW[key] = (r.leaderEpoch, r.highWatermark)
                } else {
                    leaderHW[key] = nil
                }
                guard checkCommitted else { continue }
                var from = min(checked[key] ?? 0, r.highWatermark)
                while from < r.highWatermark {
                    let id = r.log[from].identity
                    let known = committed[p]?.count ?? 0
                    if from < known {
                        let c = committed[p]![from]
                        if c != id {
                            found = (.committedPrefix, "n\(b.id.index + 1) has \(id) at offset \(from) of \(name(p)), below its high watermark "
                                     + "\(r.highWatermark); \(c) was committed there")
                            return found
                        }
                    } else {
                        committed[p, default: []].append(id)
                    }
                    from += 1
                }
                checked[key] = from
            }
        }
        return nil
    }
}

public enum KafkaInvariants {
    @discardableResult
    public static func install(on sim: Simulation<KafkaProcess>, config: KafkaConfig) -> KafkaSafetyMonitor {
        let monitor = KafkaSafetyMonitor(config: config)
        MonitorInvariants.install(on: sim, KafkaProperty.self) { sim in monitor.observe(brokers(of: sim), step: sim.stepCount) }
        return monitor
    }

    /// The brokers' states, nil for a crashed node (and for n1, the controller).
    public static func brokers(of sim: Simulation<KafkaProcess>) -> [KafkaBroker?] {
        (0..<sim.layout.serverCount).map { sim.node(NodeID($0))?.broker }
    }
}
