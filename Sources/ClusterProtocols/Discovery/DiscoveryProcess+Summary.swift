import ClusterSim

/// How each kind of node looks in the interface: servers their Raft role,
/// term and catalog; agents their services' health; the balancer its
/// backends and what each answered.
extension DiscoveryProcess {
    public var summary: NodeSummary {
        if let s = server { return s.summary(members) }
        if let a = agent { return a.summary(members) }
        if let b = balancer { return b.summary }
        return NodeSummary(role: "?")
    }

    public var headline: NodeHeadline {
        if let s = server { return s.raft.headline }
        return summary.headline
    }
}

func memberLine(_ m: MembershipNode?) -> String {
    guard let m else { return "-" }
    return "\(m.alive.count + 1) alive" + (m.dead.isEmpty ? "" : ", dead " + m.dead.map { "n\($0.index + 1)" }.joined(separator: " "))
}

extension ConsulServer {
    func summary(_ members: MembershipNode?) -> NodeSummary {
        var s = raft.summary
        let c = catalog
        let service = config.service.name
        let all = c.instances(of: service, nodeNamed: layout.node(named:))
        let names = { (i: [ServiceInstance]) in i.isEmpty ? "-" : i.map { layout.name($0.node) }.joined(separator: " ") }
        let healthy = all.filter { config.onlyPassing ? $0.status == .passing : $0.status != .critical }
        // The box shows the term and the first field: the catalog's size, not the log.
        s.log = []; s.logLength = nil; s.committedCount = nil
        s.fields = [
            .init("term", String(raft.currentTerm)),
            .init("catalog", String(c.serviceCount)),
            .init(service, names(healthy)),
            .init("critical", names(all.filter { $0.status == .critical })),
            .init("leader", raft.leader.map(layout.name) ?? "—"),
            .init("commit", String(raft.commitIndex)),
            .init("members", memberLine(members)),
        ]
        s.details.append("catalog, as applied here (\(c.entries.count) entries):")
        for (k, v) in c.entries.sorted(by: { $0.key < $1.key }) {
            let shown = k.hasPrefix("chk/") ? (HealthStatus(rawValue: v)?.description ?? String(v)) : String(v)
            s.details.append("  \(k) = \(shown)")
        }
        if let l = lastLookup {
            s.details.append("last lookup \(l.service): " + (l.instances.isEmpty ? "none" : l.instances.map(\.description).joined(separator: " ")))
        }
        return s
    }
}

extension ConsulAgent {
    func summary(_ members: MembershipNode?) -> NodeSummary {
        let worst = services.values.map(\.check).max() ?? .passing
        let tone: NodeSummary.Tone = worst == .critical ? .bad : worst == .warning ? .warning : .good
        var fields: [NodeSummary.Field] = services.keys.sorted().map { .init($0, services[$0]!.check.description) }
        fields += [.init("synced", String(fullSyncs)), .init("pending", String(queue.count + (inFlight == nil ? 0 : 1))),
                   .init("served", String(served)), .init("errors", String(failed)),
                   .init("members", memberLine(members))]
        var details = ["agent on \(nodeName); talks to \(layout.name(server))",
                       "anti-entropy every \(DurationText.format(config.syncInterval)), checks every \(DurationText.format(config.checkInterval))",
                       "full syncs \(fullSyncs), last found \(lastDifferences) difference(s); catalog writes applied \(writesApplied)"]
        for name in services.keys.sorted() {
            let s = services[name]!
            details.append("\(name):\(s.definition.port) tags [\(s.definition.tags.joined(separator: ","))]"
                           + " service is \(s.condition), check says \(s.check)")
        }
        if !queue.isEmpty { details.append("to write: " + queue.map { "\($0.key)=\($0.value)" }.joined(separator: " ")) }
        return NodeSummary(role: "agent", tone: tone, fields: fields, details: details)
    }
}

extension CatalogBalancer {
    var summary: NodeSummary {
        let names = backends.isEmpty ? "-" : backends.map { layout.name($0.node) }.joined(separator: " ")
        var fields: [NodeSummary.Field] = [.init("backends", names), .init("ok", String(ok)), .init("errors", String(errors))]
        var rows: [MetricRow] = []
        let inRotation = Set(backends.map(\.node))
        let scale = Double(max(1, counts.values.flatMap(\.recent).max().map(Int.init) ?? 1))
        for n in counts.keys.sorted() {
            let c = counts[n]!
            fields.append(.init(layout.name(n), "\(c.ok) ok \(c.errors) err"))
            let live = inRotation.contains(n)
            rows.append(MetricRow(label: layout.name(n), status: live ? "in" : "out", tone: live ? .good : .bad, metrics: [
                .init("sent", Double(c.recent.last ?? 0), scale: scale, history: c.recent),
                .init("ok", Double(c.ok)), .init("errors", Double(c.errors)),
            ]))
        }
        let details = ["looks up \(config.service.name) every \(DurationText.format(config.lookupInterval)); a request every \(DurationText.format(config.requestInterval)), round-robin",
                       "lookups \(lookups); backends now \(names)"]
            + counts.keys.sorted().map { n in
                let c = counts[n]!
                return "\(layout.name(n)): sent \(c.sent), ok \(c.ok), errors \(c.errors)"
            }
        return NodeSummary(role: "balancer", tone: .leader, fields: fields, details: details, metrics: rows)
    }
}
