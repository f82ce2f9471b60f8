/// Reads the `actions:` of a scenario: each entry has `at:` and exactly one action.
enum ActionReader {
    static let kinds = ["crash", "restart", "pause", "resume", "partition", "heal", "link", "cut", "request"]

    static func read(_ f: YAMLField, layout: ClusterLayout) throws -> (time: Int64, action: ClusterAction) {
        let m = try f.mapping(allowed: ["at"] + kinds)
        let at = try m.required("at").duration(in: ParameterSpec.horizonRange)
        let present = m.fields.filter { $0.key != "at" }
        guard present.count == 1, let (kind, v) = present.first.map({ ($0.key, $0.value) }) else {
            throw f.error("each action needs exactly one of: \(kinds.joined(separator: ", "))")
        }
        let action: ClusterAction
        switch kind {
        case "crash": action = .crash(try NodeNames.node(v, layout))
        case "restart": action = .restart(try NodeNames.node(v, layout))
        case "pause": action = .pause(try NodeNames.node(v, layout))
        case "resume": action = .resume(try NodeNames.node(v, layout))
        case "heal":
            guard try v.bool() else { throw v.error("write 'heal: true'") }
            action = .heal
        case "partition": action = .partition(try groups(v, layout))
        case "link":
            let lm = try v.mapping(allowed: ["from", "to", "reset"] + NetworkReader.linkKeys)
            let from = try NodeNames.node(try lm.required("from"), layout)
            let to = try NodeNames.node(try lm.required("to"), layout)
            if try lm["reset"]?.bool() ?? false { action = .setLink(from: from, to: to, nil) }
            else {
                let settings = ParameterSection(lm, declared: NetworkReader.linkSettings)
                action = .setLink(from: from, to: to, try NetworkReader.settings(settings, base: LinkSettings()))
            }
        case "cut":
            let cm = try v.mapping(allowed: ["from", "to"])
            var s = LinkSettings(); s.cut = true
            action = .setLink(from: try NodeNames.node(try cm.required("from"), layout),
                              to: try NodeNames.node(try cm.required("to"), layout), s)
        default:  // request
            let rm = try v.mapping(allowed: ["node", "command"])
            action = .command(try NodeNames.node(try rm.required("node"), layout), try rm.required("command").string())
        }
        return (at, action)
    }

    /// `[[n1, n2], [n3, n4, n5]]` or `"n1 n2 | n3 n4 n5"`.
    static func groups(_ v: YAMLField, _ layout: ClusterLayout) throws -> [[NodeID]] {
        if case .scalar = v.node {
            do { return try CommandSyntax.groups(try v.string(), layout) }
            catch let e as CommandSyntax.Problem { throw v.error(e.message) }
        }
        var seen = Set<NodeID>()
        var out: [[NodeID]] = []
        for g in try v.sequence() {
            var group: [NodeID] = []
            for n in try g.sequence() {
                let id = try NodeNames.node(n, layout)
                guard !layout.isClient(id) else { throw n.error("partitions split servers; \(layout.name(id)) is a client") }
                guard seen.insert(id).inserted else { throw n.error("\(layout.name(id)) is in two groups") }
                group.append(id)
            }
            if group.isEmpty { throw g.error("a partition group needs at least one node") }
            out.append(group)
        }
        if out.isEmpty { throw v.error("a partition needs at least one group") }
        return out
    }
}
