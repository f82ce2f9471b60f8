import ClusterSim

/// Everything `clusterlab maelstrom test` takes, with Maelstrom's defaults
/// where it has them.
public struct MaelstromOptions: Sendable {
    /// The node program and its arguments.
    public var executable: String
    public var arguments: [String] = []
    public var nodeCount = 5
    /// Seconds of workload before the faults stop and the final reads start.
    public var timeLimit: Double = 10
    /// Client requests per second, all clients together.
    public var rate: Double = 5
    /// Clients (Jepsen processes) issuing requests; each has one request out at a time.
    public var concurrency: Int? = nil
    public var link = LinkSettings(latency: .constant(0))
    public var nemesis: Set<NemesisKind> = []
    /// Seconds between nemesis moves (start a fault, then end it).
    public var nemesisInterval: Double = 10
    public var topology: Topology = .grid
    public var keyCount: Int? = nil
    public var seed: UInt64 = 1
    /// Echo every node's stderr to the runner's stderr, prefixed with the node.
    public var logStderr = false
    /// A line longer than this from a node's stdout stops the run.
    public var maxLineBytes = 1 << 20
    /// Messages a node may have in the network at once before the run stops it as flooding.
    public var maxInFlightPerNode = 200_000
    /// Bytes waiting to be written to one node's stdin before the run stops it as not reading.
    public var maxUnreadBytes = 64 << 20
    /// Seconds a node has to answer init.
    public var initTimeout: Double = 10
    /// Seconds a client waits for a reply before recording `info`.
    public var requestTimeout: Double = 5
    /// Maelstrom's `--availability total`: every request must succeed (a fail
    /// or info is an anomaly); nil checks safety only.
    public var availabilityTotal = false
    /// Maelstrom's `--consistency-models` for the transactional workloads
    /// (`serializable`, `strict-serializable`, …); nil: the checker's default.
    public var consistencyModels: [String] = []
    /// Where to append `NAME PID` for every node process started (for tests).
    public var pidFile: String? = nil

    public init(executable: String) { self.executable = executable }

    public var clients: Int { concurrency ?? nodeCount }
}

/// Faults the nemesis injects, as `--nemesis partition,kill,pause,cut` spells them.
/// `cut` (not Maelstrom's) cuts links one way: a minority of nodes can no
/// longer send to the others, yet still hears them.
public enum NemesisKind: String, Sendable, CaseIterable, Hashable {
    case partition, kill, pause, cut
}

/// Broadcast's `topology` shapes (Maelstrom's `--topology`).
public enum Topology: String, Sendable, CaseIterable {
    case grid, line, tree2, tree3, tree4, total

    /// Neighbours of every node in `nodes` (`n1`…), as the `topology` message carries them.
    public func neighbours(_ nodes: [String]) -> [String: [String]] {
        let n = nodes.count
        var out: [String: [String]] = [:]
        for (i, name) in nodes.enumerated() {
            var peers: [Int] = []
            switch self {
            case .total: peers = (0..<n).filter { $0 != i }
            case .line: peers = [i - 1, i + 1].filter { $0 >= 0 && $0 < n }
            case .grid:
                let width = max(1, Int(Double(n).squareRoot().rounded(.up)))
                let row = i / width, col = i % width
                if col > 0 { peers.append(i - 1) }
                if col + 1 < width, i + 1 < n { peers.append(i + 1) }
                if row > 0 { peers.append(i - width) }
                if i + width < n { peers.append(i + width) }
            case .tree2, .tree3, .tree4:
                let k = self == .tree2 ? 2 : self == .tree3 ? 3 : 4
                if i > 0 { peers.append((i - 1) / k) }
                for c in 1...k where k * i + c < n { peers.append(k * i + c) }
            }
            out[name] = peers.sorted().map { nodes[$0] }
        }
        return out
    }
}
