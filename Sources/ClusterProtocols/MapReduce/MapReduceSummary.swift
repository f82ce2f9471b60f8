import ClusterSim

extension MapReduceMaster {
    /// Role = the phase; the box's field is the task table as idle/in-progress/
    /// completed counts for map and reduce; the numbers follow for labs.
    public var summary: NodeSummary {
        let m = Self.counts(maps), r = Self.counts(reduces)
        let fields = [
            NodeSummary.Field("m", "\(m.idle)/\(m.inProgress)/\(m.completed) r \(r.idle)/\(r.inProgress)/\(r.completed)"),
            .init("phase", phase.rawValue),
            .init("map_idle", "\(m.idle)"), .init("map_running", "\(m.inProgress)"), .init("map_done", "\(m.completed)"),
            .init("reduce_idle", "\(r.idle)"), .init("reduce_running", "\(r.inProgress)"), .init("reduce_done", "\(r.completed)"),
            .init("map_reexec", "\(mapReexecutions)"), .init("reduce_reexec", "\(reduceReexecutions)"),
            .init("backups", "\(backups)"), .init("backup_wins", "\(backupWins)"),
            .init("committed", "\(store.committed.count)"), .init("job_ms", "\(jobMilliseconds)"),
            .init("dead", "\(workers.values.filter(\.dead).count)"),
        ]
        var details = ["job \(config.job.rawValue): M=\(config.splits) R=\(config.reducers), backup tasks \(config.backupTasks ? "on" : "off")",
                       "task table (idle/in-progress/completed): map \(m.idle)/\(m.inProgress)/\(m.completed), reduce \(r.idle)/\(r.inProgress)/\(r.completed)"]
        details += maps.enumerated().map { Self.line("m\($0.offset)", $0.element) }
        details += reduces.enumerated().map { Self.line("r\($0.offset)", $0.element) }
        details += workers.keys.sorted().map { w in
            let rec = workers[w]!
            return "\(w.mrName): " + (rec.dead ? "dead" : rec.registered ? (rec.idle ? "idle" : rec.running.map { "\($0)" }.joined(separator: " + ")) : "not registered")
        }
        details.append("global store: " + (0..<config.reducers).map { j in
            store.committed[j].map { "r\(j) \($0.count) keys" } ?? "r\(j) -" }.joined(separator: ", "))
        let role = phase == .done ? "master: done" : phase == .aborted ? "master: aborted" : "master: \(phase.rawValue)"
        return NodeSummary(role: role, tone: phase == .aborted ? .bad : phase == .done ? .good : .leader,
                           fields: fields, details: details)
    }

    static func line(_ name: String, _ t: MRTaskRecord) -> String {
        var s = "\(name) \(t.state.rawValue)"
        if !t.runners.isEmpty { s += " on " + t.runners.map(\.mrName).joined(separator: ",") }
        if let d = t.doneAt { s += " at \(d.mrName)" }
        if t.backup != nil { s += " (backup running)" }
        if t.executions > 1 { s += ", \(t.executions) runs" }
        return s
    }
}

extension MapReduceWorker {
    /// Role = the running task (`map m3`, `reduce r1`, `idle`); the box's field
    /// counts finished tasks and local intermediate files.
    public var summary: NodeSummary {
        let roles = running.map { t -> String in
            switch t {
            case .map(let i): "map m\(i)"
            case .reduce(let j): reducing ? "reduce r\(j)" : "reduce r\(j) \(fetched.count)/\(config.splits)"
            }
        }
        let role = roles.isEmpty ? "idle" : roles.joined(separator: " + ")
        let fields = [
            NodeSummary.Field("done", "\(mapsDone + reducesDone) · files \(files.count)"),
            .init("maps_done", "\(mapsDone)"), .init("reduces_done", "\(reducesDone)"),
            .init("files", "\(files.count)"), .init("busy", running.isEmpty ? "0" : "1"), .init("slow", slow ? "1" : "0"),
        ]
        let now: String = running.isEmpty ? "nothing" : running.map(\.description).joined(separator: " + ")
        let pace: String = slow ? " (slow: ×\(config.slowFactor))" : ""
        var details = ["running: \(now)\(pace)",
                       "finished: " + (finished.isEmpty ? "none" : finished.map { "\($0)" }.joined(separator: ", ")),
                       "local disk: " + (files.isEmpty ? "empty" : files.keys.sorted().map { "m\($0)×\(config.reducers) files" }.joined(separator: ", "))]
        if reduceTask != nil {
            details.append("shuffle: fetched " + (fetched.isEmpty ? "nothing" : fetched.keys.sorted().map { "m\($0)" }.joined(separator: " ")))
        }
        return NodeSummary(role: role, tone: slow ? .warning : running.isEmpty ? .neutral : .follower,
                           fields: fields, details: details)
    }
}
