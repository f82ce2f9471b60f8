/// Something done to a running cluster from outside: by a person at the
/// keyboard, a scenario's script, or a lab step. Actions are recorded in the
/// trace and in the session, so a run replays bit for bit.
public enum ClusterAction: Hashable, Sendable, Codable {
    case crash(NodeID)
    case restart(NodeID)
    case pause(NodeID)
    case resume(NodeID)
    /// Splits the servers into groups; servers not named form one more group.
    case partition([[NodeID]])
    /// Removes the partition and every one-way cut.
    case heal
    /// Overrides one direction of a link; nil restores the defaults.
    case setLink(from: NodeID, to: NodeID, LinkSettings?)
    /// Drops one message in flight.
    case drop(message: Int64)
    /// Holds one message in flight back by this many microseconds.
    case delay(message: Int64, by: Int64)
    /// A client command typed at a node, for example `write x 3`.
    case command(NodeID, String)
    /// Moves the clock to this virtual time (µs) with nothing happening:
    /// what "run for 500ms" does across an idle stretch. Recorded like any
    /// action, so time travel and saved sessions put the clock back there.
    case advanceClock(to: Int64)
    /// Delivers one message in flight now, whatever its latency: how a
    /// model checker's schedule is replayed (`ScheduleReplay`).
    case deliver(message: Int64)
    /// Fires the node's pending timer whose description is this, now.
    case fireTimer(NodeID, String)

    /// The action in `CommandSyntax` form, when it has one (drops, delays and
    /// link settings other than a cut don't).
    public func commandText(_ layout: ClusterLayout) -> String? {
        let name = layout.name
        switch self {
        case .crash, .restart, .pause, .resume, .heal, .partition: return describe(layout)
        case .setLink(let a, let b, let s):
            if s == nil { return "uncut \(name(a)) \(name(b))" }
            if let s, s.cut { return "cut \(name(a)) \(name(b))" }
            return nil
        case .command(let n, let text): return "request \(name(n)) \(text)"
        case .drop, .delay, .advanceClock, .deliver, .fireTimer: return nil
        }
    }

    /// How the action reads in the event log and in `:` commands.
    public func describe(_ layout: ClusterLayout) -> String {
        let name = layout.name
        switch self {
        case .crash(let n): return "crash \(name(n))"
        case .restart(let n): return "restart \(name(n))"
        case .pause(let n): return "pause \(name(n))"
        case .resume(let n): return "resume \(name(n))"
        case .partition(let groups):
            return "partition " + groups.map { $0.map(name).joined(separator: " ") }.joined(separator: " | ")
        case .heal: return "heal"
        case .setLink(let a, let b, let s):
            return "link \(name(a))→\(name(b)) " + (s.map(\.description) ?? "default")
        case .drop(let m): return "drop message #\(m)"
        case .delay(let m, let by): return "delay message #\(m) by \(DurationText.format(by))"
        case .command(let n, let text): return "command \(name(n)): \(text)"
        case .advanceClock(let t): return "clock to \(DurationText.format(t))"
        case .deliver(let m): return "deliver message #\(m) now"
        case .fireTimer(let n, let tag): return "fire \(tag) at \(name(n)) now"
        }
    }
}
