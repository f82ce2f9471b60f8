/// Writes a run's trace in the formats other tools read.
public enum TraceExport {
    /// One JSON object per event, one event per line. Fields, in this order:
    /// `i` (event index), `step`, `time_us`, `node` (`n1`, `c1`, or `*` for the
    /// cluster), `kind`, then as they apply: `peer`, `msg_id`, `msg_kind`,
    /// `msg`, `cause` (index of the send a delivery delivers), `reason` (of a
    /// drop), `text`, `op` (client operation), `by_user`, `by_lab`, and for events at a
    /// node `lamport` and `vc` (non-zero vector clock entries).
    public static func jsonLines(_ run: ClusterRun, _ write: (String) -> Void) {
        let trace = run.trace
        let layout = run.layout
        var next = 0
        // Vector clocks come from one forward pass, interleaved with writing.
        VectorClockIndex.forEach(in: trace, processes: layout.count) { i, vc in
            while next < i { write(line(next, trace, run, clock: nil)); next += 1 }
            write(line(i, trace, run, clock: JSONText.clock(vc, layout)))
            next = i + 1
        }
        while next < trace.count { write(line(next, trace, run, clock: nil)); next += 1 }
    }

    /// Event `i`'s line as `jsonLines` writes it, for a run being streamed:
    /// called from `onEvent`, when the node's live vector clock is the event's.
    public static func streamedJSONLine(_ i: Int, _ run: ClusterRun) -> String {
        let e = run.trace[i]
        let clock = e.ticksClock ? JSONText.clock(run.vectorClock(of: NodeID(Int(e.node))).entries[...], run.layout) : nil
        return line(i, run.trace, run, clock: clock)
    }

    static func line(_ i: Int, _ trace: Trace, _ run: ClusterRun, clock: String?) -> String {
        let e = trace[i]
        let layout = run.layout
        var s = "{\"i\":\(i),\"step\":\(e.step),\"time_us\":\(e.time),\"node\":"
        s += JSONText.string(e.node >= 0 ? layout.name(NodeID(Int(e.node))) : "*")
        s += ",\"kind\":" + JSONText.string(e.kind.name)
        if e.peer >= 0 { s += ",\"peer\":" + JSONText.string(layout.name(NodeID(Int(e.peer)))) }
        if e.message >= 0 {
            s += ",\"msg_id\":\(e.message)"
            if let k = run.messageKind(e.message) { s += ",\"msg_kind\":" + JSONText.string(k) }
            if let t = run.messageText(e.message) { s += ",\"msg\":" + JSONText.string(t) }
        }
        if let c = trace.causeOf(e) { s += ",\"cause\":\(c)" }
        if e.kind == .drop { s += ",\"reason\":" + JSONText.string(TraceEvent.DropReason(rawValue: e.detail)?.name ?? "unknown") }
        if let t = trace.text(of: e) { s += ",\"text\":" + JSONText.string(t) }
        if let op = trace.operation(of: e) { s += ",\"op\":" + JSONText.operation(op) }
        if e.isByUser { s += ",\"by_user\":true" }
        if e.isByLab { s += ",\"by_lab\":true" }
        if let clock { s += ",\"lamport\":\(e.lamport),\"vc\":" + clock }
        return s + "}"
    }

    /// The regular expression ShiViz parses `shiViz` output with (its default).
    public static let shiVizParser = #"(?<event>.*)\n(?<host>\S*) (?<clock>{.*})"#

    /// ShiViz's default log format: for every event at a node, a line of event
    /// text, then `host {"host": n, ...}` with its vector clock. Each host's own
    /// entry starts at 1 and rises by exactly 1 per event, and every host named
    /// in a clock has events in the log, as ShiViz requires. Network events
    /// (drops, partitions) are no host's events and are left out.
    ///
    /// The file opens with the two lines ShiViz's file upload reads before the
    /// log: line 1 the parser (`shiVizParser`), line 2 the delimiter between
    /// executions (empty: one execution). See `$("#file").on("change", …)` in
    /// ShiViz's js/shiviz.js (github.com/DistributedClocks/shiviz). To paste
    /// instead, paste from line 3 and type the parser into its field.
    public static func shiViz(_ run: ClusterRun, _ write: (String) -> Void) {
        let trace = run.trace
        let layout = run.layout
        write(shiVizParser)
        write("")
        VectorClockIndex.forEach(in: trace, processes: layout.count) { i, vc in
            let e = trace.events[i]
            let text = run.describe(event: i).replacingOccurrences(of: "\n", with: " ")
            write("\(text) @\(DurationText.format(e.time))")
            write("\(layout.name(NodeID(Int(e.node)))) " + JSONText.clock(vc, layout))
        }
    }

    /// The client history, one Jepsen-shaped operation per line (lincheck's input).
    public static func history(_ run: ClusterRun, _ write: (String) -> Void) {
        for op in run.trace.history { write(JSONText.operation(op)) }
    }
}

import Foundation
