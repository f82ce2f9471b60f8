import Testing
import ClusterSim
import ClusterProtocols

/// `protocol: saga`: the trip saga runs forward or compensates backward,
/// orchestrated or choreographed, through crashes and duplicated messages,
/// and its checkers catch each deliberate bug.
@Suite struct SagaTests {
    static func run(_ text: String, seed: UInt64? = nil) throws -> Simulation<SagaProcess> {
        let run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t.yaml", text: text)), seed: seed)
        return try #require(run as? Simulation<SagaProcess>)
    }

    static func scenario(_ parameters: String, workload: String = "{trips: 1}", network: String = "") -> String {
        "protocol: saga\nnodes: 4\nclients: 2\nseed: 7\nparameters: \(parameters)\nworkload: \(workload)\n"
            + (network.isEmpty ? "" : "network: \(network)\n")
    }

    static func field(_ sim: Simulation<SagaProcess>, _ n: Int, _ name: String) -> String? {
        sim.summary(of: NodeID(n))?.fields.first { $0.name == name }?.value
    }

    /// The state-change notes of the run, in order (`t1 hotel cancelled`).
    static func notes(_ sim: Simulation<SagaProcess>) -> [String] {
        (0..<sim.trace.events.count).compactMap { i in
            let line = sim.eventLine(i)
            return line.contains("cancelled") || line.contains("booked") || line.contains("refused") ? line : nil
        }
    }

    @Test(arguments: SagaMode.allCases)
    func aFailureAtTheCarUndoesTheHotelThenTheFlight(_ mode: SagaMode) throws {
        let sim = try Self.run(Self.scenario("{mode: \(mode.rawValue), fail_at: car}"))
        sim.run(until: VirtualTime(microseconds: 2_000_000))
        #expect(sim.violation == nil, "\(sim.violation!)")
        #expect(Self.field(sim, 0, "compensated") == "1" && Self.field(sim, 0, "completed") == "0")
        #expect(Self.field(sim, 1, "cancelled") == "1" && Self.field(sim, 2, "cancelled") == "1")
        #expect(Self.field(sim, 3, "cancelled") == "0" && Self.field(sim, 3, "refused") == "1")
        let hotel = try #require(sim.node(NodeID(2))?.service?.bookings[1])
        let flight = try #require(sim.node(NodeID(1))?.service?.bookings[1])
        #expect(hotel.seats == 1 && hotel.cancels == 1 && flight.seats == 1 && flight.cancels == 1)
        let order = Self.notes(sim).filter { $0.contains("cancelled") }
        #expect(order.count == 2 && order[0].contains("hotel") && order[1].contains("flight"), "\(order)")
        #expect(Self.tripOutcomes(sim) == [.fail], "the booker records the undone trip as a failed transaction")
    }

    @Test(arguments: SagaMode.allCases)
    func withoutFailuresEveryTripBooksEveryStep(_ mode: SagaMode) throws {
        let sim = try Self.run(Self.scenario("{mode: \(mode.rawValue)}", workload: "{trips: 3}"))
        sim.run(until: VirtualTime(microseconds: 3_000_000))
        #expect(sim.violation == nil)
        #expect(Self.field(sim, 0, "completed") == "3")
        for n in 1...3 { #expect(Self.field(sim, n, "trips") == "t1 t2 t3", "n\(n + 1)") }
        #expect(SagaIsolation.readsOfUndoneBookings(sim.trace.history) == 0)
        let result = try TxnChecker.check(history: sim.trace.history, options: .init(model: .serializable))
        #expect(result.anomalies.isEmpty, "\(result.text)")
    }

    /// The reader sees the flight and hotel of a trip the saga then undoes:
    /// counted by the services and in the history, named G1a by the checker.
    @Test(arguments: SagaMode.allCases)
    func theReaderSeesBookingsThatAreLaterCompensated(_ mode: SagaMode) throws {
        let sim = try Self.run(Self.scenario("{mode: \(mode.rawValue), fail_at: car}", workload: "{trips: 2, read_every: 20ms}"))
        sim.run(until: VirtualTime(microseconds: 3_000_000))
        #expect(sim.violation == nil)
        let counted = (1...3).map { Int(Self.field(sim, $0, "dirty_reads") ?? "") ?? -1 }.reduce(0, +)
        let fromHistory = SagaIsolation.readsOfUndoneBookings(sim.trace.history)
        #expect(fromHistory > 0 && counted == fromHistory, "services \(counted), history \(fromHistory)")
        let result = try TxnChecker.check(history: sim.trace.history, options: .init(model: .serializable))
        #expect(result.anomalies.contains { $0.kind == .g1a }, "\(result.text)")
    }

    /// The booker's completed trips, in order (the reader's reads left out).
    static func tripOutcomes(_ sim: Simulation<SagaProcess>) -> [HistoryOperation.Kind] {
        sim.trace.history.filter { $0.process == 0 && $0.type != .invoke }.map(\.type)
    }

    /// n1 crashes with t1 half booked (running forward, or compensating) and
    /// restarts: its saga log takes t1 on to the end, and the commands it
    /// sends again book and cancel nothing twice.
    @Test(arguments: [true, false])
    func theOrchestratorResumesFromItsSagaLogAfterACrash(_ backward: Bool) throws {
        for seed: UInt64 in 1...5 {
            let sim = try Self.run(Self.scenario("{fail_at: car, retry: 40ms}", workload: "{trips: 1, think: 10ms}"), seed: seed)
            let reached = sim.run(until: { sim in
                guard let r = sim.node(NodeID(0))?.orchestrator?.log[1] else { return false }
                if backward, case .backward = r.phase { return true }
                if !backward, case .forward(.hotel) = r.phase { return true }
                return false
            }, limit: VirtualTime(microseconds: 1_000_000))
            #expect(reached, "seed \(seed)")
            sim.perform(.crash(NodeID(0)), at: nil)
            sim.run(until: VirtualTime(microseconds: sim.now.microseconds + 300_000))
            sim.perform(.restart(NodeID(0)), at: nil)
            sim.run(until: VirtualTime(microseconds: 2_000_000))
            #expect(sim.violation == nil, "seed \(seed): \(sim.violation!)")
            #expect(Self.field(sim, 0, "compensated") == "1", "seed \(seed): the saga finished after the restart")
            #expect((0..<sim.trace.events.count).contains { sim.eventLine($0).contains("resumes t1") }, "seed \(seed)")
            #expect(Self.tripOutcomes(sim) == [.fail], "seed \(seed)")
        }
    }

    /// Random failures, duplicated and reordered messages, crashes of every
    /// server: no checker objects, and every finished saga is atomic.
    @Test(arguments: SagaMode.allCases)
    func randomFailuresDuplicatesAndCrashesKeepSagasAtomic(_ mode: SagaMode) throws {
        for seed: UInt64 in 1...12 {
            let crash = 1 + Int(seed % 4)
            let text = Self.scenario("{mode: \(mode.rawValue), fail_probability: 0.3, retry: 60ms}",
                                     workload: "{trips: 6, think: 20ms}", network: "{duplicate: 0.2, reorder: 0.1}")
                + "actions:\n  - {at: 300ms, crash: n\(crash)}\n  - {at: 600ms, restart: n\(crash)}\n"
            let sim = try Self.run(text, seed: seed)
            sim.run(until: VirtualTime(microseconds: 6_000_000))
            #expect(sim.violation == nil, "seed \(seed): \(sim.violation!)")
            #expect(SagaInvariants.finalCheck(sim) == nil, "seed \(seed)")
            let done = Int(Self.field(sim, 0, "completed") ?? "0")! + Int(Self.field(sim, 0, "compensated") ?? "0")!
            #expect(done == 6, "seed \(seed): \(done) of 6 sagas finished")
            // Each key is written by one trip and trips read nothing: no cycle can form, and a
            // read of an undone trip's booking is the one anomaly there is.
            let result = try TxnChecker.check(history: sim.trace.history, options: .init(model: .serializable))
            #expect(result.anomalies.allSatisfy { $0.kind == .g1a }, "seed \(seed): \(result.text)")
            #expect(result.anomalies.isEmpty == (SagaIsolation.readsOfUndoneBookings(sim.trace.history) == 0), "seed \(seed)")
        }
    }

    /// What the lab's predictions rest on holds for every seed, not just the
    /// lab's: a reader polling every 20 ms sees a booking later undone, and a
    /// choreography undoes the hotel before the flight.
    @Test func theLabsOutcomesAreNotSeedLuck() throws {
        for seed: UInt64 in 1...20 {
            let reader = try Self.run(Self.scenario("{fail_at: car, fail_every: 2}", workload: "{trips: 2, think: 100ms, read_every: 20ms}"), seed: seed)
            reader.run(until: VirtualTime(microseconds: 2_000_000))
            let dirty = (1...3).map { Int(Self.field(reader, $0, "dirty_reads") ?? "") ?? 0 }.reduce(0, +)
            #expect(dirty >= 2, "seed \(seed): \(dirty) reads of an undone booking")
            let chain = try Self.run(Self.scenario("{mode: choreographed, fail_at: car}", workload: "{trips: 1, think: 100ms}"), seed: seed)
            _ = chain.run(until: { sim in
                (1...2).contains { Self.field(sim, $0, "cancelled") == "1" }
            }, limit: VirtualTime(microseconds: 2_000_000))
            #expect(Self.field(chain, 2, "cancelled") == "1" && Self.field(chain, 1, "booked") == "1", "seed \(seed)")
        }
    }

    // MARK: the checkers can fail

    static func caught(_ parameters: String, network: String = "", seed: UInt64 = 7) throws -> Violation? {
        let sim = try Self.run(Self.scenario(parameters, workload: "{trips: 3, think: 20ms}", network: network), seed: seed)
        sim.run(until: VirtualTime(microseconds: 3_000_000))
        return sim.violation
    }

    @Test(arguments: SagaMode.allCases)
    func skippingCompensationBreaksAtomicity(_ mode: SagaMode) throws {
        let v = try Self.caught("{mode: \(mode.rawValue), fail_at: car, mutations: [skip-compensation]}")
        #expect(v?.invariant == SagaInvariants.atomicity, "\(String(describing: v))")
        #expect(try Self.caught("{mode: \(mode.rawValue), fail_at: car}") == nil)
    }

    @Test func compensatingInForwardOrderIsCaught() throws {
        let v = try Self.caught("{fail_at: car, mutations: [compensate-in-forward-order]}")
        #expect(v?.invariant == SagaInvariants.reverseOrder, "\(String(describing: v))")
    }

    @Test(arguments: SagaMode.allCases)
    func aNonIdempotentStepDoubleBooksOnADuplicate(_ mode: SagaMode) throws {
        let v = try Self.caught("{mode: \(mode.rawValue), mutations: [non-idempotent-step]}", network: "{duplicate: 0.5}")
        #expect(v?.invariant == SagaInvariants.noDoubleBooking, "\(String(describing: v))")
        #expect(try Self.caught("{mode: \(mode.rawValue)}", network: "{duplicate: 0.5}") == nil)
    }

    @Test func aKeyboardFailureAtTheCarCompensates() throws {
        let sim = try Self.run(Self.scenario("{}", workload: "{trips: 0}"))
        sim.perform(.command(NodeID(3), "fail"), at: nil)
        sim.perform(.command(NodeID(4), "book"), at: nil)
        sim.run(until: VirtualTime(microseconds: 1_000_000))
        #expect(Self.field(sim, 0, "compensated") == "1")
        #expect(SagaProcess.commands(at: NodeID(0), in: sim.layout).isEmpty)
        #expect(SagaProcess.commands(at: NodeID(3), in: sim.layout).map(\.verb) == ["fail"])
        #expect(SagaProcess.commands(at: NodeID(4), in: sim.layout).map(\.verb) == ["book"])
        sim.perform(.command(NodeID(2), "fail many"), at: nil)
        sim.run(until: VirtualTime(microseconds: 1_100_000))
        #expect(Self.field(sim, 2, "fail") == nil, "a bad count arms nothing")
    }

    @Test func badSettingsSayWhere() {
        do {
            _ = try Self.run("protocol: saga\nnodes: 3\n")
            Issue.record("three nodes were accepted")
        } catch let e as SourceError { #expect(e.line == 1 && e.description.contains("4 nodes"), "\(e)") } catch { Issue.record("\(error)") }
        do {
            _ = try Self.run("protocol: saga\nnodes: 4\nparameters:\n  mode: choreographed\n  mutations: [compensate-in-forward-order]\n")
            Issue.record("a forward-order mutant was accepted in a choreography")
        } catch let e as SourceError { #expect(e.line == 5, "\(e)") } catch { Issue.record("\(error)") }
        #expect(throws: SourceError.self) { try Self.run("protocol: saga\nnodes: 4\nparameters: {fail_at: boat}\n") }
    }
}
