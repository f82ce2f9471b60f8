import ClusterSim

/// Type-checks and evaluates predicates. Checking happens when a lab is
/// loaded (so a typo is a `file:line:column` error, not a lab that never
/// finishes); evaluation happens on the live run.
public enum PredicateEvaluator {
    /// Properties every node has, whatever its protocol.
    public static let nodeProperties: [String: PredicateType] = [
        "role": .string, "term": .number, "epoch": .number, "up": .bool, "crashed": .bool,
        "paused": .bool, "name": .string, "log": .number, "committed": .number,
    ]
    /// Names that mean something anywhere.
    public static let globals: [String: PredicateType] = ["leader": .node, "now": .number, "servers": .number]

    /// The functions, their argument types and result, for checking and for the docs.
    public static let functions: [String: (args: [PredicateType], optional: Int, result: PredicateType, help: String)] = [
        "count": ([.bool], 0, .number, "count(cond): servers for which cond holds, e.g. count(role == leader)"),
        "all": ([.bool], 0, .bool, "all(cond): cond holds for every server"),
        "any": ([.bool], 0, .bool, "any(cond): cond holds for some server"),
        "partitioned": ([.node, .node], 0, .bool, "partitioned(a, b): a and b cannot reach each other"),
        "connected": ([.node, .node], 0, .bool, "connected(a, b): messages get through both ways"),
        "committed": ([.node], 0, .number, "committed(n): committed entries in n's log"),
        "log_length": ([.node], 0, .number, "log_length(n): entries in n's log"),
        "term": ([.node], 0, .number, "term(n): n's term (epoch)"),
        "no_leader_for": ([.number], 0, .bool, "no_leader_for(2s): no server has been leader for at least this long"),
        "sent": ([.string], 1, .number, "sent('Kind'): messages sent so far (of that kind)"),
        "delivered": ([.string], 1, .number, "delivered('Kind'): messages delivered so far"),
        "dropped": ([.string], 1, .number, "dropped('Kind'): messages dropped so far"),
        "converged": ([.string], 0, .bool, "converged(field): every running server shows the same value of field"),
        "field": ([.node, .string], 0, .field, "field(n, 'name'): a protocol field of node n"),
        "field_number": ([.node, .string], 0, .number, "field_number(n, 'name'): the number a field starts with ('1234us' is 1234)"),
        "lamport": ([.node], 0, .number, "lamport(n): n's Lamport clock now"),
        "clock": ([.node, .node], 0, .number, "clock(n, m): n's vector clock entry for m (how many of m's events n knows of)"),
        "concurrent": ([.node, .node], 0, .bool, "concurrent(a, b): a's latest event and b's are concurrent (vector clocks incomparable)"),
        "happened_before": ([.node, .node], 0, .bool, "happened_before(a, b): a's latest event happened before b's"),
    ].merging(families.flatMap(\.functions)) { core, _ in core }

    typealias FunctionTable = [String: (args: [PredicateType], optional: Int, result: PredicateType, help: String)]
    typealias FamilyCall = @Sendable (String, [PredicateExpr], LabWorld, NodeID?) -> PredicateValue
    /// The function families kept in files of their own, each its table and
    /// its evaluator: one line here adds a family to checking, the docs and
    /// evaluation alike.
    static let families: [(functions: FunctionTable, call: FamilyCall)] = [
        (listAndPlacementFunctions, callListOrPlacement), (clientHistoryFunctions, callClientHistory),
        (broadcastFunctions, callBroadcast), (transactionFunctions, callTransactions), (cartFunctions, callCart),
        (storageFunctions, callStorage), (consumerGroupFunctions, callConsumerGroups), (kafkaFunctions, callKafka),
    ]

    // MARK: Checking

    /// Checks that `expr` is a well-typed boolean condition. `fields` are the
    /// protocol field names known to exist (bare words matching them are fields).
    public static func checkCondition(_ expr: PredicateExpr, layout: ClusterLayout, fields: Set<String>) throws {
        let t = try type(of: expr, layout: layout, fields: fields, inNode: false)
        guard t == .bool else {
            throw PredicateError(offset: expr.startOffset, message: "this is a \(t.rawValue), but a condition (true or false) is needed")
        }
    }

    /// Checks a numeric expression (for `predict` with a number).
    public static func checkNumber(_ expr: PredicateExpr, layout: ClusterLayout, fields: Set<String>) throws {
        let t = try type(of: expr, layout: layout, fields: fields, inNode: false)
        guard t == .number || t == .field else {
            throw PredicateError(offset: expr.startOffset, message: "this is a \(t.rawValue), but a number is needed")
        }
    }

    static func type(of e: PredicateExpr, layout: ClusterLayout, fields: Set<String>, inNode: Bool) throws -> PredicateType {
        let recurse = { (x: PredicateExpr, node: Bool) in try type(of: x, layout: layout, fields: fields, inNode: node) }
        switch e {
        case .number: return .number
        case .string: return .string
        case .bool: return .bool
        case .name(let n, _):
            if inNode, let t = nodeProperties[n] { return t }
            if inNode, fields.contains(n) { return .field }
            if let t = globals[n] { return t }
            if layout.node(named: n) != nil { return .node }
            if Self.looksLikeNode(n) { throw PredicateError(offset: e.offset, message: NodeNames.unknownNode(n, layout)) }
            return .symbol
        case .member(let base, let prop, let at):
            // `leader.term` is the cluster's leader's term, even inside count(…)
            // where a protocol may have a field called `leader`.
            let baseIsLeader: Bool = { if case .name("leader", _) = base { return true }; return false }()
            guard try baseIsLeader || recurse(base, inNode) == .node else {
                throw PredicateError(offset: base.offset, message: "only a node has properties (like n1.role or leader.term)")
            }
            if let t = nodeProperties[prop] { return t }
            if fields.contains(prop) { return .field }
            let known = (nodeProperties.keys.sorted() + fields.sorted())
            throw PredicateError(offset: at, message: "nodes have no property '\(prop)'; they have: \(known.joined(separator: ", "))")
        case .call(let name, let args, let at):
            guard let f = functions[name] else {
                let hint = Self.closest(name, functions.keys.sorted()).map { " (did you mean \($0)?)" } ?? ""
                throw PredicateError(offset: at, message: "unknown function '\(name)'\(hint)")
            }
            guard args.count <= f.args.count, args.count >= f.args.count - f.optional else {
                throw PredicateError(offset: at, message: "\(name) takes \(f.args.count) argument\(f.args.count == 1 ? "" : "s"): \(f.help)")
            }
            let perNode = ["count", "all", "any"].contains(name)
            for (arg, want) in zip(args, f.args) {
                let got = try recurse(arg, perNode)
                let ok = got == want || (want == .string && got == .symbol) || (got == .field && (want == .number || want == .string))
                    || (name == "converged" && (got == .field || got == .symbol))
                guard ok else {
                    throw PredicateError(offset: arg.offset, message: "\(name) needs a \(want.rawValue) here, not a \(got.rawValue): \(f.help)")
                }
            }
            try checkListAndPlacementArguments(name, args)
            return f.result
        case .unary(_, let x, _):
            guard try recurse(x, inNode) == .bool else { throw PredicateError(offset: x.offset, message: "'!' needs a condition") }
            return .bool
        case .binary(let op, let l, let r, let at):
            let lt = try recurse(l, inNode), rt = try recurse(r, inNode)
            switch op {
            case "&&", "||":
                for (x, t) in [(l, lt), (r, rt)] where t != .bool {
                    throw PredicateError(offset: x.startOffset, message: "'\(op)' joins conditions; this is a \(t.rawValue)")
                }
                return .bool
            case "+", "-", "*", "/":
                for (x, t) in [(l, lt), (r, rt)] where t != .number && t != .field {
                    throw PredicateError(offset: x.offset, message: "'\(op)' needs numbers; this is a \(t.rawValue)")
                }
                return .number
            default:
                // `role == leader`: a bare word compared with text is a word, even if it is also a name.
                if op == "==" || op == "!=" {
                    if symbolWord(comparedWith: l, r) != nil || symbolWord(comparedWith: r, l) != nil { return .bool }
                    if lt == .string, case .name = r { return .bool }
                    if rt == .string, case .name = l { return .bool }
                }
                if lt == .symbol && rt == .symbol {
                    throw PredicateError(offset: l.offset, message: "unknown name '\(Self.word(l))'")
                }
                for (x, t) in [(l, lt), (r, rt)] where t == .symbol {
                    let other = t == lt ? rt : lt
                    if other != .string && other != .field {
                        throw PredicateError(offset: x.offset, message: "unknown name '\(Self.word(x))'")
                    }
                }
                let numeric: Set<PredicateType> = [.number, .field]
                if ["<", "<=", ">", ">="].contains(op), !(numeric.contains(lt) && numeric.contains(rt)) {
                    throw PredicateError(offset: at, message: "'\(op)' compares numbers; here: \(lt.rawValue) and \(rt.rawValue)")
                }
                if op == "==" || op == "!=" {
                    let compatible = lt == rt || lt == .field || rt == .field || [lt, rt].allSatisfy { $0 == .string || $0 == .symbol }
                    if !compatible {
                        throw PredicateError(offset: at, message: "'\(op)' compares a \(lt.rawValue) with a \(rt.rawValue)")
                    }
                }
                return .bool
            }
        }
    }

    /// `role == leader`, `n1.name == n3`: a bare word compared with a node's
    /// role or name is always that word, even if it also names a node, a
    /// global or a protocol field (Raft nodes have a `leader` field).
    static func symbolWord(comparedWith property: PredicateExpr, _ other: PredicateExpr) -> String? {
        let isText: Bool
        switch property {
        case .name(let p, _), .member(_, let p, _): isText = p == "role" || p == "name"
        default: isText = false
        }
        guard isText, case .name(let w, _) = other else { return nil }
        return w
    }

    static func looksLikeNode(_ n: String) -> Bool {
        guard let f = n.first, f == "n" || f == "c" else { return false }
        return n.count > 1 && Int(n.dropFirst()) != nil
    }

    static func word(_ e: PredicateExpr) -> String { if case .name(let n, _) = e { return n } else { return "?" } }

    static func closest(_ w: String, _ options: [String]) -> String? {
        YAMLField.suggestion(for: w, among: options)
    }

    // MARK: Evaluating

    public static func evaluate(_ e: PredicateExpr, in world: LabWorld, node: NodeID? = nil) -> PredicateValue {
        let run = world.run
        switch e {
        case .number(let v, _): return .number(v)
        case .string(let s, _): return .string(s)
        case .bool(let b, _): return .bool(b)
        case .name(let n, _):
            if let node, nodeProperties[n] != nil || (run.summary(of: node)?.fields.contains { $0.name == n } ?? false) {
                return property(n, of: node, world)
            }
            switch n {
            case "leader": return world.leader().map(PredicateValue.node) ?? .none
            case "now": return .number(Double(run.now.microseconds))
            case "servers": return .number(Double(run.layout.serverCount))
            default: break
            }
            if let id = run.layout.node(named: n) { return .node(id) }
            if node != nil, nodeProperties[n] == nil, world.seenFields.contains(n) { return .none }
            return .string(n)
        case .member(let base, let prop, _):
            if case .name("leader", _) = base {
                guard let id = world.leader() else { return .none }
                return property(prop, of: id, world)
            }
            guard case .node(let id) = evaluate(base, in: world, node: node) else { return .none }
            return property(prop, of: id, world)
        case .call(let name, let args, _):
            return call(name, args, world, node)
        case .unary(_, let x, _):
            return .bool(!evaluate(x, in: world, node: node).truth)
        case .binary(let op, let l, let r, _):
            if op == "&&" { return .bool(evaluate(l, in: world, node: node).truth && evaluate(r, in: world, node: node).truth) }
            if op == "||" { return .bool(evaluate(l, in: world, node: node).truth || evaluate(r, in: world, node: node).truth) }
            var a = evaluate(l, in: world, node: node), b = evaluate(r, in: world, node: node)
            if op == "==" || op == "!=" {
                if let w = symbolWord(comparedWith: l, r) { b = .string(w) }
                else if let w = symbolWord(comparedWith: r, l) { a = .string(w) }
                // A bare word that names no text (the global leader, a node) compared with text is that word.
                else if case .string = a, case .name(let w, _) = r, !b.isText { b = .string(w) }
                else if case .string = b, case .name(let w, _) = l, !a.isText { a = .string(w) }
            }
            switch op {
            case "+", "-", "*":
                guard let x = number(a), let y = number(b) else { return .none }
                return .number(op == "+" ? x + y : op == "-" ? x - y : x * y)
            case "/":
                // Dividing by zero has no value: comparisons with it are false.
                guard let x = number(a), let y = number(b), y != 0 else { return .none }
                return .number(x / y)
            case "==": return .bool(equal(a, b))
            case "!=": return .bool(!equal(a, b) && a != .none && b != .none)
            default:
                guard let x = number(a), let y = number(b) else { return .bool(false) }
                switch op {
                case "<": return .bool(x < y)
                case "<=": return .bool(x <= y)
                case ">": return .bool(x > y)
                default: return .bool(x >= y)
                }
            }
        }
    }

    static func number(_ v: PredicateValue) -> Double? {
        switch v {
        case .number(let d): return d
        case .string(let s): return Double(s)
        default: return nil
        }
    }

    static func equal(_ a: PredicateValue, _ b: PredicateValue) -> Bool {
        if a == .none || b == .none { return false }
        if let x = number(a), let y = number(b) { return x == y }
        return a == b
    }

    /// A field's value as a number: itself if it is one, else the number its
    /// text starts with (`1234us`, `93%`, `3 in flight`), else none.
    static func leadingNumber(_ v: PredicateValue) -> PredicateValue {
        switch v {
        case .number: return v
        case .string(let s):
            var prefix = ""
            for c in s {
                if c.isNumber || c == "." || (c == "-" && prefix.isEmpty) { prefix.append(c) } else { break }
            }
            return Double(prefix).map(PredicateValue.number) ?? .none
        default: return .none
        }
    }

    static func property(_ p: String, of n: NodeID, _ world: LabWorld) -> PredicateValue {
        let run = world.run
        let status = run.status(of: n)
        switch p {
        case "up": return .bool(status == .up)
        case "crashed": return .bool(status == .crashed)
        case "paused": return .bool(status == .paused)
        case "name": return .string(run.layout.name(n))
        default: break
        }
        guard let h = run.headline(of: n) else { return p == "role" ? .string("crashed") : .none }
        switch p {
        case "role": return .string(h.role)
        case "term", "epoch": return h.epoch.map { .number(Double($0)) } ?? .none
        default: break
        }
        guard let s = run.summary(of: n) else { return .none }
        switch p {
        case "log": return .number(Double(s.totalLogLength))
        case "committed": return .number(Double(s.totalCommitted))
        default:
            guard let f = s.fields.first(where: { $0.name == p }) else { return .none }
            return Double(f.value).map(PredicateValue.number) ?? .string(f.value)
        }
    }

    static func call(_ name: String, _ args: [PredicateExpr], _ world: LabWorld, _ node: NodeID?) -> PredicateValue {
        let run = world.run
        let arg = { (i: Int) in evaluate(args[i], in: world, node: node) }
        func nodeArg(_ i: Int) -> NodeID? { if case .node(let n) = arg(i) { return n } else { return nil } }
        switch name {
        case "count", "all", "any":
            let hits = run.layout.servers.filter { evaluate(args[0], in: world, node: $0).truth }.count
            if name == "count" { return .number(Double(hits)) }
            return .bool(name == "all" ? hits == run.layout.serverCount : hits > 0)
        case "partitioned", "connected":
            guard let a = nodeArg(0), let b = nodeArg(1) else { return .none }
            let cut = run.network.partitioned(a, b)
            return .bool(name == "partitioned" ? cut : !cut)
        case "committed", "log_length", "term":
            guard let n = nodeArg(0) else { return .none }
            return property(name == "log_length" ? "log" : name, of: n, world)
        case "no_leader_for":
            guard let d = number(arg(0)), let since = world.leaderlessSince else { return .bool(false) }
            return .bool(Double(run.now.microseconds - since) >= d)
        case "sent", "delivered", "dropped":
            let kind: TraceEvent.Kind = name == "sent" ? .send : name == "delivered" ? .deliver : .drop
            let filter: String? = args.isEmpty ? nil : arg(0).description
            let trace = run.trace
            var n = 0
            for e in trace.events where e.kind == kind {
                if let filter, run.messageKind(e.message) != filter { continue }
                n += 1
            }
            return .number(Double(n))
        case "converged":
            let field = args[0]
            let key: String
            if case .name(let w, _) = field { key = w } else { key = arg(0).description }
            let values = run.layout.servers.filter { run.status(of: $0) == .up }.map { property(key, of: $0, world) }
            return .bool(Set(values).count <= 1 && !values.contains(.none))
        case "field":
            guard let n = nodeArg(0) else { return .none }
            return property(arg(1).description, of: n, world)
        case "field_number":
            guard let n = nodeArg(0) else { return .none }
            return leadingNumber(property(arg(1).description, of: n, world))
        case "lamport":
            guard let n = nodeArg(0) else { return .none }
            return .number(Double(run.lamport(of: n)))
        case "clock":
            guard let n = nodeArg(0), let m = nodeArg(1) else { return .none }
            return .number(Double(run.vectorClock(of: n).entries[m.index]))
        case "concurrent", "happened_before":
            guard let a = nodeArg(0), let b = nodeArg(1) else { return .none }
            let va = run.vectorClock(of: a), vb = run.vectorClock(of: b)
            return .bool(name == "concurrent" ? va.isConcurrent(with: vb) : va < vb)
        default:
            return families.first { $0.functions[name] != nil }?.call(name, args, world, node) ?? .none
        }
    }
}

/// A parsed, checked predicate with its source text.
public struct Predicate: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let expr: PredicateExpr
    public init(text: String, expr: PredicateExpr) { self.text = text; self.expr = expr }
    public var description: String { text }

    public func holds(in world: LabWorld) -> Bool { PredicateEvaluator.evaluate(expr, in: world).truth }
    public func value(in world: LabWorld) -> PredicateValue { PredicateEvaluator.evaluate(expr, in: world) }
}
