import ClusterSim
import ClusterProtocols
import Yams

/// Reads lab files strictly: every error is `file:line:column: message` with
/// the line and a caret, and the loader never crashes or hangs on any input.
public enum LabLoader {
    public static let keys = ["id", "title", "topic", "summary", "prerequisites", "minutes", "courseware", "scenario", "scenarios", "steps", "real"]
    static let stepKinds = ["say", "run", "do", "ask", "predict", "task", "checkpoint", "use"]

    /// The numbers a lab's header and steps may set, with their ranges
    /// (Labs/README.md §3 lists them from here with the scenario's).
    public static let settings: [ParameterSpec] = [
        .count("minutes", 1...600),
        .init("for", .duration(1...ParameterSpec.horizonRange.upperBound), note: "`run` steps"),
        .init("limit", .duration(1...ParameterSpec.horizonRange.upperBound), note: "`run` and `task` steps; default 10s and 5s"),
        .count("points", 1...100, note: "`ask`, `predict` and `task` steps"),
        .init("number", .number(-1e15...1e15), note: "an `ask` step's answer"),
        .init("tolerance", .number(0...1e15), note: "`ask` and `predict` steps"),
    ]

    /// Parses a lab. Predicates are checked against the scenario they run
    /// in: the one the lab starts with, then the one the last `use:` step
    /// named; protocol field names are learned by running each scenario briefly.
    public static func load(_ source: SourceText) throws -> Lab {
        let root = try YAMLField.document(source)
        let map = try root.mapping(allowed: keys)
        let named = try namedScenarios(map["scenarios"])
        let start: (scenario: Scenario, reader: StepReader)
        if let field = map["scenario"] {
            start = try read(field, names: named.map(\.name))
        } else if let first = named.first {
            start = (first.scenario, first.reader)
        } else {
            throw root.error("missing required key 'scenario' (or 'scenarios:', named clusters; the lab starts with the first)")
        }
        var reader = start.reader
        var steps: [LabStep] = []
        let realSystems = try RealMarks.systems(map["real"], scenarios: [start.scenario] + named.map(\.scenario))
        for field in try map.required("steps").sequence() {
            let step = try reader.step(field)
            try RealMarks.check(step, at: field, labHasReal: !realSystems.isEmpty)
            if case .use(let name) = step.kind, let next = named.first(where: { $0.name == name }) { reader = next.reader }
            steps.append(step)
        }
        if steps.isEmpty { throw try map.required("steps").error("a lab needs at least one step") }
        var lab = Lab(
            id: try identifier(map.required("id")),
            title: try map.required("title").string(),
            topic: try map.required("topic").string(),
            summary: try map["summary"]?.string() ?? "",
            prerequisites: try map["prerequisites"]?.sequence().map { try $0.string() } ?? [],
            minutes: try ParameterSection(map, declared: settings).int("minutes", default: 15),
            courseware: try map["courseware"]?.string(),
            scenario: start.scenario,
            scenarios: Dictionary(uniqueKeysWithValues: named.map { ($0.name, $0.scenario) }),
            steps: steps.filter { $0.real != .only }, source: source)
        lab.realSystems = realSystems
        lab.authoredSteps = steps
        try checkUnique(lab, map)
        return lab
    }

    /// `scenarios: {ap: {…}, cp: {…}}`, in file order, each with the step
    /// reader that checks predicates against it.
    static func namedScenarios(_ field: YAMLField?) throws -> [(name: String, scenario: Scenario, reader: StepReader)] {
        guard let field else { return [] }
        let map = try field.mapping()
        if map.fields.isEmpty { throw field.error("'scenarios' needs at least one named scenario") }
        let names = map.keys
        return try map.fields.map { key, value in
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw value.keyError("a scenario name is letters, digits, '-' and '_' (got '\(key)')")
            }
            let (scenario, reader) = try read(value, names: names)
            return (key, scenario, reader)
        }
    }

    /// One scenario and the reader for the steps that run in it.
    static func read(_ field: YAMLField, names: [String]) throws -> (scenario: Scenario, reader: StepReader) {
        // A run of real processes (`maelstrom`) has one client per node unless told.
        let scenario = try Scenario.parse(field) { ProtocolCatalog.definition(named: $0)?.defaultClients
            ?? (ExternalRuns.protocolNames.contains($0) ? 3 : nil) }
        // Real processes are not started just to load a file: their nodes show pid, status and phase;
        // a real cluster's system says which fields its nodes show.
        let fields: Set<String>
        if ExternalRuns.realSystem(of: scenario.protocolName) != nil { fields = try realFields(scenario, at: field) }
        else if ExternalRuns.protocolNames.contains(scenario.protocolName) { fields = ["pid", "status", "phase"] }
        else { fields = try knownFields(scenario, at: field) }
        return (scenario, StepReader(layout: scenario.layout, fields: fields, scenarioNames: names))
    }

    /// A real scenario checked without starting it: its parameters, and its
    /// node count against the system's (when this program has the system).
    /// Its nodes' fields: `leader` and `pid` on every real node, and the system's own.
    static func realFields(_ scenario: Scenario, at field: YAMLField) throws -> Set<String> {
        let spec = try RealClusterSpec.read(scenario)
        let fields = (RealClusterSpec.nodeFields[spec.system] ?? []).union(["leader", "pid"])
        guard let check = ExternalRuns.realCheck(scenario.protocolName) else { return fields }
        let count: Int
        do { count = try check(spec) }
        catch let e as SourceError { throw e }
        catch { throw spec.error("real \(spec.system): \(error)") }
        if count != spec.nodes {
            let at = (try? field.mapping())?["nodes"]
            let message = "nodes: \(spec.nodes), but this real \(spec.system) cluster has \(count) servers; write 'nodes: \(count)'"
            throw at?.error(message) ?? scenario.protocolField.error(message)
        }
        return fields
    }

    static func identifier(_ f: YAMLField) throws -> String {
        let s = try f.string()
        guard !s.isEmpty, s.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw f.error("an id is letters, digits, '-' and '_' (got '\(s)')")
        }
        return s
    }

    /// Field names the protocol's nodes show, learned from a short run.
    static func knownFields(_ scenario: Scenario, at field: YAMLField) throws -> Set<String> {
        let run = try ProtocolCatalog.makeRun(scenario)
        let world = LabWorld(run: run)
        world.collectFields()
        var steps: Int64 = 0
        while steps < 20_000, run.now.microseconds < 3_000_000, run.step() {
            steps += 1
            if steps % 200 == 0 { world.collectFields() }
        }
        world.collectFields()
        return world.seenFields
    }

    static func checkUnique(_ lab: Lab, _ map: YAMLMapping) throws {
        var ids: [String: Int] = [:]
        for s in lab.authoredSteps {
            guard let id = s.id else { continue }
            if let first = ids[id] {
                throw lab.source.error(line: s.line, column: 1, "step id '\(id)' is already used by the step on line \(first)")
            }
            ids[id] = s.line
        }
        var names = Set<String>()
        for (name, i) in lab.checkpoints where !names.insert(name).inserted {
            throw lab.source.error(line: lab.steps[i].line, column: 1, "checkpoint '\(name)' appears twice")
        }
    }
}

/// Reads one step.
struct StepReader {
    let layout: ClusterLayout
    let fields: Set<String>
    /// The names a `use:` step may give (the lab's `scenarios:`).
    var scenarioNames: [String] = []

    func step(_ f: YAMLField) throws -> LabStep {
        let m = try f.mapping(allowed: ["id", "notes"] + LabLoader.stepKinds + ["real", "real_note"])
        let kinds = m.fields.filter { LabLoader.stepKinds.contains($0.key) }
        guard kinds.count == 1, let (kind, v) = kinds.first.map({ ($0.key, $0.value) }) else {
            throw f.error("each step needs exactly one of: \(LabLoader.stepKinds.joined(separator: ", "))")
        }
        let id = try m["id"].map(LabLoader.identifier)
        let k: LabStep.Kind
        switch kind {
        case "say": k = .say(try v.string())
        case "run": k = .run(try run(v))
        case "do":
            if case .sequence = v.node { k = .perform(try v.sequence().map(action)) }
            else { k = .perform([try action(v)]) }
        case "ask": k = .ask(try question(v))
        case "predict": k = .predict(try prediction(v))
        case "task": k = .task(try task(v))
        case "use": k = .use(try scenarioName(v))
        default: k = .checkpoint(try LabLoader.identifier(v))
        }
        if k.needsID && id == nil {
            throw f.error("'\(kind)' steps need an 'id:' (answers files and progress refer to it)")
        }
        return LabStep(id: id, kind: k, notes: try m["notes"]?.string(), line: f.line, column: f.column,
                       real: try m["real"].map(RealMarks.mark), realNote: try m["real_note"]?.string())
    }

    /// A name from the lab's `scenarios:`; anything else is an error at the name.
    func scenarioName(_ f: YAMLField) throws -> String {
        let name = try f.string()
        guard scenarioNames.contains(name) else {
            if scenarioNames.isEmpty {
                throw f.error("unknown scenario '\(name)': this lab has no 'scenarios:' to switch to")
            }
            let hint = YAMLField.suggestion(for: name, among: scenarioNames).map { " (did you mean '\($0)'?)" } ?? ""
            throw f.error("unknown scenario '\(name)'\(hint); this lab's scenarios: \(scenarioNames.joined(separator: ", "))")
        }
        return name
    }

    /// A predicate written in a YAML scalar, with errors at its exact column.
    func predicate(_ f: YAMLField, number: Bool = false, everyEvent: Bool = false) throws -> Predicate {
        let text = try f.string()
        do {
            let expr = try PredicateParser.parse(text)
            if everyEvent { try PredicateEvaluator.checkEveryEvent(expr) }
            if number { try PredicateEvaluator.checkNumber(expr, layout: layout, fields: fields) }
            else { try PredicateEvaluator.checkCondition(expr, layout: layout, fields: fields) }
            return Predicate(text: text, expr: expr)
        } catch let e as PredicateError {
            var column = f.column + e.offset
            if case .scalar(let s) = f.node, s.style == .singleQuoted || s.style == .doubleQuoted { column += 1 }
            let multiLine = text.contains("\n")
            throw f.source.error(line: f.line, column: multiLine ? f.column : column, "\(f.path): \(e.message)")
        }
    }

    func run(_ f: YAMLField) throws -> RunSpec {
        let m = try f.mapping(allowed: ["until", "for", "limit", "otherwise"])
        let p = ParameterSection(m, declared: LabLoader.settings)
        let until = try m["until"].map { try predicate($0, everyEvent: true) }
        let duration = try p.duration("for")
        if until == nil && duration == nil { throw f.error("a run needs 'until: condition' or 'for: duration'") }
        if until != nil && duration != nil { throw f.error("give 'until' (with 'limit') or 'for', not both") }
        if until == nil, m["limit"] != nil { throw m["limit"]!.keyError("'limit' goes with 'until'") }
        let limit = try p.duration("limit", default: 10_000_000)
        return RunSpec(until: until, duration: duration, limit: limit, otherwise: try m["otherwise"]?.string())
    }

    func action(_ f: YAMLField) throws -> ActionTemplate {
        let text = try f.string()
        var placeholders: [Predicate] = []
        var concrete = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            concrete += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { throw f.error("'{' without a closing '}'") }
            let inner = String(rest[rest.index(after: open)..<close])
            do {
                let expr = try PredicateParser.parse(inner)
                let t = try PredicateEvaluator.type(of: expr, layout: layout, fields: fields, inNode: false)
                guard t == .node else { throw PredicateError(offset: 0, message: "{\(inner)} must name a node (like {leader}), not a \(t.rawValue)") }
                placeholders.append(Predicate(text: inner, expr: expr))
            } catch let e as PredicateError { throw f.error(e.message) }
            concrete += "n1"
            rest = rest[rest.index(after: close)...]
        }
        concrete += rest
        do { _ = try CommandSyntax.action(concrete, layout) }
        catch let e as CommandSyntax.Problem { throw f.error(e.message) }
        return ActionTemplate(text: text, placeholders: placeholders)
    }

    func question(_ f: YAMLField, allowedExtra: [String] = []) throws -> Question {
        let m = try f.mapping(allowed: ["prompt", "choices", "multiple", "number", "tolerance", "accept", "points", "explanation"] + allowedExtra)
        let p = ParameterSection(m, declared: LabLoader.settings)
        let forms = ["choices", "number", "accept"].filter { m[$0] != nil }
        guard forms.count == 1 else { throw f.error("a question needs exactly one of: choices, number, accept") }
        let answer: Question.Answer
        switch forms[0] {
        case "choices":
            let choices = try m["choices"]!.sequence().map(choice)
            let multiple = try m["multiple"]?.bool() ?? false
            let correct = choices.filter(\.correct).count
            if choices.count < 2 { throw m["choices"]!.error("a choice question needs at least two choices") }
            if correct == 0 { throw m["choices"]!.error("no choice is marked 'correct: true'") }
            if !multiple && correct > 1 { throw m["choices"]!.error("\(correct) choices are correct; add 'multiple: true' or mark one") }
            answer = .choice(options: choices, multiple: multiple)
        case "number":
            answer = .number(value: try p.double("number", default: 0), tolerance: try p.double("tolerance", default: 0))
        default:
            let accept = try m["accept"]!.sequence().map { try $0.string() }
            if accept.isEmpty { throw m["accept"]!.error("list at least one accepted answer") }
            answer = .text(accept: accept)
        }
        return Question(prompt: try m.required("prompt").string(), answer: answer,
                        points: try p.int("points", default: 1), explanation: try m["explanation"]?.string())
    }

    func choice(_ f: YAMLField) throws -> Question.Choice {
        if case .scalar = f.node { return Question.Choice(text: try f.string(), correct: false, feedback: nil) }
        let m = try f.mapping(allowed: ["text", "correct", "feedback"])
        return Question.Choice(text: try m.required("text").string(), correct: try m["correct"]?.bool() ?? false,
                               feedback: try m["feedback"]?.string())
    }

    func prediction(_ f: YAMLField) throws -> Prediction {
        let m = try f.mapping(allowed: ["prompt", "choices", "number", "tolerance", "then", "points", "explanation"])
        let p = ParameterSection(m, declared: LabLoader.settings)
        let key: Prediction.Key
        if let c = m["choices"] {
            if m["number"] != nil { throw f.error("give 'choices' or 'number', not both") }
            let options = try c.sequence().map { item -> (text: String, when: Predicate, feedback: String?) in
                let om = try item.mapping(allowed: ["text", "when", "feedback"])
                return (try om.required("text").string(), try predicate(try om.required("when")), try om["feedback"]?.string())
            }
            if options.count < 2 { throw c.error("a prediction needs at least two choices") }
            key = .choice(options)
        } else if let n = m["number"] {
            key = .number(try predicate(n, number: true), tolerance: try p.double("tolerance", default: 0))
        } else {
            throw f.error("a prediction needs 'choices' (each with 'when: condition') or 'number: expression'")
        }
        return Prediction(prompt: try m.required("prompt").string(), key: key, then: try run(try m.required("then")),
                          points: try p.int("points", default: 1), explanation: try m["explanation"]?.string())
    }

    func task(_ f: YAMLField) throws -> LabTask {
        let m = try f.mapping(allowed: ["prompt", "goal", "hints", "limit", "points"])
        let p = ParameterSection(m, declared: LabLoader.settings)
        return LabTask(prompt: try m.required("prompt").string(), goal: try predicate(try m.required("goal"), everyEvent: true),
                       hints: try m["hints"]?.sequence().map { try $0.string() } ?? [],
                       limit: try p.duration("limit", default: 5_000_000), points: try p.int("points", default: 1))
    }
}

extension LabStep.Kind {
    var needsID: Bool {
        switch self {
        case .ask, .predict, .task: return true
        default: return false
        }
    }
}
