import Testing
import ClusterSim
@testable import ClusterProtocols

/// The `erasure` protocol: quorums, lost drives, bit rot and healing, and
/// the checker that no read returns bytes no PUT wrote.
@Suite struct ErasureProtocolTests {
    static func run(_ extra: String = "", nodes: Int = 7) throws -> Simulation<ErasureProcess> {
        let text = "protocol: erasure\nnodes: \(nodes)\nclients: 1\nworkload: {reads: 20}\n" + extra
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: text)))
        return try #require(run as? Simulation<ErasureProcess>)
    }

    static func gateway(_ sim: Simulation<ErasureProcess>) throws -> ErasureGateway {
        guard case .gateway(let g)? = sim.node(NodeID(0)) else { throw CancellationError() }
        return g
    }

    static func drive(_ sim: Simulation<ErasureProcess>, _ n: Int) throws -> ErasureDrive {
        guard case .drive(let d)? = sim.node(NodeID(n)) else { throw CancellationError() }
        return d
    }

    static func problems(_ sim: Simulation<ErasureProcess>) -> [String] { ErasureChecker.check(sim.trace.history) }

    static let end = VirtualTime(microseconds: 3_000_000)

    @Test func healthySetServesEveryReadExactly() throws {
        let sim = try Self.run()
        sim.run(until: Self.end)
        let g = try Self.gateway(sim)
        #expect(g.putsOK == 3 && g.putsFailed == 0)
        #expect(g.getsOK == 20 && g.getsRefused == 0)
        #expect(Self.problems(sim).isEmpty)
        for n in 1...6 { #expect(try Self.drive(sim, n).shards.count == 3, "drive n\(n + 1) holds one shard of each object") }
    }

    /// k = 4, m = 2: two drives down still read (and write: quorum 4 of 6);
    /// a third down refuses reads rather than guess.
    @Test func readsSurviveMLostDrivesAndAreRefusedAtMPlusOne() throws {
        let two = try Self.run()
        two.run(until: VirtualTime(microseconds: 400_000))
        two.perform(.crash(NodeID(1)), at: nil)
        two.perform(.crash(NodeID(5)), at: nil)
        two.run(until: Self.end)
        let g2 = try Self.gateway(two)
        #expect(g2.getsOK == 20 && g2.getsRefused == 0, "\(g2.summary)")

        let three = try Self.run()
        three.run(until: VirtualTime(microseconds: 400_000))
        let servedBefore = try Self.gateway(three).getsOK
        for n in [1, 3, 5] { three.perform(.crash(NodeID(n)), at: nil) }
        three.run(until: Self.end)
        let g3 = try Self.gateway(three)
        #expect(g3.getsOK == servedBefore && g3.getsRefused == 20 - servedBefore && g3.getsRefused > 0, "\(g3.summary)")
        #expect(Self.problems(three).isEmpty, "refused reads are allowed; wrong data is not")
    }

    /// One drive down during the PUTs: they succeed with the quorum, and once
    /// the drive is back the healing scan writes its missing shards.
    @Test func writeWithOneDriveDownSucceedsAndIsHealedLater() throws {
        let sim = try Self.run("parameters: {heal_scan: 500ms}\n")
        sim.perform(.crash(NodeID(6)), at: nil)
        sim.run(until: VirtualTime(microseconds: 300_000))
        #expect(try Self.gateway(sim).putsOK == 3)
        sim.perform(.restart(NodeID(6)), at: nil)
        #expect(try Self.drive(sim, 6).shards.isEmpty, "n7 was down for every PUT")
        sim.run(until: Self.end)
        #expect(try Self.drive(sim, 6).shards.count == 3, "healed by the scan")
        #expect(try Self.gateway(sim).healed >= 3)
    }

    /// With k = m (3 + 3) the write quorum is k + 1: with three drives down a PUT fails.
    @Test func equalDataAndParityNeedsOneMoreDriveToWrite() throws {
        let sim = try Self.run("parameters: {parity: 3}\n")
        #expect(try Self.gateway(sim).config.writeQuorum == 4)
        for n in [1, 2, 3] { sim.perform(.crash(NodeID(n)), at: nil) }
        sim.run(until: Self.end)
        let g = try Self.gateway(sim)
        #expect(g.putsOK == 0 && g.putsFailed == 3, "\(g.summary)")
    }

    /// Rot every shard on one drive: reads notice by checksum, decode from
    /// the others, and heal the rotten shards.
    @Test func bitRotIsDetectedAndHealed() throws {
        let sim = try Self.run("parameters: {heal_scan: off}\n")
        sim.run(until: VirtualTime(microseconds: 300_000))
        sim.perform(.command(NodeID(1), "rot"), at: nil)
        #expect(try Self.drive(sim, 1).shards.values.contains { !$0.isIntact })
        sim.run(until: Self.end)
        let g = try Self.gateway(sim)
        #expect(g.getsOK == 20 && g.rotFound >= 1 && g.healed >= 1)
        #expect(Self.problems(sim).isEmpty)
        #expect(try Self.drive(sim, 1).shards.values.allSatisfy(\.isIntact), "every read object was rewritten")
    }

    /// The checker can fail: without the checksum the rotten data shard is served.
    @Test func skipBitrotCheckMutantServesCorruptDataAndIsCaught() throws {
        let sim = try Self.run("parameters: {heal_scan: off, mutations: [skip-bitrot-check]}\n")
        sim.run(until: VirtualTime(microseconds: 300_000))
        sim.perform(.command(NodeID(1), "rot"), at: nil)
        sim.run(until: Self.end)
        let problems = Self.problems(sim)
        #expect(!problems.isEmpty)
        #expect(problems.first?.contains("as bytes no PUT wrote") == true, "\(problems)")
        let def = try #require(ProtocolCatalog.definition(named: "erasure"))
        #expect(def.finalCheck?(sim)?.contains("wrong data") == true)
    }

    @Test func checkerRejectsAHandmadeWrongReadAndALostObject() {
        let history = [
            HistoryOperation(process: 7, type: .invoke, f: "put", key: "a", value: .string("0102")),
            HistoryOperation(process: 7, type: .ok, f: "put", key: "a", value: .string("0102")),
            HistoryOperation(process: 7, type: .invoke, f: "get", key: "a", value: .null),
            HistoryOperation(process: 7, type: .ok, f: "get", key: "a", value: .string("0103")),
            HistoryOperation(process: 7, type: .invoke, f: "get", key: "a", value: .null),
            HistoryOperation(process: 7, type: .fail, f: "get", key: "a", value: .null, error: .string("no such object")),
        ]
        let problems = ErasureChecker.check(history)
        #expect(problems.count == 2, "\(problems)")
        #expect(problems[0].hasPrefix("operation 4:") && problems[1].hasPrefix("operation 6:"))
        #expect(ErasureChecker.check(Array(history.prefix(3))).isEmpty)
    }

    @Test func badLayoutsSayWhere() {
        #expect(throws: SourceError.self) { try Self.run("parameters: {parity: 6}\n") }
        #expect(throws: SourceError.self) { try Self.run(nodes: 1) }
        #expect(throws: SourceError.self) { try Self.run("parameters: {mutations: [forget]}\n") }
    }
}
