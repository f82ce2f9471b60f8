import ClusterSim

/// One client request of a workload: how the history records it (`f`, `key`,
/// `value`) and the body sent to the node (the runner adds `msg_id`).
public struct WorkloadRequest: Sendable, Hashable {
    public var f: String
    /// The register's key, for key-value workloads (lin-kv); nil for the others.
    public var key: String?
    public var value: MessageValue
    public var body: [String: MessageValue]

    public init(f: String, key: String? = nil, value: MessageValue = .null, body: [String: MessageValue]) {
        self.f = f; self.key = key; self.value = value; self.body = body
    }
}

/// One line of a Maelstrom run's history, in Jepsen's shape with any JSON
/// value: `{"process":0,"type":"ok","f":"read","value":[1,2],"node":"n1","final?":true}`
/// (lin-kv's carry `key` too, as `lincheck` reads them). The same fields as
/// ClusterSim's client-history ops, which the workload checkers read.
public struct MaelstromOperation: Sendable, Hashable {
    public var process: Int
    public var type: HistoryOperation.Kind
    public var f: String
    public var key: String?
    public var value: MessageValue
    public var error: MessageValue?
    /// The node the client sent the request to.
    public var node: String
    /// A final read, made after the faults stopped and a quiet period.
    public var isFinal: Bool

    public init(process: Int, type: HistoryOperation.Kind, f: String, key: String? = nil, value: MessageValue,
                error: MessageValue? = nil, node: String, isFinal: Bool = false) {
        self.process = process; self.type = type; self.f = f; self.key = key; self.value = value
        self.error = error; self.node = node; self.isFinal = isFinal
    }

    /// The op as one JSON line, fields in Jepsen's order.
    public var jsonLine: String {
        var out = "{\"process\":\(process),\"type\":\"\(type.rawValue)\",\"f\":" + MessageValue.string(f).encoded
        if let key { out += ",\"key\":" + MessageValue.string(key).encoded }
        out += ",\"value\":" + value.encoded
        if let error { out += ",\"error\":" + error.encoded }
        out += ",\"node\":" + MessageValue.string(node).encoded
        if isFinal { out += ",\"final?\":true" }
        return out + "}"
    }

    /// The op as the register checkers and the trace keep it (values as `HistoryValue(json:)` maps them).
    public var historyOperation: HistoryOperation {
        HistoryOperation(process: process, type: type, f: f, key: key ?? "", value: HistoryValue(json: value),
                         error: error.map(HistoryValue.init(json:)))
    }
}

/// How a reply completes a request.
public enum WorkloadCompletion: Sendable, Hashable {
    /// An `ok` with this value in the history.
    case ok(MessageValue)
    /// A reply of the wrong shape: recorded as `info` (it may have happened) and reported.
    case unexpected(String)
}

/// What a checker may need beyond the history.
public struct CheckContext: Sendable, Hashable {
    /// Messages between nodes during the whole run (broadcast's messages per operation).
    public var networkMessages: Int
    /// `--consistency-models`, for the transactional checkers (empty: their default).
    public var consistencyModels: [String]
    /// When each op of the history happened, microseconds since the run started (broadcast's stable latency).
    public var operationTimes: [Int64]

    public init(networkMessages: Int = 0, consistencyModels: [String] = [], operationTimes: [Int64] = []) {
        self.networkMessages = networkMessages; self.consistencyModels = consistencyModels; self.operationTimes = operationTimes
    }
}

/// What a workload's checker says about a history.
public struct MaelstromVerdict: Sendable, Hashable {
    /// True when no anomaly was found.
    public var valid: Bool
    /// Each anomaly, named and explained, one line each.
    public var anomalies: [String]
    /// Figures the checker measured (`stable-count 12`), in order.
    public var figures: [(name: String, value: String)]

    public init(valid: Bool, anomalies: [String] = [], figures: [(name: String, value: String)] = []) {
        self.valid = valid; self.anomalies = anomalies; self.figures = figures
    }

    public static func == (a: MaelstromVerdict, b: MaelstromVerdict) -> Bool {
        a.valid == b.valid && a.anomalies == b.anomalies && a.figures.map(\.name) == b.figures.map(\.name)
            && a.figures.map(\.value) == b.figures.map(\.value)
    }
    public func hash(into h: inout Hasher) { h.combine(valid); h.combine(anomalies) }
}

/// A Maelstrom workload: the requests clients make, how replies complete
/// them, the final reads after the faults stop, and the checker. The runner
/// owns processes, network, clients and timing; a workload is pure.
public protocol MaelstromWorkload {
    /// `echo`, `lin-kv`, … as `-w` spells it.
    var name: String { get }
    /// Requests sent to nodes once every node answered init, before any client
    /// starts (broadcast's `topology`); each must get a reply.
    func setup(nodes: [String]) -> [(node: String, body: [String: MessageValue])]
    /// The next request a client (with history process `process`) makes.
    mutating func nextRequest(process: Int, random: inout SeededRandom) -> WorkloadRequest
    /// Completes `request` from a reply that is not an `error`.
    func completion(of request: WorkloadRequest, reply: [String: MessageValue]) -> WorkloadCompletion
    /// Sees every completed op (kafka's clients remember where they polled to).
    mutating func observe(_ completed: MaelstromOperation)
    /// Requests made once the faults have stopped and `quietPeriod` passed (final reads), per node.
    func finalRequests(nodes: [String]) -> [(node: String, request: WorkloadRequest)]
    /// Seconds to wait between healing the network and the final requests.
    var quietPeriod: Double { get }
    /// The checker: the whole history, final requests included, and what else the run knows.
    func check(_ history: [MaelstromOperation], context: CheckContext) -> MaelstromVerdict
}

extension MaelstromWorkload {
    public func setup(nodes: [String]) -> [(node: String, body: [String: MessageValue])] { [] }
    public func finalRequests(nodes: [String]) -> [(node: String, request: WorkloadRequest)] { [] }
    public var quietPeriod: Double { 0 }
    public mutating func observe(_ completed: MaelstromOperation) {}
}

extension HistoryValue {
    /// A JSON value as a history records it: integers, strings, null and
    /// lists as they are; booleans as 0/1; doubles as their text; objects as
    /// `[[key, value], …]` sorted by key (histories have no maps).
    public init(json: MessageValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .int(b ? 1 : 0)
        case .int(let i): self = .int(i)
        case .double(let d): self = .string(String(d))
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map(HistoryValue.init(json:)))
        case .object(let o): self = .list(o.keys.sorted().map { .list([.string($0), HistoryValue(json: o[$0]!)]) })
        }
    }
}

extension MessageValue {
    /// A history value as JSON (the inverse of `HistoryValue(json:)` for null, integers, strings and lists).
    public init(history: HistoryValue) {
        switch history {
        case .null: self = .null
        case .int(let i): self = .int(i)
        case .string(let s): self = .string(s)
        case .list(let l): self = .array(l.map(MessageValue.init(history:)))
        }
    }
}
