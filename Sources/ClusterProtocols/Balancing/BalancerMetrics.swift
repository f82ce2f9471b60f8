/// The balancer's live measurements over fixed windows of virtual time:
/// per backend and overall, p50/p99 latency and load (busy time over the
/// window's capacity), with a short history of past windows for sparklines.
public struct BalancerMetrics: Sendable, Hashable {
    public static let historyLength = 24
    /// The window being filled: one histogram per backend, then one for all.
    var window: [LatencyHistogram]
    /// Service time reported per backend, this window and this autoscaler round.
    var busy: [Int64]
    var roundBusy: [Int64]
    /// The last closed window: p50, p99 (µs) and load, per backend then all.
    public private(set) var p50: [Int64]
    public private(set) var p99: [Int64]
    public private(set) var load: [Double]
    public private(set) var completions: [Int]
    /// Past windows, oldest first, per backend then all.
    public private(set) var p99History: [[Double]]
    public private(set) var loadHistory: [[Double]]
    public private(set) var queueHistory: [[Double]]
    public private(set) var windows = 0

    init(backends: Int) {
        window = Array(repeating: LatencyHistogram(), count: backends + 1)
        busy = Array(repeating: 0, count: backends); roundBusy = busy
        p50 = Array(repeating: 0, count: backends + 1); p99 = p50
        load = Array(repeating: 0, count: backends + 1)
        completions = Array(repeating: 0, count: backends + 1)
        p99History = Array(repeating: [], count: backends + 1)
        loadHistory = p99History; queueHistory = p99History
    }

    /// The slot of the overall figures.
    public var all: Int { window.count - 1 }

    mutating func record(_ latency: Int64, backend b: Int) {
        window[b].record(latency)
        window[all].record(latency)
    }

    /// Ends the window: its figures become the shown ones, the next starts empty.
    mutating func closeWindow(length: Int64, concurrency: Int, queues: [Int]) {
        let capacity = Double(max(1, length)) * Double(max(1, concurrency))
        var busyAll: Int64 = 0
        for i in window.indices {
            completions[i] = window[i].total
            p50[i] = window[i].percentile(0.5)
            p99[i] = window[i].percentile(0.99)
            window[i].reset()
            if i < busy.count {
                load[i] = Double(busy[i]) / capacity
                busyAll += busy[i]; busy[i] = 0
            } else {
                load[i] = busy.isEmpty ? 0 : Double(busyAll) / (capacity * Double(busy.count))
            }
            let queue = i < queues.count ? Double(queues[i]) : Double(queues.reduce(0, +))
            Self.push(Double(p99[i]), &p99History[i])
            Self.push(load[i], &loadHistory[i])
            Self.push(queue, &queueHistory[i])
        }
        windows += 1
    }

    static func push(_ v: Double, _ h: inout [Double]) {
        if h.count >= historyLength { h.removeFirst() }
        h.append(v)
    }
}
