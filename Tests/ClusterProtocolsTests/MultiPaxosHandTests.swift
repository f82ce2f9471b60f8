import Testing
import ClusterSim
import ClusterProtocols

/// Three servers driven by hand: the test decides which message arrives.
private struct HandPaxos {
    var servers: [MultiPaxosServer]
    let layout = ClusterLayout(servers: 3)
    var inbox: [(from: NodeID, to: NodeID, message: MultiPaxosMessage)] = []
    var logs: [String] = []

    init() { servers = (0..<3).map { MultiPaxosServer(id: NodeID($0), serverCount: 3, config: MultiPaxosConfig()) } }

    mutating func handle(_ p: Int, _ body: (inout MultiPaxosServer, inout MultiPaxosContext) -> Void) {
        var ctx = MultiPaxosContext(id: NodeID(p), layout: layout)
        body(&servers[p], &ctx)
        inbox += ctx.sends.map { (NodeID(p), $0.to, $0.message) }
        logs += ctx.logLines
    }

    /// Delivers (or, with `drop`, discards) every message in the inbox addressed to `to`.
    mutating func deliver(to p: Int, drop: Bool = false) {
        let now = inbox.filter { $0.to.index == p }
        inbox.removeAll { $0.to.index == p }
        if drop { return }
        for m in now { handle(p) { s, c in s.receive(m.message, from: m.from, &c) } }
    }
}

@Test func aNewLeaderAdoptsAcceptedValuesAndFillsTheGapWithANoOp() {
    var h = HandPaxos()
    h.handle(0) { s, c in s.timerFired(.election, &c) }
    h.deliver(to: 1); h.deliver(to: 2, drop: true); h.deliver(to: 0)
    #expect(h.servers[0].role == .leader)
    h.inbox.removeAll()  // heartbeats
    h.handle(0) { s, c in s.command("put x 1", &c) }
    h.deliver(to: 1); h.deliver(to: 2, drop: true)
    h.handle(0) { s, c in s.command("put y 2", &c) }
    h.deliver(to: 1, drop: true); h.deliver(to: 2, drop: true)  // slot 2 reaches nobody
    h.handle(0) { s, c in s.command("put z 3", &c) }
    h.deliver(to: 1); h.deliver(to: 2, drop: true)
    h.inbox.removeAll()
    // n1 falls silent; n3 runs phase 1 and hears n2's accepted slots 1 and 3.
    h.handle(2) { s, c in s.timerFired(.election, &c) }
    h.deliver(to: 0, drop: true); h.deliver(to: 1); h.deliver(to: 2)
    let n3 = h.servers[2]
    #expect(n3.role == .leader && n3.ballot > h.servers[0].ballot)
    #expect(n3.acceptedValue(1)?.command.description == "write x 1")
    #expect(n3.acceptedValue(2)?.command == RaftCommand.noop)
    #expect(n3.acceptedValue(3)?.command.description == "write z 3")
    #expect(n3.nextSlot == 4)
    #expect(h.logs.contains { $0.contains("no-op in gap 2") }, "\(h.logs)")
}

@Test func anAcceptorRefusesABallotBelowItsPromise() {
    var h = HandPaxos()
    h.handle(0) { s, c in s.timerFired(.election, &c) }
    h.deliver(to: 1); h.deliver(to: 2, drop: true); h.deliver(to: 0)
    h.inbox.removeAll()
    h.handle(2) { s, c in s.timerFired(.election, &c) }  // n3 promises itself a higher ballot...
    h.deliver(to: 1)  // ...and n2 promises it too
    h.inbox.removeAll()
    h.handle(0) { s, c in s.command("put x 1", &c) }  // the old leader's accept
    h.deliver(to: 1)
    #expect(h.servers[1].acceptedValue(1) == nil)
    h.deliver(to: 0)  // the refusal deposes n1
    #expect(h.servers[0].role == .follower)
}
