import ClusterSim
import Maelstrom

/// The faults a headless real run applies, as Maelstrom's nemesis does: every
/// interval it either starts a fault or ends the one in force. Choices come
/// from the seed; what the cluster then does is the real system's own.
public enum RealNemesisKind: String, Sendable, CaseIterable {
    /// Random halves, or one node cut off from the rest (blackhole routes).
    case partition
    /// SIGKILL a minority; they restart on their data directories when the fault ends.
    case kill
    /// SIGSTOP a minority; SIGCONT when the fault ends.
    case pause
}

struct RealNemesis {
    var kinds: [RealNemesisKind]
    var random: SeededRandom
    private(set) var active = false

    init(kinds: [RealNemesisKind], seed: UInt64) {
        self.kinds = kinds
        random = SeededRandom(seed: seed ^ 0x6E65_6D65_7369_7300)
    }

    /// Starts a fault, or ends the one in force.
    mutating func move(_ runner: RealClusterRunner) throws {
        if active {
            try runner.recoverAll()
            active = false
            return
        }
        guard !kinds.isEmpty else { return }
        let servers = runner.network.servers
        switch kinds[Int(random.below(UInt64(kinds.count)))] {
        case .partition:
            let shape = PartitionShape.allCases[Int(random.below(UInt64(PartitionShape.allCases.count)))]
            try runner.partition(shape.groups(servers, &random), byUser: false)
        case .kill:
            for i in minority(servers.count) { runner.kill(node: i) }
        case .pause:
            for i in minority(servers.count) { runner.pause(node: i) }
        }
        active = true
    }

    /// One to (n-1)/2 servers (at least one), chosen by the seed.
    private mutating func minority(_ n: Int) -> [Int] {
        let most = max(1, (n - 1) / 2)
        var pool = Array(0..<n)
        var out: [Int] = []
        for _ in 0..<(1 + Int(random.below(UInt64(most)))) { out.append(pool.remove(at: Int(random.below(UInt64(pool.count))))) }
        return out.sorted()
    }
}
