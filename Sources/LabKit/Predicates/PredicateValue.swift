import ClusterSim

/// What a predicate expression evaluates to.
public enum PredicateValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case bool(Bool)
    case string(String)
    case node(NodeID)
    /// No value: `leader` when there is none, a field a node doesn't have.
    case none

    public var truth: Bool { if case .bool(true) = self { return true } else { return false } }
    var isText: Bool { if case .string = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .number(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case .bool(let b): return String(b)
        case .string(let s): return s
        case .node(let n): return "#\(n.index)"
        case .none: return "none"
        }
    }
}

/// The static types the checker assigns.
public enum PredicateType: String, Sendable, Hashable {
    case number, bool, string, node
    /// A protocol field: number or text, known only at run time.
    case field
    /// A bare word that is not a name: a string compared by value.
    case symbol
}

/// The live state a predicate looks at: the run, plus what the lab has
/// observed over time (since when there has been no leader).
public final class LabWorld {
    public let run: ClusterRun
    /// Virtual time since which no server has been leader (nil: there is one).
    public private(set) var leaderlessSince: Int64? = 0
    /// Field names protocol summaries have shown (for the checker).
    public private(set) var seenFields = Set<String>()

    public init(run: ClusterRun) {
        self.run = run
        observe()
    }

    /// Records what must be remembered across steps; call after every step.
    public func observe() {
        if leader() != nil { leaderlessSince = nil }
        else if leaderlessSince == nil { leaderlessSince = run.now.microseconds }
    }

    /// Notes the field names nodes show now (used when validating labs).
    public func collectFields() {
        for n in run.layout.all { run.summary(of: n)?.fields.forEach { seenFields.insert($0.name) } }
    }

    /// The running server in role `leader` with the highest epoch.
    public func leader() -> NodeID? {
        var best: (NodeID, Int)?
        for n in run.layout.servers where run.status(of: n) == .up {
            guard let s = run.headline(of: n), s.role == "leader" else { continue }
            if best == nil || (s.epoch ?? 0) > best!.1 { best = (n, s.epoch ?? 0) }
        }
        return best?.0
    }
}
