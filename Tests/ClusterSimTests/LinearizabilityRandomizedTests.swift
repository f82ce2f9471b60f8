import Testing
import ClusterSim
import TestSupport

// Randomised: every test takes its seeds from TestSeeds (CLUSTERLAB_SEED=n replays one).

/// Each seed also picks the shape of the workload (swarm testing).
private func workload(_ random: inout SeededRandom) -> RegisterWorkload {
    RegisterWorkload(operations: 50 + Int(random.below(250)), clients: 1 + Int(random.below(6)),
                     keys: 1 + Int(random.below(3)), values: 1 + Int(random.below(5)),
                     infoChance: random.unit() * 0.1, maxLatency: 2 + Int(random.below(200)))
}

@Test func historiesOfARealRegisterAreLinearizable() throws {
    for seed in TestSeeds.sweep(50) {
        var random = SeededRandom(seed: seed)
        let history = workload(&random).history(seed: seed)
        #expect(try LinearizabilityChecker.check(history) == .linearizable, "seed \(seed)")
    }
}

@Test func aReadOfAValueNeverWrittenIsNotLinearizable() throws {
    for seed in TestSeeds.sweep(50) {
        var random = SeededRandom(seed: seed)
        var history = workload(&random).history(seed: seed)
        let reads = history.indices.filter { history[$0].type == .ok && history[$0].f == "read" }
        guard !reads.isEmpty else { continue }
        let corrupted = reads[Int(random.below(UInt64(reads.count)))]
        history[corrupted].value = .int(1_000_000)
        let invoke = history[..<corrupted].lastIndex { $0.process == history[corrupted].process }!
        // The window is the bad read alone: nothing else is needed to refute it.
        #expect(try LinearizabilityChecker.check(history)
                == .notLinearizable(key: history[corrupted].key, window: [history[invoke], history[corrupted]]),
                "seed \(seed)")
    }
}

/// A tiny single-key history with arbitrary results: usually not linearizable.
/// `infoHeavy`: 3 to 7 processes, about half of them ending `info` or never.
private func arbitraryHistory(_ random: inout SeededRandom, infoHeavy: Bool = false) -> [HistoryOperation] {
    func value() -> HistoryValue { .int(Int64(random.below(3))) }
    var timeline: [(time: UInt64, op: HistoryOperation)] = []
    let processes = infoHeavy ? 3 + Int(random.below(5)) : 1 + Int(random.below(6))
    let types: [HistoryOperation.Kind] = infoHeavy ? [.ok, .ok, .ok, .info, .info, .fail] : [.ok, .ok, .ok, .ok, .info, .fail]
    for process in 0..<processes {
        let (start, end) = (random.below(20), random.below(20))
        let f = ["read", "write", "cas"][Int(random.below(3))]
        let argument: HistoryValue = f == "read" ? .null : f == "write" ? value() : .list([value(), value()])
        timeline.append((2 * min(start, end), HistoryOperation(process: process, type: .invoke, f: f, key: "x", value: argument)))
        let type = types[Int(random.below(6))]
        let result: HistoryValue = f != "read" ? argument : random.chance(0.3) ? .null : value()
        // Half the failed cas say they ran and found another value.
        let error: HistoryValue? = f == "cas" && type == .fail && random.chance(0.5) ? .string("precondition-failed") : nil
        let completion = HistoryOperation(process: process, type: type, f: f, key: "x", value: result, error: error)
        if !random.chance(infoHeavy ? 0.2 : 0.1) { timeline.append((2 * max(start, end) + 1, completion)) }  // else never completes
    }
    return timeline.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element.op)
}

@Test func checkerAgreesWithBruteForceOnTinyHistories() throws {
    for seed in TestSeeds.sweep(50) {
        var random = SeededRandom(seed: seed)
        for round in 0..<60 {
            let history = arbitraryHistory(&random, infoHeavy: round >= 40)
            let result = try LinearizabilityChecker.check(history)
            let expected = BruteForceLinearizability.isLinearizable(history)
            #expect(result.isLinearizable == expected, "seed \(seed) round \(round)")
            if !expected {
                #expect(!BruteForceLinearizability.isLinearizable(result.window), "seed \(seed) round \(round): window")
            }
        }
    }
}

/// With an initial value, the checker and the brute force still agree.
@Test func checkerAgreesWithBruteForceFromAnInitialValue() throws {
    for seed in TestSeeds.sweep(20, base: 1000) {
        var random = SeededRandom(seed: seed)
        for round in 0..<40 {
            let history = arbitraryHistory(&random)
            let initial = HistoryValue.int(Int64(random.below(3)))
            let result = try LinearizabilityChecker.check(history, budget: LinearizabilityChecker.defaultBudget,
                                                          semantics: RegisterSemantics(initial: initial))
            let expected = BruteForceLinearizability.isLinearizable(history, initial: initial)
            #expect(result.isLinearizable == expected, "seed \(seed) round \(round) initial \(initial)")
            if !expected {
                #expect(!BruteForceLinearizability.isLinearizable(result.window, initial: initial),
                        "seed \(seed) round \(round): window")
            }
        }
    }
}
