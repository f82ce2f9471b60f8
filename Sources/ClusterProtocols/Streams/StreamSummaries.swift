import ClusterSim

/// What the node boxes and the inspector show for each part of the dataflow.
extension StreamJobManager {
    var summary: NodeSummary {
        let done = lastCompleted?.number ?? 0
        var ckpt = done == 0 ? "none done" : "\(done) done"
        if let p = inProgress { ckpt += ", \(p.number) \(p.acked.count)/\(config.tasks.count)" }
        let fields: [NodeSummary.Field] = [.init("ckpt", ckpt), .init("done", "\(done)"), .init("restores", "\(restores)")]
        var details = ["placement: " + placement.sorted { $0.key < $1.key }.map { "\($0.key)@n\($0.value.index + 1)" }.joined(separator: " ")]
        if let done = lastCompleted {
            details.append("checkpoint \(done.number):")
            for (task, state) in done.states.sorted(by: { $0.key < $1.key }) { details.append("  \(task): \(state.brief)") }
        }
        return NodeSummary(role: finished ? "job done" : "job manager", tone: inProgress == nil ? .leader : .candidate,
                           epoch: epoch, fields: fields, details: details)
    }
}

extension StreamOutputStore {
    var summary: NodeSummary {
        let report = StreamOutputChecker.check(output, log: config.inputLog, window: config.window, complete: false)
        var fields = [NodeSummary.Field("results", "\(output.count)"), .init("writes", "\(writes)")]
        if config.sink == .transactional { fields.append(.init("staged", "\(staged.count)")) }
        fields.append(.init("duplicates", "\(report.duplicateCount)"))
        fields.append(.init("wrong", "\(report.wrong.count)"))
        var details = ["sink: \(config.sink.rawValue)", "check: \(report)"]
        details += output.map { "  \($0)" }
        return NodeSummary(role: "output", tone: report.exactlyOnce ? .good : .bad, fields: fields, details: details)
    }
}

extension StreamWorker {
    var summary: NodeSummary {
        var fields: [NodeSummary.Field] = []
        let events = log.partitions
        for p in sources.keys.sorted() {
            fields.append(.init("src\(p)", "off \(sources[p]!.state.offset)/\(events[p].count)"))
        }
        for w in windows.keys.sorted() {
            let t = windows[w]!
            var v = "\(t.state.counts.count) open"
            if let n = t.aligner.aligning { v += " align\(n) \(t.blockedChannels.count)/\(config.partitions)" }
            // A task blocked in alignment leads, so the node box's one field shows it.
            let field = NodeSummary.Field("win\(w)", v)
            if t.aligner.aligning != nil { fields.insert(field, at: 0) } else { fields.append(field) }
        }
        if let s = sink {
            var v = "in \(s.handled)"
            if config.sink == .transactional { v += " out \(s.state.written)" }
            if !s.state.pending.isEmpty { v += " txn \(s.state.pending.keys.sorted().map(String.init).joined(separator: ","))" }
            if let n = s.aligner.aligning { v += " align\(n)" }
            fields.append(.init("sink", v))
            fields.append(.init("since", "\(s.handled(since: lastCompleted))"))
        }
        fields.append(.init("ckpt", lastCompleted == 0 ? "none" : "\(lastCompleted)"))
        var details = ["incarnation \(incarnation), epoch \(epoch)" + (restoredFrom > 0 ? ", restored from checkpoint \(restoredFrom)" : "")]
        for w in windows.keys.sorted() {
            let t = windows[w]!
            details.append("win\(w): " + t.state.counts.keys.sorted().map { "\($0)=\(t.state.counts[$0]!)" }.joined(separator: " "))
            if !t.blockedChannels.isEmpty {
                details.append("  blocked inputs: " + t.blockedChannels.map { "src\($0)" }.joined(separator: ",") + ", \(t.aligner.buffered.count) buffered")
            }
        }
        if let s = sink {
            details.append("sink: \(s.handled) results in, \(s.handled(since: lastCompleted)) since checkpoint \(lastCompleted)"
                           + (config.sink == .transactional ? ", \(s.state.written) committed" : ""))
            if !s.state.open.isEmpty { details.append("sink open txn: \(s.state.open.count) results") }
        }
        let role = taskNames.isEmpty ? "idle" : lastCompleted == 0 ? "worker" : "worker · ckpt \(lastCompleted)"
        return NodeSummary(role: role, tone: taskNames.isEmpty ? .neutral : .follower,
                           epoch: epoch, fields: fields, details: details)
    }
}

extension StreamTaskState {
    /// One line for the inspector.
    var brief: String {
        switch self {
        case .source(let s): "offset \(s.offset)" + (s.ended ? " (end)" : "")
        case .window(let s): "\(s.counts.count) open windows, input times \(s.inputTime)"
        case .sink(let s): "\(s.pending.count) pending txn, \(s.written) written"
        }
    }
}
