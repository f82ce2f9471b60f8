import ClusterSim

/// A suite's result as the student reads it: one line a test, then each
/// failure with its seed, moment, property, the end of the run's prefix that
/// shows it, and the command that opens it in the interface.
public enum SuiteReport {
    public static func text(_ result: SuiteResult, title: String) -> String {
        let passing = result.tests.filter(\.passed).count
        var out = "\(title) (\(result.exercise)): \(passing) of \(result.tests.count) tests pass · "
            + "\(result.earned)/\(result.maxPoints) points · \(result.seedText)\n"
        let width = result.tests.map(\.name.count).max() ?? 0
        for t in result.tests {
            out += "  " + line(t, width: width) + "\n"
        }
        for t in result.tests {
            guard let f = t.failure else { continue }
            out += "\n" + failureText(t, f)
        }
        if passing == result.tests.count && !result.tests.isEmpty {
            out += "\nEvery test passes on every seed.\n"
        }
        return out
    }

    static func line(_ t: TestResult, width: Int) -> String {
        let mark = t.passed ? "✓" : (t.notImplemented ? "·" : "✗")
        let name = t.name.padding(toLength: width, withPad: " ", startingAt: 0)
        var s = "\(mark) \(name)  \(t.earned)/\(t.points) pts  "
        switch t.kind {
        case .seeded:
            if t.notImplemented { s += "not implemented yet" }
            else { s += "\(t.passedRuns)/\(t.runs) seeds" }
        case .search:
            if t.notImplemented { s += "not implemented yet" }
            else {
                s += t.passed ? "no violation" : "violation found"
                if let n = t.statesExplored { s += " · \(n) states" }
                if let r = t.statesPerSecond { s += " · \(Int(r)) states/s" }
            }
        }
        return s
    }

    static func failureText(_ t: TestResult, _ r: FailureReport) -> String {
        let f = r.failure
        var s = "✗ \(t.name)"
        if let seed = r.seed { s += ", seed \(seed)" }
        if t.kind == .seeded && t.runs > 1 && f.todo == nil { s += " (fails \(t.runs - t.passedRuns) of \(t.runs) seeds)" }
        s += "\n"
        if let todo = f.todo {
            // Starter code: what to write is the news, not the run's events.
            s += "  not implemented yet: \(todo)\n"
            s += "  (\(f.property): \(f.message), at \(DurationText.format(f.time)), step \(f.step))\n"
            s += "  open it: \(r.debugCommand)\n"
            return s
        } else {
            s += "  \(f.property) broke at \(DurationText.format(f.time)), step \(f.step):\n"
            s += "    \(f.message)\n"
        }
        if !r.schedule.isEmpty {
            s += "  the shortest schedule that breaks it (\(r.schedule.count) steps):\n"
            for (i, step) in r.schedule.enumerated() { s += "    \(i + 1). \(step)\n" }
        } else if !r.lastEvents.isEmpty {
            s += "  the first \(f.step) steps of the run show it; the last events:\n"
            for e in r.lastEvents { s += "    \(e)\n" }
        }
        s += "  open it at that step: \(r.debugCommand)\n"
        return s
    }
}
