import ClusterSim

/// What one task step produced: items for downstream tasks, operations on
/// the output store, and snapshots to acknowledge to the job manager.
struct StreamTaskOutput {
    var sends: [(to: StreamTaskID, item: StreamItem)] = []
    var storeOps: [StreamStoreOp] = []
    var acks: [(checkpoint: Int, state: StreamTaskState)] = []
}

/// Reads one partition of the input log from an offset.
struct StreamSourceTask: Sendable, Hashable {
    let partition: Int
    var state: StreamSourceState

    /// Emits the next event to the window task its key hashes to, or `end`
    /// to every window task once the partition is exhausted.
    mutating func emit(_ log: StreamInputLog, _ config: StreamConfig, _ out: inout StreamTaskOutput) {
        let events = log.partitions[partition]
        if state.offset < events.count {
            let e = events[state.offset]
            state.offset += 1
            out.sends.append((.window(StreamShuffle.task(for: e.key, parallelism: config.parallelism)), .record(e)))
        } else if !state.ended {
            state.ended = true
            for w in 0..<config.parallelism { out.sends.append((.window(w), .end)) }
        }
    }

    /// Checkpoint n at a source: snapshot the offset, then send the barrier downstream.
    func inject(_ n: Int, _ config: StreamConfig, _ out: inout StreamTaskOutput) {
        out.acks.append((n, .source(state)))
        for w in 0..<config.parallelism { out.sends.append((.window(w), .barrier(n))) }
    }
}

/// Counts events per key in tumbling event-time windows; a window fires when
/// every input has passed its end (the watermark is the least input time).
struct StreamWindowTask: StreamAlignedTask, Sendable, Hashable {
    let index: Int
    let size: Int
    var state: StreamWindowState
    var aligner: StreamAligner

    mutating func snapshot(_ n: Int, _ out: inout StreamTaskOutput) {
        out.acks.append((n, .window(state)))
        out.sends.append((.sink, .barrier(n)))
    }

    mutating func process(_ item: StreamItem, from channel: Int, _ out: inout StreamTaskOutput) {
        switch item {
        case .record(let e):
            state.counts[StreamSlot(window: e.time - e.time % size, key: e.key), default: 0] += 1
            state.inputTime[channel] = max(state.inputTime[channel], e.time)
            fire(&out)
        case .end:
            guard !state.inputEnded[channel] else { return }
            state.inputEnded[channel] = true
            fire(&out)
            if state.inputEnded.allSatisfy({ $0 }) { out.sends.append((.sink, .end)) }
        case .barrier, .result: break
        }
    }

    /// Emits and forgets every window the watermark has passed.
    private mutating func fire(_ out: inout StreamTaskOutput) {
        let watermark = zip(state.inputTime, state.inputEnded).map { $1 ? Int.max : $0 }.min() ?? Int.max
        for slot in state.counts.keys.sorted() where slot.window + size <= watermark {
            out.sends.append((.sink, .result(StreamResult(window: slot.window, key: slot.key, count: state.counts[slot]!))))
            state.counts[slot] = nil
        }
    }

    /// Input channels whose barrier arrived and which now wait for the others.
    var blockedChannels: [Int] { aligner.blocked.sorted() }
}

/// Hands results to the output store: at once (plain, idempotent) or in a
/// transaction per checkpoint (two-phase commit).
struct StreamSinkTask: StreamAlignedTask, Sendable, Hashable {
    let kind: StreamSinkKind
    var state: StreamSinkState
    var aligner: StreamAligner
    /// Results this task has received since it was deployed, and that count
    /// at each barrier it passed: what a restore to that checkpoint replays.
    private(set) var handled = 0
    private var handledAt: [Int: Int] = [:]

    init(kind: StreamSinkKind, state: StreamSinkState, aligner: StreamAligner) {
        self.kind = kind; self.state = state; self.aligner = aligner
    }

    /// Results received after checkpoint n's barrier (all of them if this
    /// task has not passed that barrier since it was deployed).
    func handled(since n: Int) -> Int { handled - (handledAt[n] ?? 0) }

    mutating func snapshot(_ n: Int, _ out: inout StreamTaskOutput) {
        if kind == .transactional {
            state.pending[n] = state.open
            out.storeOps.append(.preCommit(txn: n, state.open))
            state.open = []
        }
        out.acks.append((n, .sink(state)))
        handledAt[n] = handled
    }

    mutating func process(_ item: StreamItem, from channel: Int, _ out: inout StreamTaskOutput) {
        switch item {
        case .result(let r):
            handled += 1
            switch kind {
            case .plain: out.storeOps.append(.append(r)); state.written += 1
            case .idempotent: out.storeOps.append(.upsert(r)); state.written += 1
            case .transactional: state.open.append(r)
            }
        case .end: state.inputEnded[channel] = true
        case .record, .barrier: break
        }
    }

    /// The job manager confirmed checkpoint n: commit every transaction up to it.
    mutating func checkpointCompleted(_ n: Int, _ out: inout StreamTaskOutput) {
        handledAt = handledAt.filter { $0.key >= n }
        for txn in state.pending.keys.sorted() where txn <= n {
            out.storeOps.append(.commit(txn: txn))
            state.written += state.pending[txn]!.count
            state.pending[txn] = nil
        }
    }

    /// After a restore: the restored checkpoint completed, so the transactions
    /// it pre-committed are committed now (Flink's recoverAndCommit).
    mutating func recover(_ out: inout StreamTaskOutput) {
        checkpointCompleted(Int.max, &out)
        state.open = []
    }
}

/// A task with several inputs behind an aligner (the window operator, the
/// sink): the aligner decides whether an item waits, is processed, or
/// completes a barrier; the task says what its snapshot and its processing do.
protocol StreamAlignedTask {
    var aligner: StreamAligner { get set }
    mutating func snapshot(_ n: Int, _ out: inout StreamTaskOutput)
    mutating func process(_ item: StreamItem, from channel: Int, _ out: inout StreamTaskOutput)
}

extension StreamAlignedTask {
    mutating func receive(_ item: StreamItem, from channel: Int, _ out: inout StreamTaskOutput) {
        switch aligner.accept(item, from: channel) {
        case .hold: return
        case .abort:
            for b in aligner.release() { receive(b.item, from: b.channel, &out) }
            receive(item, from: channel, &out)
        case .snapshot(let n):
            snapshot(n, &out)
            for b in aligner.release() { receive(b.item, from: b.channel, &out) }
        case .process:
            process(item, from: channel, &out)
        }
    }
}
