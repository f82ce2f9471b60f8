import ClusterSim
import Dispatch
import Foundation

/// Runs an exercise's suite on the student's node type: every seeded test on
/// every seed of the set (in parallel, one run per seed, each deterministic),
/// every search test once, and collects the first failure of each test with
/// what it takes to reopen it.
public enum SuiteRunner {
    /// How many trace events before a failure a report shows.
    public static let shownEvents = 12

    public static func run<Node>(_ suite: ExerciseSuite<Node>, seeds: [UInt64], only: Set<String> = [],
                                 clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                                 progress: (TestResult) -> Void = { _ in }) -> SuiteResult {
        var results: [TestResult] = []
        for test in suite.tests where only.isEmpty || only.contains(test.name) {
            let result = run(test, exercise: suite.exercise.id, seeds: seeds, clock: clock)
            progress(result)
            results.append(result)
        }
        return SuiteResult(exercise: suite.exercise.id, firstSeed: seeds.first ?? 1, seedCount: seeds.count, tests: results)
    }

    /// One test over the seeds (or its search).
    public static func run<Node>(_ test: ExerciseTest<Node>, exercise: String, seeds: [UInt64],
                                 clock: @escaping @Sendable () -> Double) -> TestResult {
        let started = clock()
        switch test.body {
        case .search(let search):
            let verdict = search()
            let seconds = max(clock() - started, 1e-9)
            let report = verdict.failure.map { f in
                FailureReport(seed: nil, failure: f, schedule: verdict.schedule,
                              lastEvents: verdict.replay.map { lastEvents(of: $0, upTo: f.step) } ?? [],
                              debugCommand: debugCommand(exercise, test.name, seed: nil))
            }
            return TestResult(name: test.name, kind: .search, points: test.points, runs: 1,
                              passedRuns: verdict.failure == nil ? 1 : 0, failure: report,
                              statesExplored: verdict.statesExplored, depth: verdict.depth,
                              statesPerSecond: Double(verdict.statesExplored) / seconds, seconds: seconds)
        case .seeded(let make, let drive):
            let outcomes = Outcomes(count: seeds.count)
            DispatchQueue.concurrentPerform(iterations: seeds.count) { i in
                // Starter code fails every seed the same way: after one such
                // failure the rest would only repeat it.
                if outcomes.sawTodo { outcomes.set(i, .skipped); return }
                let (failure, sim) = runSeeded(make: make, drive: drive, seed: seeds[i])
                guard let failure else { outcomes.set(i, .passed); return }
                let report = FailureReport(seed: seeds[i], failure: failure, lastEvents: lastEvents(of: sim, upTo: failure.step),
                                           debugCommand: debugCommand(exercise, test.name, seed: seeds[i]))
                outcomes.set(i, .failed(report))
            }
            let all = outcomes.all
            let firstFailure = all.lazy.compactMap { if case .failed(let r) = $0 { return r } else { return nil } }.first
            let ran = all.filter { if case .skipped = $0 { return false } else { return true } }.count
            let passed = all.filter { if case .passed = $0 { return true } else { return false } }.count
            return TestResult(name: test.name, kind: .seeded, points: test.points, runs: firstFailure?.failure.todo != nil ? ran : seeds.count,
                              passedRuns: passed, failure: firstFailure, seconds: clock() - started)
        }
    }

    /// Builds and drives one seeded run; the failure (if any) and the run, stopped where it failed.
    public static func runSeeded<Node>(make: (UInt64) -> Simulation<Node>, drive: (TestHarness<Node>) throws -> Void,
                                       seed: UInt64) -> (TestFailure?, Simulation<Node>) {
        let sim = make(seed)
        let harness = TestHarness(sim)
        do {
            try drive(harness)
            if let v = sim.violation {
                return (TestFailure(property: v.invariant, message: v.message, step: v.step, time: v.time,
                                    todo: TestHarness.firstTodo(in: sim)), sim)
            }
            return (nil, sim)
        } catch let f as TestFailure {
            return (f, sim)
        } catch {
            return (harness.failure("the test", "\(error)"), sim)
        }
    }

    /// The last `shownEvents` readable events at or before step `step`.
    public static func lastEvents<Node>(of sim: Simulation<Node>, upTo step: Int64) -> [String] {
        let trace = sim.trace
        var lines: [String] = []
        var i = trace.count - 1
        while i >= trace.firstEvent && lines.count < shownEvents {
            if trace[i].step <= step { lines.append(sim.eventLine(i)) }
            i -= 1
        }
        return lines.reversed()
    }

    public static func debugCommand(_ exercise: String, _ test: String, seed: UInt64?) -> String {
        "clusterlab exercise debug \(exercise) --test \(test)" + (seed.map { " --seed \($0)" } ?? "")
    }
}

/// Per-seed outcomes written from parallel runs.
private final class Outcomes: @unchecked Sendable {
    enum Outcome { case pending, passed, skipped, failed(FailureReport) }
    private var slots: [Outcome]
    private let lock = NSLock()
    private var todoSeen = false

    /// Whether a run has failed on starter code (a TODO).
    var sawTodo: Bool { lock.lock(); defer { lock.unlock() }; return todoSeen }

    init(count: Int) { slots = Array(repeating: .pending, count: count) }

    func set(_ i: Int, _ outcome: Outcome) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = outcome
        if case .failed(let r) = outcome, r.failure.todo != nil { todoSeen = true }
    }

    var all: [Outcome] { lock.lock(); defer { lock.unlock() }; return slots }
}
