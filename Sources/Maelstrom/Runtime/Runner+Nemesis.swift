import ClusterSim
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The nemesis: every `--nemesis-interval` it either starts a fault (a
/// partition, one-way cuts, killing or pausing some nodes) or ends the one in force.
/// Choices come from the run's seed.
extension MaelstromRunner {
    func nemesisMove() {
        guard phase == .running else { return }
        agenda.add(.nemesis, at: now + micros(options.nemesisInterval))
        if faultActive { endFaults(); return }
        let kinds = NemesisKind.allCases.filter(options.nemesis.contains)
        guard !kinds.isEmpty else { return }
        switch kinds[Int(random.below(UInt64(kinds.count)))] {
        case .partition:
            let shape = PartitionShape.allCases[Int(random.below(UInt64(PartitionShape.allCases.count)))]
            let groups = shape.groups(serverNames, &random)
            network.partition(groups)
            recorder.networkEvent(.partition, time: now, text: groups.map { "[" + $0.joined(separator: " ") + "]" }.joined(separator: " ") + " (\(shape.rawValue))",
                                  network: network)
        case .cut:
            let mute = minority().map(\.name)
            let others = serverNames.filter { !mute.contains($0) }
            for a in mute { for b in others { network.cut(from: a, to: b) } }
            recorder.networkEvent(.link, time: now, text: "one-way cut: [" + mute.joined(separator: " ") + "] cannot send to ["
                                  + others.joined(separator: " ") + "], which can still send to them", network: network)
        case .kill:
            for host in minority() { kill(node: host.name) }
        case .pause:
            for host in minority() { pause(node: host.name) }
        }
        stats.nemesisMoves += 1
    }

    var faultActive: Bool { network.isPartitioned || nodes.contains { $0.status != .up } }

    /// One to (n-1)/2 nodes, chosen by the seed.
    func minority() -> [NodeHost] {
        let most = max(1, (nodes.count - 1) / 2)
        let k = 1 + Int(random.below(UInt64(most)))
        var pool = nodes
        var out: [NodeHost] = []
        for _ in 0..<k { out.append(pool.remove(at: Int(random.below(UInt64(pool.count))))) }
        return out.sorted { $0.index < $1.index }
    }

    /// Heals the network, resumes paused nodes and restarts killed ones (fresh processes).
    func endFaults() {
        if network.isPartitioned {
            network.heal()
            recorder.networkEvent(.heal, time: now, text: "network healed", network: network)
        }
        for host in nodes {
            switch host.status {
            case .paused: resume(node: host.name)
            case .crashed: restart(node: host.name)
            case .up: break
            }
        }
    }
}
