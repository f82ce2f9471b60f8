import ClusterSim
import LabKit

/// A lab predicate read aloud: `n1.role == candidate` becomes "n1 is a
/// candidate", `any(term >= 2)` "some server's term is at least 2",
/// `now >= 6500000` "the time is at least 6.5s". Shown to students in the
/// guide instead of the expression language; what it has no words for keeps
/// its syntax, so nothing is hidden.
enum PredicateWords {
    static func describe(_ p: Predicate) -> String { sentence(p.expr) }

    /// A whole condition.
    static func sentence(_ e: PredicateExpr, each: Bool = false) -> String {
        switch e {
        case .binary("&&", _, _, _), .binary("||", _, _, _):
            let op: String
            if case .binary(let o, _, _, _) = e { op = o } else { op = "&&" }
            let parts = flatten(e, op).map { sentence($0, each: each) }
            return joined(grouped(parts), op == "&&" ? "and" : "or")
        case .binary(let op, let l, let r, _) where comparisons[op] != nil:
            return comparison(op, l, r, each: each)
        case .unary(let op, let inner, _) where op == "!" || op == "not":
            if case .member(.name("leader", _), "up", _) = inner { return "no leader is up" }
            if case .member(let base, let prop, _) = inner, let state = states[prop] { return "\(noun(base, each: each)) is not \(state)" }
            if case .call(let f, let args, _) = inner, let positive = call(f, args, each: each), f == "converged" || f == "partitioned" || f == "connected" {
                return "not: " + positive
            }
            return "not (" + sentence(inner, each: each) + ")"
        case .member(.name("leader", _), "up", _):
            return "a leader is up"
        case .member(let base, let prop, _) where states[prop] != nil:
            return "\(noun(base, each: each)) is \(states[prop]!)"
        case .name(let prop, _) where each && states[prop] != nil:
            return "it is \(states[prop]!)"
        case .call(let f, let args, _):
            if let words = call(f, args, each: each) { return words }
            return code(e)
        case .bool(let b, _):
            return b ? "always" : "never"
        default:
            return code(e)
        }
    }

    static let comparisons = ["==": "is", "!=": "is not", ">=": "is at least", "<=": "is at most", ">": "is more than", "<": "is less than"]
    static let states = ["up": "up", "crashed": "crashed", "paused": "paused"]

    static func comparison(_ op: String, _ l: PredicateExpr, _ r: PredicateExpr, each: Bool) -> String {
        // A role: "n1 is a candidate", "n3 is not the leader".
        if case .member(let base, "role", _) = l, case .name(let role, _) = r {
            return "\(noun(base, each: each)) \(comparisons[op]!) \(article(role))"
        }
        if each, case .name("role", _) = l, case .name(let role, _) = r {
            return "it \(comparisons[op]!) \(article(role))"
        }
        // `count(up) == 3`: "3 servers are up".
        if case .call("count", let args, _) = l, args.count == 1, case .number(let n, _) = r, op == "==" {
            let count = number(n)
            let what = sentence(args[0], each: true)
            if what.hasPrefix("it is ") { return "\(count) server\(n == 1 ? " is" : "s are") " + what.dropFirst(6) }
            return "\(count) server\(n == 1 ? "" : "s") where \(what)"
        }
        let isTime: Bool = { if case .name("now", _) = l { return true } else { return false } }()
        return "\(value(l, each: each)) \(comparisons[op]!) \(value(r, each: each, asTime: isTime))"
    }

    /// A value: a node, a property, a number, a time.
    static func value(_ e: PredicateExpr, each: Bool, asTime: Bool = false) -> String {
        switch e {
        case .number(let n, _): return asTime ? DurationText.format(Int64(n)) : number(n)
        case .string(let s, _): return "'\(s)'"
        case .name("now", _): return "the time"
        case .name("servers", _): return "the number of servers"
        case .name(let w, _): return noun(e, each: each) == w && each ? "its \(w)" : noun(e, each: each)
        case .member(let base, let prop, _): return "\(possessive(noun(base, each: each))) \(prop)"
        case .binary(let op, let l, let r, _) where ["+", "-", "*", "/"].contains(op):
            return "\(value(l, each: each)) \(op) \(value(r, each: each))"
        case .call(let f, let args, _): return call(f, args, each: each) ?? code(e)
        default: return code(e)
        }
    }

    /// The words for a function, if it has some.
    static func call(_ f: String, _ args: [PredicateExpr], each: Bool) -> String? {
        let v = { (i: Int) in value(args[i], each: each) }
        switch (f, args.count) {
        case ("count", 1): return "the number of servers where \(sentence(args[0], each: true))"
        case ("all", 1): return quantified("every server", args[0])
        case ("any", 1): return quantified("some server", args[0])
        case ("converged", 1): return "every server has the same \(v(0))"
        case ("committed", 1): return "\(possessive(v(0))) committed entries"
        case ("log_length", 1): return "\(possessive(v(0))) log length"
        case ("term", 1): return "\(possessive(v(0))) term"
        case ("no_leader_for", 1): return "there has been no leader for \(value(args[0], each: each, asTime: true))"
        case ("partitioned", 2): return "\(v(0)) and \(v(1)) are cut off from each other"
        case ("connected", 2): return "\(v(0)) and \(v(1)) can reach each other"
        case ("sent", _), ("delivered", _), ("dropped", _):
            return "the number of \(args.isEmpty ? "" : v(0) + " ")messages \(f)"
        case ("field", 2), ("field_number", 2):
            if case .string(let name, _) = args[1] { return "\(possessive(v(0))) \(name)" }
            return nil
        case ("lamport", 1): return "\(possessive(v(0))) Lamport clock"
        case ("clock", 2): return "\(possessive(v(0))) vector-clock entry for \(v(1))"
        case ("happened_before", 2): return "\(v(0)) happened before \(v(1))"
        case ("concurrent", 2): return "\(v(0)) and \(v(1)) are concurrent"
        case ("has_item", 2): return "\(v(1)) is in \(v(0))"
        default: return nil
        }
    }

    /// `all(term >= 2)`: "every server's term is at least 2"; `all(up)`: "every server is up".
    static func quantified(_ who: String, _ e: PredicateExpr) -> String {
        let inner = sentence(e, each: true)
        if inner.hasPrefix("it is ") { return who + " is " + inner.dropFirst(6) }
        if inner.hasPrefix("its ") { return possessive(who) + " " + inner.dropFirst(4) }
        return "\(who): \(inner)"
    }

    static func noun(_ e: PredicateExpr, each: Bool) -> String {
        if case .name(let w, _) = e {
            if w == "leader" { return "the leader" }
            if w == "now" { return "the time" }
            return w
        }
        return value(e, each: each)
    }

    static func possessive(_ noun: String) -> String { noun.hasSuffix("s") ? noun + "'" : noun + "'s" }

    static func article(_ role: String) -> String {
        if role == "leader" { return "the leader" }
        return ("aeiou".contains(role.first ?? "x") ? "an " : "a ") + role
    }

    static func number(_ n: Double) -> String { n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n) }

    /// The operands of a chain of one operator, left to right.
    static func flatten(_ e: PredicateExpr, _ op: String) -> [PredicateExpr] {
        if case .binary(let o, let l, let r, _) = e, o == op { return flatten(l, op) + flatten(r, op) }
        return [e]
    }

    /// "n1 is a candidate", "n2 is a candidate" → "n1 and n2 are candidates".
    static func grouped(_ parts: [String]) -> [String] {
        var out: [String] = []
        var run: (names: [String], rest: String)?
        func flush() {
            guard let r = run else { return }
            if r.names.count == 1 { out.append("\(r.names[0]) is \(r.rest)") }
            else { out.append(joined(r.names, "and") + " are " + plural(r.rest)) }
            run = nil
        }
        for p in parts {
            let words = p.split(separator: " ", maxSplits: 2).map(String.init)
            if words.count == 3, words[1] == "is", words[0].first == "n", words[0].dropFirst().allSatisfy(\.isNumber),
               words[2].hasPrefix("a ") || words[2].hasPrefix("an ") || words[2] == "up" || words[2] == "crashed" {
                if run?.rest == words[2] { run!.names.append(words[0]); continue }
                flush()
                run = ([words[0]], words[2])
                continue
            }
            flush()
            out.append(p)
        }
        flush()
        return out
    }

    static func plural(_ s: String) -> String {
        if s.hasPrefix("a ") { return String(s.dropFirst(2)) + "s" }
        if s.hasPrefix("an ") { return String(s.dropFirst(3)) + "s" }
        return s
    }

    static func joined(_ parts: [String], _ word: String) -> String {
        parts.count <= 2 ? parts.joined(separator: " \(word) ") : parts.dropLast().joined(separator: ", ") + " \(word) " + parts.last!
    }

    /// What has no words: the expression as written.
    static func code(_ e: PredicateExpr) -> String {
        switch e {
        case .number(let n, _): return number(n)
        case .string(let s, _): return "'\(s)'"
        case .bool(let b, _): return b ? "true" : "false"
        case .name(let w, _): return w
        case .member(let b, let p, _): return code(b) + "." + p
        case .call(let f, let args, _): return f + "(" + args.map(code).joined(separator: ", ") + ")"
        case .unary(let op, let x, _): return op + code(x)
        case .binary(let op, let l, let r, _): return code(l) + " \(op) " + code(r)
        }
    }
}
