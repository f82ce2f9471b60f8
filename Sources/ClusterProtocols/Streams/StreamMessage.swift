import ClusterSim

/// Messages of the checkpointed dataflow.
public enum StreamMessage: ProtocolMessage, Hashable {
    /// Job manager → workers: run these tasks from these states (a fresh
    /// start or a restore from checkpoint `from`); `epoch` fences off
    /// everything sent before.
    case deploy(epoch: Int, from: Int, placement: [StreamTaskID: NodeID], states: [StreamTaskID: StreamTaskState])
    /// Job manager → workers running sources: inject barrier `checkpoint`.
    case trigger(epoch: Int, checkpoint: Int)
    /// Worker → job manager: `task` snapshotted `state` for `checkpoint`.
    case ack(epoch: Int, checkpoint: Int, task: StreamTaskID, state: StreamTaskState)
    /// Job manager → workers: checkpoint `checkpoint` completed (every task acked).
    case complete(epoch: Int, checkpoint: Int)
    /// Task → task on a FIFO channel: sequence numbers restore the order the network may change.
    case data(epoch: Int, from: StreamTaskID, to: StreamTaskID, seq: Int, item: StreamItem)
    /// Sink → output store, in order per epoch.
    case store(epoch: Int, seq: Int, op: StreamStoreOp)
    /// Worker → job manager: alive; `incarnation` changes when it restarts.
    case heartbeat(incarnation: Int)

    public var kind: String {
        switch self {
        case .deploy: "Deploy"
        case .trigger: "Trigger"
        case .ack: "Ack"
        case .complete: "Complete"
        case .data(_, _, _, _, let item):
            switch item { case .barrier: "Barrier"; case .end: "End"; case .record: "Record"; case .result: "Result" }
        case .store(_, _, let op):
            switch op { case .append: "Append"; case .upsert: "Upsert"; case .preCommit: "PreCommit"; case .commit: "Commit" }
        case .heartbeat: "Heartbeat"
        }
    }

    public var isReply: Bool {
        switch self { case .ack, .heartbeat: true; default: false }
    }

    public var description: String {
        switch self {
        case .deploy(let e, let from, let placement, _):
            "Deploy e\(e) from ckpt \(from): " + placement.sorted { $0.key < $1.key }.map { "\($0.key)@n\($0.value.index + 1)" }.joined(separator: " ")
        case .trigger(let e, let n): "Trigger ckpt \(n) e\(e)"
        case .ack(let e, let n, let t, _): "Ack ckpt \(n) \(t) e\(e)"
        case .complete(let e, let n): "Complete ckpt \(n) e\(e)"
        case .data(_, let from, let to, _, let item): "\(from)→\(to) \(item)"
        case .store(_, _, let op): op.description
        case .heartbeat(let i): "Heartbeat #\(i)"
        }
    }
}

/// Timers of the dataflow's nodes.
public enum StreamTimer: String, Sendable, Hashable, CustomStringConvertible {
    case emit, heartbeat, checkpoint, liveness
    public var description: String { rawValue }
}
