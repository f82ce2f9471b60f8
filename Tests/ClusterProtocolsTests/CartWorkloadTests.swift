import Testing
import ClusterSim
@testable import ClusterProtocols

/// The shopping-cart workload (Dynamo, DeCandia et al. SOSP 2007, §4.4) on
/// the Raft store and on the quorum store, and the checker that compares each
/// cart's final read with the acknowledged adds and removes. The checker is
/// shown able to fail on handmade histories and on real runs.
@Suite struct CartWorkloadTests {
    // MARK: The checker on handmade histories

    static func op(_ p: Int, _ type: HistoryOperation.Kind, _ f: String, _ v: HistoryValue, cart: String = "cart0") -> HistoryOperation {
        HistoryOperation(process: p, type: type, f: f, key: cart, value: v)
    }
    static func items(_ xs: Int64...) -> HistoryValue { .list(xs.map { .int($0) }) }

    @Test func anAcknowledgedAddMissingFromTheFinalReadIsALostAdd() {
        let h = [Self.op(0, .invoke, "add", .int(3)), Self.op(0, .ok, "add", .int(3)),
                 Self.op(1, .invoke, "read", .null), Self.op(1, .ok, "read", Self.items())]
        let r = CartChecker.check(h)
        #expect(r.count(.lostAdd) == 1 && r.count(.resurrected) == 0 && !r.isValid, "\(r.anomalies)")
        #expect(r.anomalies.first?.description == "lost add: item 3 of cart0 was added (line 2) but the final read (line 4) lacks it")
    }

    @Test func anAcknowledgedRemoveUndoneInTheFinalReadIsAResurrection() {
        let h = [Self.op(0, .invoke, "add", .int(1)), Self.op(0, .ok, "add", .int(1)),
                 Self.op(0, .invoke, "remove", .int(1)), Self.op(0, .ok, "remove", .int(1)),
                 Self.op(1, .invoke, "read", .null), Self.op(1, .ok, "read", Self.items(1))]
        let r = CartChecker.check(h)
        #expect(r.count(.resurrected) == 1 && r.count(.lostAdd) == 0, "\(r.anomalies)")
    }

    @Test func aChangeThatMayHaveComeLaterExplainsTheFinalRead() {
        // A remove concurrent with the add, and a remove that timed out after it: either may have come last.
        let concurrent = [Self.op(0, .invoke, "add", .int(2)), Self.op(1, .invoke, "remove", .int(2)),
                          Self.op(0, .ok, "add", .int(2)), Self.op(1, .ok, "remove", .int(2)),
                          Self.op(0, .invoke, "read", .null), Self.op(0, .ok, "read", Self.items())]
        #expect(CartChecker.check(concurrent).isValid)
        let unknown = [Self.op(0, .invoke, "add", .int(2)), Self.op(0, .ok, "add", .int(2)),
                       Self.op(1, .invoke, "remove", .int(2)), Self.op(1, .info, "remove", .int(2)),
                       Self.op(0, .invoke, "read", .null), Self.op(0, .ok, "read", Self.items())]
        #expect(CartChecker.check(unknown).isValid)
        // A failed remove surely did not happen: it explains nothing.
        let failed = [Self.op(0, .invoke, "add", .int(2)), Self.op(0, .ok, "add", .int(2)),
                      Self.op(1, .invoke, "remove", .int(2)), Self.op(1, .fail, "remove", .int(2)),
                      Self.op(0, .invoke, "read", .null), Self.op(0, .ok, "read", Self.items())]
        #expect(CartChecker.check(failed).count(.lostAdd) == 1)
        // A change still under way when the final read began is not judged.
        let late = [Self.op(0, .invoke, "add", .int(2)), Self.op(1, .invoke, "read", .null),
                    Self.op(0, .ok, "add", .int(2)), Self.op(1, .ok, "read", Self.items())]
        #expect(CartChecker.check(late).isValid)
    }

    @Test func theFinalReadIsTheLastToComplete() {
        let h = [Self.op(0, .invoke, "add", .int(4)), Self.op(0, .ok, "add", .int(4)),
                 Self.op(1, .invoke, "read", .null), Self.op(1, .ok, "read", Self.items(4)),
                 Self.op(2, .invoke, "read", .null), Self.op(2, .ok, "read", Self.items())]
        #expect(CartChecker.check(h).count(.lostAdd) == 1)
        #expect(CartChecker.check(h).cartsRead == 1)
    }

    // MARK: Runs

    static func run(_ text: String, seed: UInt64, partitionAt: Int64 = 300_000, healAt: Int64 = 1_300_000,
                    crash: Bool = false) throws -> ClusterRun {
        let s = try ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: text))
        let run = try ProtocolCatalog.makeRun(s, seed: seed)
        run.run(until: VirtualTime(microseconds: partitionAt))
        run.perform(.partition([[NodeID(0)], [NodeID(1), NodeID(2)]]), at: nil)
        if crash {
            run.run(until: VirtualTime(microseconds: partitionAt + 200_000))
            run.perform(.crash(NodeID(2)), at: nil)
            run.run(until: VirtualTime(microseconds: partitionAt + 400_000))
            run.perform(.restart(NodeID(2)), at: nil)
        }
        run.run(until: VirtualTime(microseconds: healAt))
        run.perform(.heal, at: nil)
        run.run(until: VirtualTime(microseconds: healAt + 6_000_000))
        return run
    }

    static let raft = """
        protocol: raft
        nodes: 3
        clients: 2
        network: {latency: {uniform: [1ms, 10ms]}}
        workload: {ops: 40, timeout: 500ms, cart: {carts: 2, items: 6, pause: 20ms}}
        """

    static func quorum(_ versioning: String) -> String {
        """
        protocol: quorum
        nodes: 3
        clients: 2
        network: {latency: {uniform: [1ms, 10ms]}}
        parameters: {replication_factor: 3, read_consistency: one, write_consistency: one, versioning: \(versioning)}
        workload: {ops: 40, timeout: 500ms, cart: {carts: 2, items: 6, pause: 20ms}}
        """
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func raftLosesNoAcknowledgedChangeAndRefusesSome(seed: UInt64) throws {
        for crash in [false, true] {
            let run = try Self.run(Self.raft, seed: seed, crash: crash)
            let r = CartChecker.check(run.trace.history)
            #expect(r.cartsRead == 2, "seed \(seed) crash \(crash): the final reads did not complete")
            #expect(r.isValid, "seed \(seed) crash \(crash): \(r.anomalies)")
            #expect(r.acknowledged > 0, "seed \(seed) crash \(crash)")
            #expect(ProtocolCatalog.definition(named: "raft")!.finalCheck!(run) == nil, "seed \(seed) crash \(crash)")
        }
    }

    @Test func raftRefusesChangesDuringThePartition() throws {
        // Over a few seeds the clients meet the cut-off server: some changes fail or time out.
        let failed = try (1...6).map { try CartChecker.check(Self.run(Self.raft, seed: $0).trace.history).failed }
        #expect(failed.reduce(0, +) > 0, "failed changes per seed 1…6: \(failed)")
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func mergingSiblingsNeverLosesAnAdd(seed: UInt64) throws {
        let run = try Self.run(Self.quorum("vector"), seed: seed)
        let r = CartChecker.check(run.trace.history)
        #expect(r.cartsRead == 2, "seed \(seed)")
        #expect(r.count(.lostAdd) == 0, "seed \(seed): \(r.anomalies)")
    }

    @Test func mergingSiblingsBringsRemovedItemsBack() throws {
        let resurrected = try (1...6).map { try CartChecker.check(Self.run(Self.quorum("vector"), seed: $0).trace.history).count(.resurrected) }
        #expect(resurrected.contains { $0 > 0 }, "resurrected items per seed 1…6: \(resurrected)")
    }

    @Test func lastWriteWinsLosesAcknowledgedAdds() throws {
        let lost = try (1...6).map { try CartChecker.check(Self.run(Self.quorum("lww"), seed: $0).trace.history).count(.lostAdd) }
        #expect(lost.contains { $0 > 0 }, "lost adds per seed 1…6: \(lost)")
    }

    // MARK: Parameters

    @Test(arguments: [
        ("protocol: raft\nworkload: {cart: {items: 0}}", 2, 26),
        ("protocol: raft\nworkload: {cart: {add_weight: 0, remove_weight: 0}}", 2, 18),
        ("protocol: quorum\nworkload: {cart: {carts: 99}}", 2, 26),
        ("protocol: quorum\nworkload: {cart: {pause: soon}}", 2, 26),
        ("protocol: quorum\nworkload: {cart: {basket: 1}}", 2, 19),
    ])
    func aBadCartSettingIsRefusedAtItsPosition(_ text: String, _ row: Int, _ column: Int) throws {
        let s = try ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: text + "\n"))
        do {
            _ = try ProtocolCatalog.makeRun(s)
            Issue.record("\(text) should be refused")
        } catch let e as SourceError {
            #expect(e.line == row && e.column == column, "\(text): \(e)")
        }
    }

    @Test func withoutACartSectionTheClientsRunTheirOwnWorkload() throws {
        let s = try ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: "protocol: raft\nworkload: {ops: 5}\n"))
        #expect(try RaftProtocol.config(s).workload.cart == nil)
        let q = try ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: "protocol: quorum\nworkload: {cart: {carts: 3}}\n"))
        #expect(try QuorumProtocol.config(q).workload.cart?.carts == 3)
    }
}
