import ClusterSim

/// The master's record of one task (§3.2 "Master Data Structures"): its
/// state, the workers running it, and for a completed map task where its
/// intermediate files are.
public struct MRTaskRecord: Sendable, Hashable {
    public enum State: String, Sendable, Hashable { case idle, inProgress = "in-progress", completed }
    public var state: State = .idle
    /// Workers running a copy (two while a backup runs).
    public var runners: [NodeID] = []
    /// The worker whose copy completed (for map tasks: where the output is).
    public var doneAt: NodeID?
    /// Set when a failure put the task back to idle: its next run is a re-execution.
    public var lost = false
    /// Copies started, re-executions and backups included.
    public var executions = 0
    /// The worker running the backup copy, while one runs (§3.6).
    public var backup: NodeID?
}

/// What the master knows of one worker.
public struct MRWorkerRecord: Sendable, Hashable {
    /// Has said hello (it may be given tasks).
    public var registered = false
    public var dead = false
    public var lastHeard = 0
    /// The map task and the reduce task it runs (see `MapReduceWorker.mapTask`).
    public var runningMap: Int?
    public var runningReduce: Int?
    public var idle: Bool { runningMap == nil && runningReduce == nil }
    public var running: [MRTask] { (runningMap.map { [MRTask.map($0)] } ?? []) + (runningReduce.map { [MRTask.reduce($0)] } ?? []) }
}

/// The master (n1): hands out map tasks, then reduce tasks once every map
/// task has completed, pings the workers and re-executes a dead worker's
/// tasks, schedules backup copies at the end of a phase, and keeps the
/// global store of final output, where a partition's output is committed
/// once (the first rename wins).
public struct MapReduceMaster: Sendable, Hashable {
    public enum Phase: String, Sendable, Hashable { case map, reduce, done, aborted }

    public let config: MapReduceConfig
    public private(set) var maps: [MRTaskRecord]
    public private(set) var reduces: [MRTaskRecord]
    public private(set) var workers: [NodeID: MRWorkerRecord] = [:]
    public private(set) var phase = Phase.map
    /// The global store: committed output per partition.
    public private(set) var store: MRGlobalStore
    /// Ping ticks since the job started: the master's clock.
    public private(set) var tick = 0
    public private(set) var finishedTick: Int?
    /// Map and reduce tasks a worker failure sent back to idle to be run again
    /// (§3.3): in-progress ones of either kind, and completed map tasks.
    public private(set) var mapReexecutions = 0
    public private(set) var reduceReexecutions = 0
    public private(set) var backups = 0
    /// Tasks completed first by their backup copy.
    public private(set) var backupWins = 0

    public init(config: MapReduceConfig, layout: ClusterLayout, durable: MRGlobalStore?) {
        self.config = config
        maps = Array(repeating: MRTaskRecord(), count: config.splits)
        reduces = Array(repeating: MRTaskRecord(), count: config.reducers)
        for w in layout.servers.dropFirst() { workers[w] = MRWorkerRecord() }
        store = durable ?? MRGlobalStore()
        if durable != nil { phase = .aborted }  // §3.3: a master failure aborts the computation
    }

    /// Milliseconds of the job so far (or until it finished), by the master's ticks.
    public var jobMilliseconds: Int64 { Int64(finishedTick ?? tick) * config.ping / 1000 }

    mutating func start(_ context: inout MapReduceContext) {
        if phase == .aborted {
            context.log("restarted: the job is aborted (§3.3: a master failure aborts the computation); the global store kept \(store.committed.count) partitions")
            return
        }
        context.persist(store)
        context.setTimer(.ping, after: config.ping)
        context.log("job \(config.job.rawValue): M=\(config.splits) map tasks, R=\(config.reducers) reduce tasks, \(workers.count) workers")
    }

    mutating func receive(_ message: MapReduceMessage, from w: NodeID, _ context: inout MapReduceContext) {
        guard phase != .aborted, workers[w] != nil else { return }
        switch message {
        case .hello:
            if workers[w]!.registered && !workers[w]!.dead {
                context.log("\(w.mrName) restarted: its local disk is gone")
                fail(w, &context)
            }
            revive(w)
        case .pong:
            if workers[w]!.dead { revive(w); context.log("\(w.mrName) answers again: it may take tasks") }
            workers[w]!.lastHeard = tick
        case .mapDone(let i, _): mapDone(i, at: w, &context)
        case .reduceDone(let j, let output): reduceDone(j, output, at: w, &context)
        default: break
        }
        schedule(&context)
    }

    mutating func timerFired(_ tag: MapReduceTimer, _ context: inout MapReduceContext) {
        guard case .ping = tag, phase != .aborted else { return }
        tick += 1
        for w in workers.keys.sorted() where workers[w]!.registered && !workers[w]!.dead
            && tick - workers[w]!.lastHeard > config.deadTicks {
            context.log("\(w.mrName) has not answered for \(tick - workers[w]!.lastHeard) pings: declared dead")
            context.stateChanged("\(w.mrName) dead")
            fail(w, &context)
        }
        if phase != .done {
            for w in workers.keys.sorted() { context.send(.ping, to: w) }
            context.setTimer(.ping, after: config.ping)
        }
        schedule(&context)
    }

    private mutating func revive(_ w: NodeID) {
        workers[w] = MRWorkerRecord(registered: true, dead: false, lastHeard: tick)
    }

    /// §3.3 worker failure: its in-progress tasks go back to idle, and so do its
    /// completed map tasks (their output was on its local disk); its completed
    /// reduce tasks stay completed (their output is in the global store).
    private mutating func fail(_ w: NodeID, _ context: inout MapReduceContext) {
        workers[w]!.dead = true
        workers[w]!.runningMap = nil; workers[w]!.runningReduce = nil
        guard phase != .done else { return }
        var back: [String] = []
        for i in maps.indices {
            if let k = maps[i].runners.firstIndex(of: w) {
                maps[i].runners.remove(at: k)
                if maps[i].backup == w { maps[i].backup = nil }
                if maps[i].runners.isEmpty && maps[i].state == .inProgress {
                    maps[i].state = .idle; maps[i].lost = true; mapReexecutions += 1; back.append("m\(i)")
                }
            } else if maps[i].state == .completed && maps[i].doneAt == w && !config.mutations.contains(.noMapReexecution) {
                maps[i].state = .idle; maps[i].doneAt = nil; maps[i].lost = true; mapReexecutions += 1; back.append("m\(i) (completed)")
            }
        }
        for j in reduces.indices {
            if let k = reduces[j].runners.firstIndex(of: w) {
                reduces[j].runners.remove(at: k)
                if reduces[j].backup == w { reduces[j].backup = nil }
                if reduces[j].runners.isEmpty && reduces[j].state == .inProgress {
                    reduces[j].state = .idle; reduces[j].lost = true; reduceReexecutions += 1; back.append("r\(j)")
                }
            }
        }
        if !back.isEmpty { context.log("\(w.mrName)'s tasks back to idle: " + back.joined(separator: ", ")) }
    }

    private mutating func mapDone(_ i: Int, at w: NodeID, _ context: inout MapReduceContext) {
        guard !workers[w]!.dead else { return context.log("ignores m\(i) from \(w.mrName), declared dead") }
        workers[w]!.runningMap = nil
        maps[i].runners.removeAll { $0 == w }
        guard maps[i].state != .completed else {
            return context.log("m\(i) from \(w.mrName) ignored: already completed at \(maps[i].doneAt?.mrName ?? "?")")
        }
        if maps[i].backup == w { backupWins += 1 }
        maps[i].state = .completed; maps[i].doneAt = w; maps[i].lost = false; maps[i].backup = nil
        context.log("m\(i) completed at \(w.mrName)")
        // Tell every running reducer where this output is (§3.3).
        for r in reduces where r.state == .inProgress {
            for runner in r.runners { context.send(.mapLocation(task: i, worker: w), to: runner) }
        }
        if phase == .map && maps.allSatisfy({ $0.state == .completed }) {
            phase = .reduce
            context.stateChanged("reduce phase")
        }
    }

    private mutating func reduceDone(_ j: Int, _ output: [MRPair], at w: NodeID, _ context: inout MapReduceContext) {
        guard !workers[w]!.dead else { return context.log("ignores r\(j) from \(w.mrName), declared dead") }
        workers[w]!.runningReduce = nil
        reduces[j].runners.removeAll { $0 == w }
        if store.commit(j, output, append: config.mutations.contains(.duplicateReduceOutput)) {
            context.log("r\(j) from \(w.mrName): renamed to its final output file")
        } else {
            context.log("r\(j) from \(w.mrName): its final file exists already, the rename does nothing")
        }
        context.persist(store)
        guard reduces[j].state != .completed else { return }
        if reduces[j].backup == w { backupWins += 1 }
        reduces[j].state = .completed; reduces[j].doneAt = w; reduces[j].lost = false; reduces[j].backup = nil
        if reduces.allSatisfy({ $0.state == .completed }) && phase != .done {
            phase = .done; finishedTick = tick
            context.stateChanged("job done")
            context.log("job done after \(jobMilliseconds) ms: \(store.committed.values.reduce(0) { $0 + $1.count }) output keys")
        }
    }

    /// Gives every idle live worker a task: an idle map task first; an idle
    /// reduce task once every map task has completed; else, with backup tasks
    /// on and no idle task left in the phase, a second copy of a task still in
    /// progress (§3.6: the phase is close to completion).
    private mutating func schedule(_ context: inout MapReduceContext) {
        guard phase == .map || phase == .reduce else { return }
        for w in workers.keys.sorted() where workers[w]!.registered && !workers[w]!.dead {
            let rec = workers[w]!
            // A worker whose reduce task waits for re-executed map output may run
            // that map task meanwhile: else every worker could be waiting.
            if rec.runningMap == nil, let i = maps.firstIndex(where: { $0.state == .idle }) {
                start(.map(i), on: w, backup: false, &context)
            } else if !rec.idle {
                continue
            } else if phase == .reduce, let j = reduces.firstIndex(where: { $0.state == .idle }) {
                start(.reduce(j), on: w, backup: false, &context)
            } else if config.backupTasks, let t = backupCandidate(for: w) {
                start(t, on: w, backup: true, &context)
            }
        }
    }

    private func backupCandidate(for w: NodeID) -> MRTask? {
        if phase == .map, let i = maps.firstIndex(where: { $0.state == .inProgress && $0.runners.count == 1 && $0.runners[0] != w }) {
            return .map(i)
        }
        if phase == .reduce, maps.allSatisfy({ $0.state == .completed }),
           let j = reduces.firstIndex(where: { $0.state == .inProgress && $0.runners.count == 1 && $0.runners[0] != w }) {
            return .reduce(j)
        }
        return nil
    }

    private mutating func start(_ task: MRTask, on w: NodeID, backup: Bool, _ context: inout MapReduceContext) {
        switch task {
        case .map(let i): workers[w]!.runningMap = i
        case .reduce(let j): workers[w]!.runningReduce = j
        }
        let what = backup ? "backup of " : isLost(task) ? "re-execution of " : ""
        switch task {
        case .map(let i):
            maps[i].state = .inProgress; maps[i].runners.append(w); maps[i].executions += 1; maps[i].lost = false
            if backup { maps[i].backup = w }
            context.send(.assignMap(task: i), to: w)
        case .reduce(let j):
            reduces[j].state = .inProgress; reduces[j].runners.append(w); reduces[j].executions += 1; reduces[j].lost = false
            if backup { reduces[j].backup = w }
            var locations: [Int: NodeID] = [:]
            for (i, m) in maps.enumerated() where m.state == .completed { locations[i] = m.doneAt }
            context.send(.assignReduce(partition: j, locations: locations), to: w)
        }
        if backup { backups += 1 }
        context.log("\(what)\(task) → \(w.mrName)")
    }

    private func isLost(_ task: MRTask) -> Bool {
        switch task {
        case .map(let i): maps[i].lost
        case .reduce(let j): reduces[j].lost
        }
    }

    /// How many tasks of a kind are in each state.
    public static func counts(_ tasks: [MRTaskRecord]) -> (idle: Int, inProgress: Int, completed: Int) {
        (tasks.filter { $0.state == .idle }.count, tasks.filter { $0.state == .inProgress }.count,
         tasks.filter { $0.state == .completed }.count)
    }
}

/// The global store of final output (the paper's GFS), kept at n1: one
/// committed output file per reduce partition. A reducer writes to a private
/// temporary file and the store renames it to the final name; the rename is
/// atomic, so a second rename of the same partition (a backup or a
/// re-execution) leaves the first output in place.
public struct MRGlobalStore: Sendable, Hashable {
    public private(set) var committed: [Int: [MRPair]] = [:]
    /// Renames that replaced or extended a partition's output (must stay 1 per partition).
    public private(set) var commits: [Int: Int] = [:]
    public init() {}

    /// Commits `output` as partition j's final file; false if it existed already.
    /// `append` (the `duplicate-reduce-output` mutant) adds it to the existing file.
    mutating func commit(_ j: Int, _ output: [MRPair], append: Bool) -> Bool {
        if committed[j] != nil && !append { return false }
        committed[j, default: []] += output
        commits[j, default: 0] += 1
        return true
    }
}
