import ClusterSim

/// The node type the engine runs for `protocol: etcd`: members `n1`…, then
/// (when the scenario has one more server) the storage server, then the
/// clients: lock takers first, then watchers.
public struct EtcdProcess: NodeStateMachine {
    public typealias Message = EtcdMessage
    public typealias TimerTag = EtcdTimer
    public typealias Durable = EtcdDurable
    public typealias Config = EtcdConfig

    public static let protocolName = "etcd"

    public private(set) var member: EtcdMember?
    public private(set) var storage: FencedStorage?
    public private(set) var locker: LockClient?
    public private(set) var watcher: WatchClient?

    public init(id: NodeID, layout: ClusterLayout, config: EtcdConfig, durable: EtcdDurable?) {
        if !layout.isClient(id) {
            if id.index < config.members {
                guard case .member(let d)? = durable else {
                    member = EtcdMember(id: id, layout: layout, config: config, durable: nil); return
                }
                member = EtcdMember(id: id, layout: layout, config: config, durable: d)
            } else {
                guard case .storage(let highest)? = durable else {
                    storage = FencedStorage(id: id, layout: layout, fencing: config.fencing); return
                }
                storage = FencedStorage(id: id, layout: layout, fencing: config.fencing, highest: highest)
            }
            return
        }
        let k = id.index - layout.serverCount
        if k < config.workload.lockers {
            locker = LockClient(id: id, layout: layout, config: config)
        } else if k < config.workload.lockers + config.workload.watchers {
            watcher = WatchClient(id: id, layout: layout, config: config)
        }
    }

    public mutating func start(_ context: inout EtcdContext) {
        member?.start(&context); locker?.start(&context); watcher?.start(&context)
    }

    public mutating func receive(_ message: EtcdMessage, from: NodeID, _ context: inout EtcdContext) {
        member?.receive(message, from: from, &context)
        storage?.receive(message, from: from, &context)
        locker?.receive(message, from: from, &context)
        watcher?.receive(message, from: from, &context)
    }

    public mutating func timerFired(_ tag: EtcdTimer, _ context: inout EtcdContext) {
        member?.timerFired(tag, &context); locker?.timerFired(tag, &context); watcher?.timerFired(tag, &context)
    }

    public mutating func command(_ text: String, _ context: inout EtcdContext) {
        if member != nil { member!.command(text, &context) } else {
            context.log("ignores command '\(text)': only the etcd members take commands; the storage server takes writes and clients run their workload")
        }
    }

    public var summary: NodeSummary {
        member?.summary ?? storage?.summary ?? locker?.summary ?? watcher?.summary ?? NodeSummary(role: "idle")
    }

    public var headline: NodeHeadline {
        member?.headline ?? summary.headline
    }
}

/// What survives a crash: a member's Raft state (the etcd store is rebuilt
/// from the log), or the storage server's highest token — forgetting it on a
/// restart would let a stale holder's write through.
public enum EtcdDurable: Sendable, Hashable {
    case member(RaftDurable)
    case storage(highest: Int)
}
