import ClusterSim

/// A PBFT client (§4.1): sends each request to the primary it believes in
/// and accepts a result once f + 1 replicas reply with the same timestamp
/// and result, so at least one of them is honest. One request at a time;
/// commands typed meanwhile wait their turn.
public struct PBFTClient: Hashable, Sendable {
    /// A result this client accepted.
    public struct Accepted: Hashable, Sendable {
        public var request: PBFTRequest
        public var result: String
        /// The replicas whose matching replies it accepted on.
        public var from: Set<Int>
    }

    public let id: Int
    public let config: PBFTConfig
    public private(set) var timestamp = 0
    public private(set) var current: PBFTRequest?
    /// Replies to `current`, by result: who sent each.
    public private(set) var replies: [String: Set<Int>] = [:]
    public private(set) var accepted: [Accepted] = []
    public private(set) var waiting: [String] = []
    private var workloadLeft: Int
    private let name: String

    public init(id: Int, layout: ClusterLayout, config: PBFTConfig) {
        self.id = id; self.config = config
        workloadLeft = config.opsPerClient
        name = layout.name(NodeID(id))
    }

    /// The primary of view 0 (§4.1: p = v mod |R|); without view changes it never moves.
    var primary: NodeID { NodeID(0) }

    mutating func start(_ context: inout PBFTContext) { sendNext(&context) }

    mutating func submit(_ op: String, _ context: inout PBFTContext) {
        waiting.append(op)
        sendNext(&context)
    }

    private mutating func sendNext(_ context: inout PBFTContext) {
        guard current == nil else { return }
        let op: String
        if !waiting.isEmpty { op = waiting.removeFirst() } else if workloadLeft > 0 {
            workloadLeft -= 1
            op = "\(name).\(config.opsPerClient - workloadLeft)"
        } else { return }
        timestamp += 1
        let r = PBFTRequest(client: id, timestamp: timestamp, op: op)
        current = r
        replies = [:]
        context.send(.request(r), to: primary)
    }

    mutating func receive(_ message: PBFTMessage, from j: NodeID, _ context: inout PBFTContext) {
        guard case let .reply(_, t, result) = message, let r = current, t == r.timestamp,
              !context.layout.isClient(j) else { return }
        replies[result, default: []].insert(j.index)
        guard let from = replies[result], from.count >= config.replyQuorum else { return }
        accepted.append(Accepted(request: r, result: result, from: from))
        context.stateChanged("accepted \(r.op) = \(result)")
        current = nil
        replies = [:]
        sendNext(&context)
    }
}
