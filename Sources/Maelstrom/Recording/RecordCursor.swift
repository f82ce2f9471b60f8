import ClusterSim

/// The record of a run as it stood after its first `count` events: what a
/// view stepping back through a run of real processes reads. Such a run
/// cannot be re-executed from an earlier moment (its processes keep their
/// own state), so stepping back moves a cursor through the record instead.
extension RunRecorder {
    /// The trace after its first `count` events (kept for the next call: a paused view asks every frame).
    public func trace(upTo count: Int) -> Trace {
        if let cached = prefixCache, cached.events == count { return cached.trace }
        let cut = trace.prefix(events: count)
        prefixCache = (count, cut)
        return cut
    }

    /// The messages in flight after the first `count` events: sent by one
    /// of them, and neither delivered nor dropped by one of them.
    public func inFlight(afterEvents count: Int) -> [Int64] {
        var out: [Int64] = []
        for id in messages.indices {
            guard let sent = trace.sendOf(message: Int64(id)), sent < count else { break }  // ids are in send order
            if (messages[id].endEvent.map { $0 >= count } ?? true) { out.append(Int64(id)) }
        }
        return out
    }

    /// Process `node`'s status after the first `count` events (clients are always up).
    public func status(of node: Int, afterEvents count: Int) -> NodeStatus {
        var status = NodeStatus.up
        for e in trace.events[..<min(count, trace.count)] where Int(e.node) == node {
            switch e.kind {
            case .crash: status = .crashed
            case .pause: status = .paused
            case .restart, .resume: status = .up
            default: break
            }
        }
        return status
    }

    /// The pid of server `node`'s process after the first `count` events
    /// (every restart started a fresh one).
    public func pid(of node: Int, afterEvents count: Int) -> Int32? {
        let restarts = trace.events[..<min(count, trace.count)].count(where: { Int($0.node) == node && $0.kind == .restart })
        return pids[node].indices.contains(restarts) ? pids[node][restarts] : pids[node].last
    }

    /// The network after the first `count` events (whole before its first change).
    public func network(afterEvents count: Int, link: LinkSettings) -> WallNetwork {
        networks.last { $0.event < count }?.network ?? WallNetwork(link: link)
    }
}

/// Browsing the record: `viewedEvents` is the cursor (nil at the present),
/// and the views of `RecorderViews` read the record up to it.
extension RecorderViews {
    /// True while stepping back has put the view in the record's past.
    public var isViewingRecord: Bool { viewedEvents != nil }

    /// Puts the cursor after event `count` of the record; at or past its end, back at the present.
    public func viewRecord(afterEvents count: Int64) {
        let total = recorder.trace.count
        viewedEvents = count >= Int64(total) ? nil : Int(max(0, count))
    }

    /// The time shown at the cursor: that of the last event it includes.
    public var viewedTime: Int64? {
        viewedEvents.map { $0 == 0 ? 0 : recorder.trace[$0 - 1].time }
    }

    /// The messages in flight at the cursor, with when each was delivered or dropped.
    var viewedInFlight: [InFlightMessage]? {
        guard let k = viewedEvents else { return nil }
        let time = viewedTime ?? 0
        return recorder.inFlight(afterEvents: k).map { recordedMessage($0, at: time) }
    }

    /// The cluster's network as the views draw it, from the record's network at the cursor or `live` at the present.
    public func network(_ live: WallNetwork, link: LinkSettings) -> Network {
        let wall = viewedEvents.map { recorder.network(afterEvents: $0, link: link) } ?? live
        var net = Network(layout: layout, defaults: link)
        if let groups = wall.groups {
            var parts: [Int: [NodeID]] = [:]
            for (name, g) in groups { if let n = layout.node(named: name) { parts[g, default: []].append(n) } }
            net.partition(parts.keys.sorted().map { parts[$0]!.sorted() })
        }
        for cut in wall.cuts {
            if let a = layout.node(named: cut.from), let b = layout.node(named: cut.to) {
                var s = link
                s.cut = true
                net.setLink(from: a, to: b, s)
            }
        }
        return net
    }
}
