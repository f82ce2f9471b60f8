import ClusterSim
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Faults a person injects while the run goes (a live view's keys), recorded
/// as user actions like the nemesis's own moves.
extension MaelstromRunner {
    /// Splits the servers into groups (names `n1`…); messages between groups are dropped.
    public func partition(_ groups: [[String]]) {
        network.partition(groups)
        recorder.networkEvent(.partition, time: now, text: groups.map { "[" + $0.joined(separator: " ") + "]" }.joined(separator: " "),
                              network: network, byUser: true)
    }

    /// Cuts one direction of one link.
    public func cut(from: String, to: String) {
        network.cut(from: from, to: to)
        recorder.networkEvent(.link, time: now, text: "\(from)→\(to) cut", network: network, byUser: true)
    }

    /// Ends partitions and cuts.
    public func heal() {
        network.heal()
        recorder.networkEvent(.heal, time: now, text: "network healed", network: network, byUser: true)
    }

    /// Kills a node's process (SIGKILL); `restart` starts a fresh one.
    public func kill(node name: String) {
        guard let i = nodeIndex[name], let p = nodes[i].process else { return }
        let host = nodes[i]
        host.endingOnPurpose = true
        p.killAndReap()
        host.process = nil
        host.status = .crashed
        host.awaitingInit = nil
        host.outbox = []; host.outboxStart = 0
        recorder.nodeEvent(.crash, time: now, node: i, text: "killed (SIGKILL)")
    }

    public func restart(node name: String) {
        guard let i = nodeIndex[name], nodes[i].status == .crashed else { return }
        do {
            try startProcess(nodes[i])
            if clock.isHeld { nodes[i].process?.signal(SIGSTOP) }  // frozen runs stay frozen; thaw continues it
            recorder.nodeEvent(.restart, time: now, node: i, text: "restarted: a fresh process, pid \(nodes[i].process!.pid)")
        } catch {
            fail(node: name, problem: "could not be restarted: \(error)")
        }
    }

    /// Pauses (SIGSTOP) or resumes (SIGCONT) a node's process.
    public func pause(node name: String) {
        guard let i = nodeIndex[name], nodes[i].status == .up else { return }
        nodes[i].process?.signal(SIGSTOP)
        nodes[i].status = .paused
        recorder.nodeEvent(.pause, time: now, node: i, text: "paused (SIGSTOP)")
    }

    public func resume(node name: String) {
        guard let i = nodeIndex[name], nodes[i].status == .paused else { return }
        if !clock.isHeld { nodes[i].process?.signal(SIGCONT) }  // a frozen run's thaw continues it
        nodes[i].status = .up
        recorder.nodeEvent(.resume, time: now, node: i, text: "resumed (SIGCONT)")
    }
}

extension MaelstromRunner {
    /// Drops one message in flight (the live view's `d`); false if it is not in flight.
    @discardableResult
    public func drop(message id: Int64) -> Bool {
        guard id >= 0, id < recorder.messages.count, recorder.messages[Int(id)].endedAt == nil,
              !droppedByHand.contains(id), deliveryTimes[id] != nil else { return false }
        droppedByHand.insert(id)
        recorder.drop(time: now, message: id, reason: .user)
        return true
    }

    /// Records that a person asked for something a run of processes cannot do (drop one message, change a link's latency).
    public func refuse(_ what: String) {
        recorder.clusterEvent(.log, time: now, text: "not done: \(what) (a run of processes takes crash, pause, partition, cut and heal)", byUser: true)
    }
}
