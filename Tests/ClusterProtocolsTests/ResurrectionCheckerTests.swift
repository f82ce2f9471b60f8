import Testing
import ClusterSim
import ClusterProtocols

/// The resurrection checker names a deleted value read back, on handmade
/// histories and on quorum-store runs: a replica down during a delete and not
/// repaired within `gc_grace` brings the value back once the others purge the
/// tombstone; a repair within `gc_grace` keeps it deleted.
@Suite struct ResurrectionCheckerTests {
    static func op(_ p: Int, _ type: HistoryOperation.Kind, _ f: String, _ v: Int64?) -> HistoryOperation {
        HistoryOperation(process: p, type: type, f: f, key: "k0", value: v.map { .int($0) } ?? .null)
    }

    @Test func aValueReadBackAfterItsDeleteIsNamed() {
        let history = [Self.op(0, .invoke, "write", 7), Self.op(0, .ok, "write", 7),
                       Self.op(0, .invoke, "delete", nil), Self.op(0, .ok, "delete", nil),
                       Self.op(1, .invoke, "read", nil), Self.op(1, .ok, "read", 7)]
        let found = ResurrectionChecker.check(history)
        #expect(found == [Resurrection(key: "k0", value: 7, writtenAt: 1, deletedAt: 3, readAt: 5)])
        #expect(found.first?.description.contains("k0 = 7 came back") == true)
    }

    @Test func aReadConcurrentWithTheDeleteOrOfALaterWriteIsNot() {
        let concurrent = [Self.op(0, .invoke, "write", 7), Self.op(0, .ok, "write", 7),
                          Self.op(0, .invoke, "delete", nil), Self.op(1, .invoke, "read", nil),
                          Self.op(0, .ok, "delete", nil), Self.op(1, .ok, "read", 7)]
        #expect(ResurrectionChecker.check(concurrent).isEmpty)
        let rewritten = [Self.op(0, .invoke, "write", 7), Self.op(0, .ok, "write", 7),
                         Self.op(0, .invoke, "delete", nil), Self.op(0, .ok, "delete", nil),
                         Self.op(0, .invoke, "write", 8), Self.op(0, .ok, "write", 8),
                         Self.op(1, .invoke, "read", nil), Self.op(1, .ok, "read", 8)]
        #expect(ResurrectionChecker.check(rewritten).isEmpty)
        let deletedRead = [Self.op(0, .invoke, "write", 7), Self.op(0, .ok, "write", 7),
                           Self.op(0, .invoke, "delete", nil), Self.op(0, .ok, "delete", nil),
                           Self.op(1, .invoke, "read", nil), Self.op(1, .ok, "read", nil)]
        #expect(ResurrectionChecker.check(deletedRead).isEmpty)
    }

    /// n3 is down while c1 deletes k0; n1 and n2 purge the tombstone after
    /// gc_grace (1 s); c1 then reads k0 through n3. `repairAt`: a read at ALL
    /// through n1 at that time, which repairs n3 with the tombstone.
    static func run(repairAt: String?) throws -> ClusterRun {
        var text = """
            protocol: quorum
            seed: 1
            nodes: 3
            clients: 1
            parameters: {replication_factor: 3, gc_grace: 1s}
            workload: {ops: 0}
            actions:
              - {at: 0ms, request: {node: c1, command: "write k0 7 via n1"}}
              - {at: 100ms, crash: n3}
              - {at: 200ms, request: {node: c1, command: "delete k0 via n1"}}
              - {at: 400ms, restart: n3}
              - {at: 2500ms, request: {node: c1, command: "read k0 via n3"}}

            """
        if let repairAt { text += "  - {at: \(repairAt), request: {node: n1, command: \"read k0 all\"}}\n" }
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "zombie.yaml", text: text)))
        run.run(until: .ms(3000))
        return run
    }

    @Test func aReplicaThatMissedTheDeleteAndWasNotRepairedInTimeBringsTheValueBack() throws {
        let run = try Self.run(repairAt: nil)
        let found = ResurrectionChecker.check(run.trace.history)
        #expect(found.map(\.key) == ["k0"] && found.first?.value == 7, "\(run.trace.history)")
        #expect(ResurrectionChecker.keys(SessionHistory(trace: run.trace)) == ["k0"], "as a lab reads it")
        let verdict = ProtocolCatalog.definition(named: "quorum")!.finalCheck!(run)
        #expect(verdict?.contains("resurrected") == true, "\(verdict ?? "nil")")
    }

    @Test func aRepairWithinGCGraceKeepsItDeleted() throws {
        let run = try Self.run(repairAt: "600ms")
        #expect(ResurrectionChecker.check(run.trace.history).isEmpty, "\(run.trace.history)")
        #expect(run.trace.history.last?.value == .null, "the last read finds nothing")
    }
}

/// A client operation typed before the client's start event (a lab's first
/// `do` at time 0) is kept: start used to clear it, and its reply was ignored.
@Suite struct QuorumClientCommandTests {
    @Test func anOperationTypedBeforeStartCompletes() {
        let layout = ClusterLayout(servers: 3, clients: 1)
        var client = QuorumClient(id: NodeID(3), layout: layout, workload: { var w = QuorumWorkload(); w.opsPerClient = 0; return w }())
        var context = QuorumContext(id: NodeID(3), layout: layout)
        client.command("write k0 7 via n1", &context)
        client.start(&context)
        client.receive(.clientReply(request: 1, .written), from: NodeID(0), &context)
        #expect(context.history.map(\.type) == [.invoke, .ok])
        client.command("read k0 via n9", &context)
        #expect(context.logLines.last?.contains("ignores") == true, "n9 is no server")
    }
}
