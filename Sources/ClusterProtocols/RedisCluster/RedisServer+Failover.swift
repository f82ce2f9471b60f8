import ClusterSim

/// Replica promotion (Redis Cluster specification, "Replica election and
/// promotion"): a replica of a failing master bumps currentEpoch and asks
/// every master for a vote; a master votes at most once per epoch, only for
/// a replica whose master it also sees failing. With votes from a majority
/// of the masters the replica takes its master's slots at configEpoch =
/// the election's epoch, which beats the old claim everywhere.
extension RedisServer {
    /// The masters that serve slots, as this node sees them (the electorate).
    var electorate: [NodeID] { slots.owningNodes }

    mutating func campaign(_ context: inout RedisContext) {
        failoverScheduled = false
        guard let m = master else { election = nil; return }
        guard silent(m) else {
            election = nil
            return context.log("master \(name(m)) is back; no failover")
        }
        if let e = election, ticks - e.startTick < 2 * config.timeoutTicks {
            // Still waiting for votes; check again later.
            failoverScheduled = true
            return context.setTimer(.failover, after: config.pingInterval)
        }
        currentEpoch += 1
        election = Election(epoch: currentEpoch, startTick: ticks)
        context.stateChanged("candidate epoch \(currentEpoch)")
        context.log("failover: asking masters to vote in epoch \(currentEpoch) to replace \(name(m))")
        for voter in electorate where voter != m { context.send(.failoverAuthRequest(epoch: currentEpoch, master: m), to: voter) }
        failoverScheduled = true
        context.setTimer(.failover, after: config.pingInterval)
    }

    mutating func vote(epoch: Int, failed: NodeID, candidate: NodeID, _ context: inout RedisContext) {
        if epoch > currentEpoch { currentEpoch = epoch }
        guard isMaster, !ownSlots.isEmpty else { return }
        guard epoch > lastVoteEpoch else {
            return context.log("no vote for \(name(candidate)): already voted in epoch \(lastVoteEpoch)")
        }
        guard peers[candidate.index].master == failed, silent(failed) else {
            return context.log("no vote for \(name(candidate)): \(name(failed)) is not failing here")
        }
        lastVoteEpoch = epoch
        context.log("votes for \(name(candidate)) in epoch \(epoch) to replace \(name(failed))")
        context.send(.failoverAuthAck(epoch: epoch), to: candidate)
    }

    mutating func countVote(epoch: Int, from: NodeID, _ context: inout RedisContext) {
        guard var e = election, e.epoch == epoch, let old = master else { return }
        e.votes.insert(from)
        election = e
        let needed = electorate.count / 2 + 1
        guard e.votes.count >= needed else { return }
        promote(replacing: old, epoch: epoch, votes: e.votes.count, &context)
    }

    /// Takes over `old`'s slots as a master at configEpoch `epoch`.
    mutating func promote(replacing old: NodeID, epoch: Int, votes: Int, _ context: inout RedisContext) {
        let taken = slots.slots(of: old)
        master = nil
        election = nil; failoverScheduled = false
        configEpoch = epoch
        slots.claim(taken, by: id, epoch: epoch)
        replicas = []
        failovers += 1
        ownSlotsChanged()
        context.stateChanged("master epoch \(epoch)")
        context.log("promoted with \(votes) votes: master of \(taken) at configEpoch \(epoch), replacing \(name(old))")
        // Tell everyone at once (Redis broadcasts a PONG).
        for peer in layout.servers where peer != id { context.send(.pong(header), to: peer) }
    }
}
