import ClusterSim
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Holding a run still while a person looks at it (a live view paused):
/// every node process stopped and the run's clock held, so no request times
/// out and no phase ends during the pause. The processes' own clocks go on
/// (a node's timers see the pause as a long stall), which is why a live
/// run is recorded, not replayable.
extension MaelstromRunner {
    /// SIGSTOPs every running node process and holds the run's clock.
    public func freeze() {
        guard !clock.isHeld else { return }
        clock.hold()
        for host in nodes where host.status == .up { host.process?.signal(SIGSTOP) }
    }

    /// SIGCONTs the node processes that are up (not those a person or the nemesis paused) and releases the clock.
    public func thaw() {
        guard clock.isHeld else { return }
        for host in nodes where host.status == .up { host.process?.signal(SIGCONT) }
        clock.release()
    }

    public var isFrozen: Bool { clock.isHeld }

    /// The network as it is now: partition groups and one-way cuts.
    public var wallNetwork: WallNetwork { network }

    /// The process id of each server now (nil while crashed).
    public var pids: [Int32?] { nodes.map { $0.process?.pid } }

    /// The run's phase in words (for a live view's status).
    public var phaseName: String {
        switch phase {
        case .initializing: return "init"
        case .setup: return "setup"
        case .running: return "workload"
        case .healing: return "healing"
        case .quiet: return "quiet period"
        case .finalReads: return "final reads"
        case .done: return "done"
        }
    }
}

extension MaelstromRunner {
    /// When each message in the network is due at its destination, by message id.
    public var deliveryTimes: [Int64: Int64] {
        var out: [Int64: Int64] = [:]
        for (at, item) in agenda.items { if case .deliver(let e) = item { out[e.id] = at } }
        for e in immediate { out[e.id] = now }
        return out
    }
}
