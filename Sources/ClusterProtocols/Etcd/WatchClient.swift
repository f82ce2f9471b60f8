import ClusterSim

/// A client watching every key from a revision, as etcd's watch API promises:
/// every event after the revision, in order, each exactly once, even when
/// the member it watches through fails and it resumes at another member
/// from the last revision it received.
public struct WatchClient: Sendable {
    public let id: NodeID
    let config: EtcdConfig
    let layout: ClusterLayout
    /// Every event received, in the order received (the watch checker reads it).
    public private(set) var received: [EtcdEvent] = []
    /// The revision the watch started after.
    public var from: Int { config.workload.watchFrom }
    var target: NodeID
    var nextRequest = 1
    var pollID: Int?
    public private(set) var resumes = 0

    init(id: NodeID, layout: ClusterLayout, config: EtcdConfig) {
        self.id = id; self.layout = layout; self.config = config
        target = NodeID((id.index - layout.serverCount) % config.members)
    }

    var after: Int { received.last?.revision ?? config.workload.watchFrom }

    public mutating func start(_ context: inout EtcdContext) { poll(&context) }

    mutating func poll(_ context: inout EtcdContext) {
        pollID = nextRequest; nextRequest += 1
        let resumeAt = config.mutations.contains(.resumeWatchFromStart) && resumes > 0 ? from : after
        context.send(.request(id: pollID!, call: .watch(key: "", prefix: true, after: resumeAt)), to: target)
        context.setTimer(.watchTimeout, after: config.virtualDelay(config.workload.watchTimeout, at: id))
    }

    public mutating func receive(_ message: EtcdMessage, from: NodeID, _ context: inout EtcdContext) {
        // Only the answer to the poll in progress counts: a late answer to an
        // abandoned poll would repeat events.
        guard case .reply(let rid, .events(let events, _)) = message, rid == pollID else { return }
        received.append(contentsOf: events)
        poll(&context)
    }

    public mutating func timerFired(_ tag: EtcdTimer, _ context: inout EtcdContext) {
        guard tag == .watchTimeout else { return }
        target = NodeID((target.index + 1) % config.members)
        resumes += 1
        poll(&context)
    }

    public var summary: NodeSummary {
        NodeSummary(role: "watcher", tone: .neutral, fields: [
            .init("seen", String(received.count)), .init("last_rev", String(after)), .init("via", layout.name(target)),
        ], details: ["\(layout.name(id)) watches every key after revision \(from) through \(layout.name(target))"]
            + received.suffix(12).map { "  " + $0.description })
    }
}
