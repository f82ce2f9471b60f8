import ClusterSim

/// The request generators of the workloads whose checkers live in
/// ClusterSim/Checkers (unique-ids, broadcast, g-set, g-counter, pn-counter).
/// Each takes its checker as a function of the history, so the checker stays
/// pure and shared; `WorkloadCatalog.checker(for:)` supplies it.
public typealias MaelstromChecker = @Sendable ([MaelstromOperation], CheckContext) -> MaelstromVerdict

/// `unique-ids`: `generate` → `generate_ok {id}`; every id must be distinct.
public struct UniqueIDsWorkload: MaelstromWorkload {
    public let name = "unique-ids"
    let checker: MaelstromChecker
    public init(checker: @escaping MaelstromChecker) { self.checker = checker }
    public mutating func nextRequest(process: Int, random: inout SeededRandom) -> WorkloadRequest {
        WorkloadRequest(f: "generate", body: ["type": "generate"])
    }
    public func completion(of request: WorkloadRequest, reply: [String: MessageValue]) -> WorkloadCompletion {
        guard reply["type"]?.string == "generate_ok", let id = reply["id"] else { return .unexpected("expected generate_ok with an id") }
        return .ok(id)
    }
    public func check(_ history: [MaelstromOperation], context: CheckContext) -> MaelstromVerdict { checker(history, context) }
}

/// `broadcast`: a `topology` message to every node first; then `broadcast
/// {message}` of distinct integers and `read` → `read_ok {messages}`; after
/// the quiet period, a final read on every node.
public struct BroadcastWorkload: MaelstromWorkload {
    public let name = "broadcast"
    public let topology: Topology
    public let quietPeriod: Double
    let checker: MaelstromChecker
    private var next: Int64 = 0

    public init(topology: Topology, quietPeriod: Double = 2, checker: @escaping MaelstromChecker) {
        self.topology = topology; self.quietPeriod = quietPeriod; self.checker = checker
    }

    public func setup(nodes: [String]) -> [(node: String, body: [String: MessageValue])] {
        let shape = topology.neighbours(nodes).mapValues { MessageValue.array($0.map(MessageValue.string)) }
        return nodes.map { ($0, ["type": "topology", "topology": .object(shape)]) }
    }

    public mutating func nextRequest(process: Int, random: inout SeededRandom) -> WorkloadRequest {
        if random.below(2) == 0 { return WorkloadRequest(f: "read", body: ["type": "read"]) }
        next += 1
        return WorkloadRequest(f: "broadcast", value: .int(next), body: ["type": "broadcast", "message": .int(next)])
    }

    public func completion(of request: WorkloadRequest, reply: [String: MessageValue]) -> WorkloadCompletion {
        switch (request.f, reply["type"]?.string) {
        case ("broadcast", "broadcast_ok"): return .ok(request.value)
        case ("read", "read_ok"):
            guard let m = reply["messages"], m.array != nil else { return .unexpected("read_ok without a messages list") }
            return .ok(m)
        default: return .unexpected("expected \(request.f)_ok, got \(reply["type"]?.encoded ?? "no type")")
        }
    }

    public func finalRequests(nodes: [String]) -> [(node: String, request: WorkloadRequest)] {
        nodes.map { ($0, WorkloadRequest(f: "read", body: ["type": "read"])) }
    }

    /// The shared checker's verdict, with the stable latency the runner's clock lets it add.
    public func check(_ history: [MaelstromOperation], context: CheckContext) -> MaelstromVerdict {
        var verdict = checker(history, context)
        if let summary = StableLatency.summary(StableLatency.latencies(history, times: context.operationTimes)) {
            verdict.figures.append((name: "stable-latency", value: summary))
        }
        return verdict
    }
}

/// `g-set`, `g-counter` and `pn-counter`: `add` (an element, or a delta) and
/// `read` → `read_ok {value}`, with a final read on every node.
public struct AddReadWorkload: MaelstromWorkload {
    public enum Kind: String, Sendable { case gSet = "g-set", gCounter = "g-counter", pnCounter = "pn-counter" }
    public let kind: Kind
    public let quietPeriod: Double
    let checker: MaelstromChecker
    private var next: Int64 = 0

    public init(_ kind: Kind, quietPeriod: Double = 2, checker: @escaping MaelstromChecker) {
        self.kind = kind; self.quietPeriod = quietPeriod; self.checker = checker
    }

    public var name: String { kind.rawValue }

    public mutating func nextRequest(process: Int, random: inout SeededRandom) -> WorkloadRequest {
        if random.below(2) == 0 { return WorkloadRequest(f: "read", body: ["type": "read"]) }
        switch kind {
        case .gSet:
            next += 1
            return WorkloadRequest(f: "add", value: .int(next), body: ["type": "add", "element": .int(next)])
        case .gCounter, .pnCounter:
            let delta = kind == .gCounter ? random.int(in: 0...4) : random.int(in: -4...4)
            return WorkloadRequest(f: "add", value: .int(delta), body: ["type": "add", "delta": .int(delta)])
        }
    }

    public func completion(of request: WorkloadRequest, reply: [String: MessageValue]) -> WorkloadCompletion {
        switch (request.f, reply["type"]?.string) {
        case ("add", "add_ok"): return .ok(request.value)
        case ("read", "read_ok"):
            guard let v = reply["value"] else { return .unexpected("read_ok without a value") }
            return .ok(v)
        default: return .unexpected("expected \(request.f)_ok, got \(reply["type"]?.encoded ?? "no type")")
        }
    }

    public func finalRequests(nodes: [String]) -> [(node: String, request: WorkloadRequest)] {
        nodes.map { ($0, WorkloadRequest(f: "read", body: ["type": "read"])) }
    }

    public func check(_ history: [MaelstromOperation], context: CheckContext) -> MaelstromVerdict { checker(history, context) }
}
