import ClusterSim

// Equality of Raft processes as the model checker (`StateSearch`) needs it:
// two processes are equal when they would behave the same from here on.
// Counters kept for benchmarks and checkers (`received`, the log's write
// count and mark) do not count, so two schedules reaching the same
// situation meet in one state.

extension RaftProcess: Hashable {
    public static func == (a: RaftProcess, b: RaftProcess) -> Bool { a.server == b.server && a.client == b.client }

    public func hash(into h: inout Hasher) {
        h.combine(server)
        h.combine(client)
    }
}

extension RaftServer: Hashable {
    public static func == (a: RaftServer, b: RaftServer) -> Bool {
        a.id == b.id && a.currentTerm == b.currentTerm && a.votedFor == b.votedFor && a.role == b.role
            && a.leader == b.leader && a.commitIndex == b.commitIndex && a.lastApplied == b.lastApplied
            && a.votes == b.votes && a.round == b.round && a.sameLog(b) && a.nextIndex == b.nextIndex
            && a.matchIndex == b.matchIndex && a.recentlyActive == b.recentlyActive && a.ackedRound == b.ackedRound
            && a.store == b.store && a.snapshot == b.snapshot && a.pending == b.pending
            && a.pendingReads == b.pendingReads && a.config == b.config && a.serverCount == b.serverCount
    }

    private func sameLog(_ b: RaftServer) -> Bool {
        log.snapshotIndex == b.log.snapshotIndex && log.snapshotTerm == b.log.snapshotTerm && log.entries == b.log.entries
    }

    public func hash(into h: inout Hasher) {
        // The fields that change in an election; `==` compares the rest.
        h.combine(id); h.combine(currentTerm); h.combine(votedFor); h.combine(role); h.combine(leader)
        h.combine(commitIndex); h.combine(votes); h.combine(log.lastIndex); h.combine(log.lastTerm)
        h.combine(nextIndex); h.combine(matchIndex)
    }
}

extension KVClient: Hashable {
    public static func == (a: KVClient, b: KVClient) -> Bool {
        a.id == b.id && a.process == b.process && a.completed == b.completed && a.acknowledged == b.acknowledged
            && a.current?.request == b.current?.request && a.current?.op == b.current?.op && a.target == b.target
            && a.lastRequest == b.lastRequest && a.workload == b.workload && a.layout == b.layout && a.cart == b.cart
    }

    public func hash(into h: inout Hasher) {
        h.combine(id); h.combine(process); h.combine(completed); h.combine(current?.request); h.combine(target)
    }
}
