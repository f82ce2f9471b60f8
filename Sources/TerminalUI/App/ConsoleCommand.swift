import ClusterSim

/// A line typed at the `:` prompt, parsed. Parsing never fails hard: a bad
/// line gives a message for the status line.
public enum ConsoleCommand: Hashable, Sendable {
    case cluster(ClusterAction)
    case speed(Double)
    case save(path: String)
    case seed(UInt64)
    case goTo(step: Int64)
    case filterNode(NodeID)
    case filterKinds(Set<TraceEvent.Kind>)
    case filterCleared
    case help
    case quit

    /// Every command with its usage, for help (and for `:help`).
    public static let catalogue: [(usage: String, help: String)] = [
        ("partition n1 n2 | n3 n4", "split (the rest: one more group)"),
        ("heal", "remove partitions and cuts"),
        ("crash n3 · restart n3", "crash a node, or bring it back"),
        ("pause n3 · resume n3", "freeze a node, or thaw it"),
        ("request n3 TEXT", "client command to a node"),
        ("drop ID", "drop message ID in flight"),
        ("speed 0.1", "virtual s per wall s, 0.001–10"),
        ("step N", "go to step N, back or forward"),
        ("filter n3|KIND…|clear", "event log by node or kind"),
        ("cut n1 n2 · uncut n1 n2", "cut the link n1→n2 one way, or restore it"),
        ("save FILE", "save the session (reopen: clusterlab replay FILE)"),
        ("seed 42", "the same scenario afresh with seed 42"),
        ("help · quit", "this help · leave"),
    ]

    public static func parse(_ line: String, layout: ClusterLayout) -> Result<ConsoleCommand, ConsoleError> {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let verb = words.first else { return .failure(ConsoleError("empty command (try :help)")) }
        let args = Array(words.dropFirst())
        switch verb {
        case "cmd":
            return parse("request " + args.joined(separator: " "), layout: layout)
        case _ where CommandSyntax.usage.contains { $0.verb == verb }:
            // The verbs lab files share: one parser for both.
            do {
                let action = try CommandSyntax.action(line, layout)
                if case .partition(let groups) = action, groups.count == 1, groups[0].count == layout.serverCount {
                    return .failure(ConsoleError("every server is in one group: nothing to split"))
                }
                return .success(.cluster(action))
            }
            catch let p as CommandSyntax.Problem { return .failure(ConsoleError(p.message)) }
            catch { return .failure(ConsoleError("\(error)")) }
        case "seed":
            guard args.count == 1, let s = UInt64(args[0]) else { return .failure(ConsoleError("usage: :seed N, for example :seed 42")) }
            return .success(.seed(s))
        case "drop":
            guard args.count == 1, let id = Int64(args[0].trimmingPrefix("#")) else {
                return .failure(ConsoleError("usage: :drop ID (the message number, see m)"))
            }
            return .success(.cluster(.drop(message: id)))
        case "speed":
            guard args.count == 1, let s = Double(args[0].trimmingSuffix("x").trimmingSuffix("×")),
                  s >= Speed.slowest, s <= Speed.fastest else {
                return .failure(ConsoleError("usage: :speed S with S from 0.001 to 10, for example :speed 0.1"))
            }
            return .success(.speed(s))
        case "step", "goto":
            guard args.count == 1, let n = Int64(args[0]), n >= 0 else { return .failure(ConsoleError("usage: :step N")) }
            return .success(.goTo(step: n))
        case "filter":
            if args.isEmpty || args == ["clear"] || args == ["off"] { return .success(.filterCleared) }
            if args.count == 1, let n = layout.node(named: args[0]) { return .success(.filterNode(n)) }
            var kinds = Set<TraceEvent.Kind>()
            for a in args {
                guard let k = TraceEvent.Kind(name: a) else {
                    let names = TraceEvent.Kind.allCases.map(\.name).joined(separator: " ")
                    return .failure(ConsoleError("'\(a)' is neither a node nor an event kind (\(names))"))
                }
                kinds.insert(k)
            }
            return .success(.filterKinds(kinds))
        case "save":
            guard args.count == 1 else { return .failure(ConsoleError("usage: :save FILE")) }
            return .success(.save(path: args[0]))
        case "help", "h", "?": return .success(.help)
        case "quit", "q", "exit": return .success(.quit)
        default:
            return .failure(ConsoleError("unknown command '\(verb)' (try :help)"))
        }
    }
}

/// Why a `:` line could not be understood, in words for the status line.
public struct ConsoleError: Error, Hashable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension String {
    func trimmingPrefix(_ p: String) -> String { hasPrefix(p) ? String(dropFirst(p.count)) : self }
    func trimmingSuffix(_ s: String) -> String { hasSuffix(s) ? String(dropLast(s.count)) : self }
}
