import ClusterSim
import ClusterProtocols

/// Hostile scenarios and labs from a seed (issue 12), and the in-process
/// equivalent of `clusterlab run` and `clusterlab lab validate` on them with
/// a step budget: what the fuzz test and `bench fuzz` check.
///
/// Each seed picks a protocol and writes a scenario (swarm style) whose
/// settings come from the declarations: values at and past the ends of each
/// declared range, zero and sub-microsecond timers, huge counts, wrong types,
/// YAML tags, quotes and hex; then perhaps damages lines or bytes, and
/// perhaps wraps the scenario in a lab.
public enum InputFuzz {
    public enum Kind: String, Sendable { case scenario, lab }

    public struct Case: Sendable {
        public let seed: UInt64
        public let kind: Kind
        public let text: String
        public var name: String { "fuzz-\(kind.rawValue)-\(seed).yaml" }
    }

    /// What the run or validation answered, as `clusterlab` would exit.
    public struct Outcome: Sendable {
        /// 0 ok, 1 a checker found a violation, 2 bad input.
        public var exitCode: Int32
        /// The located errors behind an exit 2.
        public var errors: [SourceError]
        /// Engine steps taken and trace events recorded by the run (0 for labs).
        public var steps: Int64
        public var events: Int
    }

    // MARK: Cases

    public static func makeCase(seed: UInt64) -> Case {
        var r = SeededRandom(seed: seed)
        let def = ProtocolCatalog.all[Int(r.below(UInt64(ProtocolCatalog.all.count)))]
        var lines = scenarioLines(def, &r)
        let kind: Kind = r.chance(0.3) ? .lab : .scenario
        if kind == .lab {
            let run = r.chance(0.7) ? pick(["1us", "1ms", "5ms"], &r) : pick(["100ms", "0s", "0.0000001s", "1000000s", "-1s", "\"2s\""], &r)
            lines = ["id: fuzz", "title: Fuzz", "topic: fuzz", "scenario:"] + lines.map { "  " + $0 }
                + ["steps:", "  - say: hello", "  - run: {for: \(run)}", "  - run: {until: \"n1.up\", limit: \(run)}"]
        }
        if r.chance(0.2) { damage(&lines, &r) }
        return Case(seed: seed, kind: kind, text: lines.joined(separator: "\n") + "\n")
    }

    static func pick(_ options: [String], _ r: inout SeededRandom) -> String {
        options[Int(r.below(UInt64(options.count)))]
    }

    /// Values that are not what any key wants.
    static let junk = ["five", "\"5\"", "'1ms'", "[1, 2]", "{a: 1}", "", "~", "0x10", "1e400", "-0", "nan", ".inf",
                       "!!python/object:os.system [ls]", "!custom 3", "!!str 5", "&a 3", "*nowhere", "@@", "\"\\u0000\"",
                       "\(UInt64.max)", "-\(UInt64.max)", "99999999999999999999999"]
    /// Durations around every boundary a timer or latency could hit.
    static let durations = ["0", "0s", "-0s", "0.0000001s", "1us", "1µs", "5 s", "0x10s", "1e3ms", "2m", "1h",
                            "3600s", "3600000001us", "1000000s", "1000001s", "8999999999999999us", "9e15us"]

    /// A valid duration at an end of `range`, or in between.
    static func valid(_ range: ClosedRange<Int64>, _ r: inout SeededRandom) -> String {
        pick(["\(range.lowerBound)us", "\(range.upperBound)us", "\(max(range.lowerBound, min(range.upperBound, 1_000)))us"], &r)
    }

    /// A value for `spec`: most often valid at an end of its declared range
    /// (heavy but legal settings must run within bounds too), else just past
    /// an end, a boundary spelling, or junk.
    static func value(for spec: ParameterSpec, _ r: inout SeededRandom) -> String {
        let legal = r.chance(0.6)
        if !legal, r.chance(0.3) { return pick(junk, &r) }
        switch spec.kind {
        case .duration(let range), .durationOrOff(let range):
            if legal { return valid(range, &r) }
            return r.chance(0.5) ? pick(durations, &r) : pick(["\(range.lowerBound &- 1)us", "\(range.upperBound &+ 1)us", "off"], &r)
        case .count(let range):
            if legal { return pick(["\(range.lowerBound)", "\(range.upperBound)", "\(min(range.upperBound, range.lowerBound + 2))"], &r) }
            return pick(["\(range.lowerBound - 1)", "\(range.upperBound + 1)", "\(Int.max)", "1_000"], &r)
        case .counts(let range):
            if legal { return pick(["\(range.upperBound), \(range.lowerBound), \(range.upperBound)", "1, 1, 1"], &r) }
            return pick(["\(Int.max), \(Int.max)", "1,,2", "\"0\""], &r)
        case .number(let range):
            if legal { return pick(["\(range.lowerBound)", "\(range.upperBound)"], &r) }
            return pick(["\(range.upperBound * 2 + 1)", "-1", "0x10"], &r)
        case .probability: return legal ? pick(["0", "1", "100%", "0.5"], &r) : pick(["101%", "-1%", "5 %", "1.5"], &r)
        case .flag: return legal ? pick(["true", "false", "yes"], &r) : pick(["maybe", "1"], &r)
        case .choice(let words), .words(let words):
            let word = words.isEmpty ? "x" : words[Int(r.below(UInt64(words.count)))]
            if case .words = spec.kind { return legal ? pick(["[\(word)]", "[]"], &r) : pick(["[\(word), nonsense]", word], &r) }
            return legal ? word : pick(["nonsense", word.uppercased()], &r)
        case .seed: return legal ? pick(["0", "\(UInt64.max)"], &r) : "-1"
        case .text, .described: return pick(["text", "[]", "{}"], &r)
        case .section(let inner):
            let items = inner.prefix(Int(r.below(UInt64(inner.count + 1)))).map { "\($0.key): \(value(for: $0, &r))" }
            return "{" + items.joined(separator: ", ") + "}"
        }
    }

    static func scenarioLines(_ def: ProtocolDefinition, _ r: inout SeededRandom) -> [String] {
        var lines = ["protocol: \(def.name)"]
        let nodes = r.chance(0.85) ? "\(def.defaultServers)" : pick(["1", "2", "64", "65", "0", "100000", "\"5\""], &r)
        lines.append("nodes: \(nodes)")
        if r.chance(0.15) { lines.append("clients: \(pick(["0", "1", "64", "65", "-1"], &r))") }
        lines.append("seed: \(r.below(1000))")
        if r.chance(0.7) { lines.append("until: \(r.chance(0.6) ? pick(["1ms", "50ms", "200ms"], &r) : pick(durations, &r))") }
        for (section, specs) in [("parameters", def.parameters), ("workload", def.workload)] where !specs.isEmpty && r.chance(0.8) {
            lines.append("\(section):")
            var unused = specs
            for _ in 0..<min(unused.count, 1 + Int(r.below(3))) {  // distinct keys: a duplicate only tests the YAML reader
                let spec = unused.remove(at: Int(r.below(UInt64(unused.count))))
                lines.append("  \(spec.key): \(value(for: spec, &r))")
            }
        }
        if r.chance(0.4) {
            lines.append("network:")
            let latency = r.chance(0.6) ? valid(ParameterSpec.delayRange, &r) : pick(durations, &r)
            lines.append("  latency: " + pick([latency, "{uniform: [\(latency), \(pick(durations, &r))]}",
                                                "{exponential: {mean: \(latency)}}", "{normal: {mean: \(latency), stddev: \(latency)}}"], &r))
            for key in ["slowdown", "reorder", "duplicate", "loss"] where r.chance(0.4) {
                lines.append("  \(key): \(pick(["1000", "0.01", "100%", "0.5", "1", "1001", "0"], &r))")
            }
        }
        if r.chance(0.4) {
            lines.append("actions:")
            for _ in 0..<(1 + Int(r.below(4))) {
                let at = r.chance(0.7) ? pick(["0s", "1ms", "10ms"], &r) : pick(durations, &r)
                lines.append("  - {at: \(at), " + pick(["crash: n1", "restart: n1", "heal: true", "partition: \"n1 | n2\"",
                                                        "link: {from: n1, to: n2, latency: \(valid(ParameterSpec.delayRange, &r)), slowdown: 1000, reorder: 100%}",
                                                        "link: {from: n2, to: n1, latency: {exponential: {mean: \(pick(durations, &r))}}}",
                                                        "cut: {from: n2, to: n1}", "request: {node: n1, command: x}",
                                                        "pause: n9", "crash: [n1]"], &r) + "}")
            }
        }
        return lines
    }

    /// Line and byte damage: drop, duplicate, truncate, indent, flip a byte.
    static func damage(_ lines: inout [String], _ r: inout SeededRandom) {
        guard !lines.isEmpty else { return }
        let i = Int(r.below(UInt64(lines.count)))
        switch r.below(5) {
        case 0: lines.remove(at: i)
        case 1: lines.insert(lines[i], at: i)
        case 2: lines[i] = String(lines[i].prefix(Int(r.below(UInt64(lines[i].count + 1)))))
        case 3: lines[i] = "  " + lines[i]
        default:
            var bytes = Array(lines[i].utf8)
            if !bytes.isEmpty { bytes[Int(r.below(UInt64(bytes.count)))] = UInt8(r.below(256)) }
            lines[i] = String(decoding: bytes, as: UTF8.self)
        }
    }

    // MARK: Checking

    /// `run` or `lab validate` on the case, in this process, within `stepBudget` engine steps.
    public static func check(_ c: Case, stepBudget: Int64 = 400) -> Outcome {
        let source = SourceText(name: c.name, text: c.text)
        switch c.kind {
        case .lab:
            let errors = LabValidator.validate(source, stepBudget: stepBudget)
            return Outcome(exitCode: errors.isEmpty ? 0 : 2, errors: errors, steps: 0, events: 0)
        case .scenario:
            let run: ClusterRun
            let scenario: Scenario
            do {
                scenario = try ProtocolCatalog.scenario(source)
                run = try ProtocolCatalog.makeRun(scenario)
            } catch let e as SourceError {
                return Outcome(exitCode: 2, errors: [e], steps: 0, events: 0)
            } catch {
                // Not a located error: line 0 so that the fuzz test reports it.
                return Outcome(exitCode: 2, errors: [SourceError(file: c.name, line: 0, column: 0, message: "\(error)")], steps: 0, events: 0)
            }
            let limit = scenario.duration ?? 10_000_000
            while run.stepCount < stepBudget, run.violation == nil,
                  let next = run.nextEventTime, next.microseconds <= limit, run.step() {}
            var code: Int32 = run.violation == nil ? 0 : 1
            if code == 0, let check = ProtocolCatalog.definition(named: run.protocolName)?.finalCheck, check(run) != nil { code = 1 }
            return Outcome(exitCode: code, errors: [], steps: run.stepCount, events: run.trace.count)
        }
    }
}
