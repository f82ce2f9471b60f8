import ClusterSim

/// A lab written for the simulator, played against a real cluster of the
/// same size (`lab open LAB --real etcd`). The lab opts in with a top-level
/// `real: [etcd]`; its steps marked `real: skip` are left out there (each
/// run of them becomes one line saying so, with their `real_note:`), and
/// steps marked `real: only` are played there alone. Everything else runs
/// as written: its actions become routes and signals, its predicates read
/// the real nodes' status, and every prediction's key comes from the real run.
extension Lab {
    /// Why a lab cannot be played against a real system.
    public struct NotForReal: Error, CustomStringConvertible {
        public var description: String
    }

    /// This lab against a real `system` cluster (a new id, so progress on
    /// it is kept apart from the simulator's).
    public func onRealCluster(_ system: String) throws -> Lab {
        guard ExternalRuns.realSystems.contains(system) else {
            throw NotForReal(description: "no real system '\(system)': choose one of \(ExternalRuns.realSystems.joined(separator: ", "))")
        }
        guard realSystems.contains(system) else {
            let listed = realSystems.isEmpty ? "no 'real:' list" : "'real: [\(realSystems.joined(separator: ", "))]'"
            throw NotForReal(description: "lab '\(id)' is not written for a real \(system) cluster (it has \(listed))")
        }
        var lab = self
        lab.id = "\(id)-real-\(system)"
        lab.title = "\(title) (real \(system))"
        lab.scenario = try Self.real(scenario, system)
        lab.scenarios = try scenarios.mapValues { try Self.real($0, system) }
        lab.steps = Self.stepsOnReal(authoredSteps, system: system)
        lab.authoredSteps = lab.steps
        lab.realSystems = []
        return lab
    }

    /// `scenario`'s cluster size with the real system in place of the simulated protocol.
    static func real(_ scenario: Scenario, _ system: String) throws -> Scenario {
        var s = scenario
        s.protocolName = ExternalRuns.realProtocol(system)
        s.parameters = nil
        s.workload = nil
        s.network = LinkSettings()
        s.links = []
        s.actions = []
        let spec = try RealClusterSpec.read(s)
        if let check = ExternalRuns.realCheck(s.protocolName) {
            let count: Int
            do { count = try check(spec) }
            catch { throw NotForReal(description: "a real \(system) cluster of \(s.servers) nodes: \(error)") }
            guard count == s.servers else {
                throw NotForReal(description: "the lab has \(s.servers) nodes, but a real \(system) cluster here has \(count)")
            }
        }
        return s
    }

    /// The steps a real cluster plays: `real: only` ones kept, each run of
    /// `real: skip` ones replaced by one line saying what was left out and why.
    static func stepsOnReal(_ steps: [LabStep], system: String) -> [LabStep] {
        var out: [LabStep] = []
        var skipped: [LabStep] = []
        func flush() {
            guard let first = skipped.first else { return }
            var notes: [String] = []
            for n in skipped.compactMap(\.realNote) where !notes.contains(n) { notes.append(n) }
            let what = skipped.count == 1 ? "a step" : "\(skipped.count) steps"
            let why = notes.isEmpty ? (skipped.count == 1 ? "It is" : "They are") + " about the simulator itself." : notes.joined(separator: " ")
            out.append(LabStep(id: nil, kind: .say("*Skipped on real \(system): \(what).* \(why)"), notes: nil,
                               line: first.line, column: first.column))
            skipped = []
        }
        for step in steps {
            if step.real == .skip { skipped.append(step); continue }
            flush()
            out.append(step)
        }
        flush()
        return out
    }
}

/// Reads and checks a lab's `real:` marks while it loads.
enum RealMarks {
    /// The top-level `real: [etcd]`: real system names, only in a lab the simulator runs.
    static func systems(_ field: YAMLField?, scenarios: [Scenario]) throws -> [String] {
        guard let field else { return [] }
        if case .scalar = field.node {
            throw field.error("the top-level 'real:' lists the real systems this lab can run against, like 'real: [etcd]' "
                              + "('real: skip' goes on a step)")
        }
        if let real = scenarios.first(where: { ExternalRuns.realSystem(of: $0.protocolName) != nil }) {
            throw field.keyError("this lab already runs a real cluster ('\(real.protocolName)'): 'real:' is for labs the simulator runs")
        }
        let items = try field.sequence()
        if items.isEmpty { throw field.error("'real:' needs at least one real system, like [etcd]") }
        return try items.map { item in
            let name = try item.string()
            guard ExternalRuns.realSystems.contains(name) else {
                let hint = YAMLField.suggestion(for: name, among: ExternalRuns.realSystems).map { " (did you mean '\($0)'?)" } ?? ""
                throw item.error("unknown real system '\(name)'\(hint); expected \(ExternalRuns.realSystems.joined(separator: ", "))")
            }
            return name
        }
    }

    /// A step's `real: skip|only`.
    static func mark(_ field: YAMLField) throws -> LabStep.RealMark {
        let text = try field.string()
        guard let mark = LabStep.RealMark(rawValue: text) else {
            throw field.error("a step's 'real:' is skip or only (got '\(text)'); the systems a lab applies to go in its top-level 'real: [etcd]'")
        }
        return mark
    }

    /// A step's marks make sense: only in a lab with `real:`, and a note only on a skipped step.
    static func check(_ step: LabStep, at field: YAMLField, labHasReal: Bool) throws {
        let m = try field.mapping()
        if let r = m["real"], !labHasReal {
            throw r.keyError("'real: \(step.real?.rawValue ?? "")' needs the lab's top-level 'real: [SYSTEM]' (the real systems it runs against)")
        }
        if let n = m["real_note"], step.real != .skip {
            throw n.keyError("'real_note:' says why a step is skipped on a real cluster: it goes with 'real: skip'")
        }
    }
}
