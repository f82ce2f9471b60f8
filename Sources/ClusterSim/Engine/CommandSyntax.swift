/// The one-line action syntax shared by the interface's `:` command line,
/// lab files and scripts: `partition n1 n2 | n3 n4 n5`, `heal`, `crash n3`,
/// `restart n3`, `pause n2`, `resume n2`, `cut n1 n2`, `request n1 write x 3`.
public enum CommandSyntax {
    public struct Problem: Error, Sendable, Hashable {
        public var message: String
        public init(message: String) { self.message = message }
    }

    /// Every verb with a one-line usage, for help screens and error messages.
    public static let usage: [(verb: String, usage: String)] = [
        ("partition", "partition n1 n2 | n3 n4 n5   split the servers into groups"),
        ("heal", "heal                         remove the partition and all cuts"),
        ("crash", "crash n3                     crash a node (keeps only durable state)"),
        ("restart", "restart n3                   restart a crashed node"),
        ("pause", "pause n2                     freeze a node (messages queue up)"),
        ("resume", "resume n2                    unfreeze a paused node"),
        ("cut", "cut n1 n2                    cut the link from n1 to n2 one way"),
        ("uncut", "uncut n1 n2                  restore the link from n1 to n2"),
        ("request", "request n1 write x 3         send a client command to a node"),
    ]

    /// Parses one action. Throws a `Problem` that says what was expected.
    public static func action(_ text: String, _ layout: ClusterLayout) throws -> ClusterAction {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let verb = words.first else { throw Problem(message: "empty command") }
        let args = Array(words.dropFirst())
        func one() throws -> NodeID {
            guard args.count == 1 else { throw Problem(message: "usage: \(usageLine(verb))") }
            return try node(args[0], layout)
        }
        func two() throws -> (NodeID, NodeID) {
            guard args.count == 2 else { throw Problem(message: "usage: \(usageLine(verb))") }
            return (try node(args[0], layout), try node(args[1], layout))
        }
        switch verb {
        case "crash": return .crash(try one())
        case "restart": return .restart(try one())
        case "pause": return .pause(try one())
        case "resume": return .resume(try one())
        case "heal":
            guard args.isEmpty else { throw Problem(message: "usage: heal") }
            return .heal
        case "partition": return .partition(try groups(args.joined(separator: " "), layout))
        case "cut":
            let (a, b) = try two()
            var s = LinkSettings(); s.cut = true
            return .setLink(from: a, to: b, s)
        case "uncut":
            let (a, b) = try two()
            return .setLink(from: a, to: b, nil)
        case "request":
            guard args.count >= 2 else { throw Problem(message: "usage: \(usageLine(verb))") }
            return .command(try node(args[0], layout), args.dropFirst().joined(separator: " "))
        default:
            let known = usage.map(\.verb)
            let hint = YAMLField.suggestion(for: verb, among: known).map { " (did you mean '\($0)'?)" } ?? ""
            throw Problem(message: "unknown command '\(verb)'\(hint); commands: \(known.joined(separator: ", "))")
        }
    }

    /// `n1 n2 | n3 n4 n5`: groups of servers, each server at most once.
    public static func groups(_ text: String, _ layout: ClusterLayout) throws -> [[NodeID]] {
        var seen = Set<NodeID>()
        var out: [[NodeID]] = []
        for part in text.split(separator: "|", omittingEmptySubsequences: false) {
            let names = part.split(separator: " ").map(String.init)
            guard !names.isEmpty else { throw Problem(message: "empty group in '\(text)': write groups like n1 n2 | n3 n4") }
            var g: [NodeID] = []
            for name in names {
                let id = try node(name, layout)
                guard !layout.isClient(id) else { throw Problem(message: "partitions split servers; \(name) is a client") }
                guard seen.insert(id).inserted else { throw Problem(message: "\(name) is in two groups") }
                g.append(id)
            }
            out.append(g)
        }
        return out
    }

    static func node(_ name: String, _ layout: ClusterLayout) throws -> NodeID {
        guard let id = layout.node(named: name) else { throw Problem(message: NodeNames.unknownNode(name, layout)) }
        return id
    }

    static func usageLine(_ verb: String) -> String {
        usage.first { $0.verb == verb }.map { String($0.usage.prefix { $0 != " " || true }).components(separatedBy: "   ")[0] } ?? verb
    }
}

import Foundation
