import Testing
import ClusterSim
import TestSupport

/// The weak-consistency checkers on random histories: an atomic register
/// (every op takes effect at one moment between its invoke and its
/// completion) never shows an anomaly, and whatever the checkers call an
/// anomaly in a history whose reads return arbitrary old values is also
/// something the linearizability checker rejects.
@Suite struct ConsistencyRandomizedTests {
    /// A history of `processes` clients on keys x and y. With `atomic`, each
    /// read returns the register's value at its linearization point;
    /// otherwise any value written to its key so far, or null.
    static func history(seed: UInt64, atomic: Bool, processes: Int = 3, steps: Int = 60) -> [HistoryOperation] {
        var rng = SeededRandom(seed: seed)
        enum Phase { case idle, invoked, applied }
        var phase = Array(repeating: Phase.idle, count: processes)
        var pending: [HistoryOperation?] = Array(repeating: nil, count: processes)
        var current: [String: HistoryValue] = [:], written: [String: [HistoryValue]] = [:]
        var lines: [HistoryOperation] = []
        var next: Int64 = 1
        for _ in 0..<steps {
            let p = Int(rng.below(UInt64(processes)))
            switch phase[p] {
            case .idle:
                let key = rng.chance(0.5) ? "x" : "y"
                let op = rng.chance(0.5)
                    ? HistoryOperation(process: p, type: .invoke, f: "read", key: key, value: .null)
                    : HistoryOperation(process: p, type: .invoke, f: "write", key: key, value: .int(next))
                if op.f == "write" { next += 1 }
                lines.append(op); pending[p] = op; phase[p] = .invoked
            case .invoked:
                var op = pending[p]!
                if op.f == "write" {
                    current[op.key] = op.value
                    written[op.key, default: []].append(op.value)
                } else if atomic {
                    op.value = current[op.key] ?? .null
                } else {
                    let choices = [HistoryValue.null] + (written[op.key] ?? [])
                    op.value = choices[Int(rng.below(UInt64(choices.count)))]
                }
                pending[p] = op; phase[p] = .applied
            case .applied:
                var op = pending[p]!
                op.type = .ok
                lines.append(op); phase[p] = .idle
            }
        }
        return lines
    }

    @Test(arguments: TestSeeds.sweep(50))
    func anAtomicRegisterShowsNoAnomalies(seed: UInt64) throws {
        let lines = Self.history(seed: seed, atomic: true)
        #expect(try LinearizabilityChecker.check(lines) == .linearizable, "seed \(seed): the generator is not atomic")
        let report = ConsistencyReport(SessionHistory(lines))
        #expect(report.isClean, "seed \(seed): \(report.all.map(\.description).joined(separator: "; "))")
    }

    @Test func everyAnomalyIsAlsoNotLinearizableAndSomeAreFound() throws {
        var withAnomalies = 0
        for seed in TestSeeds.sweep(50) {
            let lines = Self.history(seed: seed, atomic: false)
            let report = ConsistencyReport(SessionHistory(lines))
            guard !report.isClean else { continue }
            withAnomalies += 1
            let verdict = try LinearizabilityChecker.check(lines)
            #expect(verdict != .linearizable,
                    "seed \(seed): \(report.all[0]) but the history is linearizable")
        }
        #expect(withAnomalies >= 25, "only \(withAnomalies) of 50 random-read histories had an anomaly")
    }
}
