/// Checkpoint-barrier handling at a task with several input channels.
///
/// Aligned (Carbone et al. 2015, "ABS for Acyclic Dataflows"; Flink's barrier alignment): once
/// barrier n arrives on a channel, that channel is blocked and its records
/// buffered until barrier n has arrived on every channel; then the task
/// snapshots, forwards the barrier and replays the buffer. The mutant
/// `no-alignment` snapshots on the first barrier and blocks nothing.
struct StreamAligner: Sendable, Hashable {
    /// `abort`: a later checkpoint's barrier came while aligning an earlier
    /// one (that checkpoint was given up): process the released items, then
    /// offer the barrier again.
    enum Step: Equatable { case process, hold, snapshot(Int), abort }

    let inputs: Int
    let mode: StreamAlignment
    private(set) var blocked: Set<Int> = []
    private(set) var buffered: [Buffered] = []
    private(set) var aligning: Int?
    private var lastSnapshot = 0

    struct Buffered: Sendable, Hashable { var channel: Int; var item: StreamItem }

    init(inputs: Int, mode: StreamAlignment) { self.inputs = inputs; self.mode = mode }

    /// What the task does with `item` from `channel`.
    mutating func accept(_ item: StreamItem, from channel: Int) -> Step {
        switch mode {
        case .aligned:
            if blocked.contains(channel) { buffered.append(Buffered(channel: channel, item: item)); return .hold }
            guard case .barrier(let n) = item else { return .process }
            if let a = aligning, n > a { blocked = []; aligning = nil; return .abort }
            blocked.insert(channel); aligning = n
            guard blocked.count == inputs else { return .hold }
            blocked = []; aligning = nil
            return .snapshot(n)
        case .noAlignment:
            guard case .barrier(let n) = item else { return .process }
            guard n > lastSnapshot else { return .hold }
            lastSnapshot = n
            return .snapshot(n)
        }
    }

    /// The buffered items to process again after a snapshot, in arrival order.
    mutating func release() -> [Buffered] {
        defer { buffered = [] }
        return buffered
    }
}
