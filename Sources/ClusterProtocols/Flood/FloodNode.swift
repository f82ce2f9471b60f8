import ClusterSim

/// The benchmark workload (BENCHMARKS.md): every delivery makes the receiver
/// send one new message to a uniformly random other server.
public struct FloodNode: NodeStateMachine {
    public static let protocolName = "flood"
    public struct Config: Sendable {
        /// Messages each node starts at time 0.
        public var inFlight: Int
        public init(inFlight: Int = 4) { self.inFlight = inFlight }
    }
    public struct Message: ProtocolMessage, Hashable {
        public var hop: Int32
        public var kind: String { "Flood" }
        public var description: String { "Flood(hop: \(hop))" }
    }
    public enum Timer: Hashable, Sendable, CustomStringConvertible {
        case never
        public var description: String { "never" }
    }

    public let id: NodeID
    let servers: Int
    let inFlight: Int
    public private(set) var received = 0

    public init(id: NodeID, layout: ClusterLayout, config: Config, durable: NoDurableState?) {
        self.id = id; servers = layout.serverCount; inFlight = config.inFlight
    }

    public mutating func start(_ context: inout NodeContext<FloodNode>) {
        for _ in 0..<inFlight { context.send(Message(hop: 0), to: randomPeer(&context)) }
    }

    public mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<FloodNode>) {
        received += 1
        context.send(Message(hop: message.hop &+ 1), to: randomPeer(&context))
    }

    public mutating func timerFired(_ tag: Timer, _ context: inout NodeContext<FloodNode>) {}

    @inline(__always)
    func randomPeer(_ context: inout NodeContext<FloodNode>) -> NodeID {
        let r = context.random(below: servers - 1)
        return NodeID(r >= id.index ? r + 1 : r)
    }

    public var summary: NodeSummary {
        NodeSummary(role: "flood", fields: [.init("received", String(received))])
    }
}
