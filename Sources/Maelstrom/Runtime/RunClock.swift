#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Microseconds of CLOCK_MONOTONIC since the clock was made: the time of a
/// recorded run (a run's trace starts at 0, like a simulated one).
public struct RunClock: Sendable {
    private var origin: Int64
    /// The time the clock stands still at while held (a live view paused the run).
    private var heldAt: Int64?

    public init() { origin = RunClock.monotonic() }

    public var now: Int64 { heldAt ?? RunClock.monotonic() - origin }

    /// Stops the clock: `now` stays where it is until `release()`.
    public mutating func hold() { if heldAt == nil { heldAt = now } }

    /// Starts the clock again from where it was held: the time held does not count.
    public mutating func release() {
        guard let held = heldAt else { return }
        heldAt = nil
        origin = RunClock.monotonic() - held
    }

    public var isHeld: Bool { heldAt != nil }

    public static func monotonic() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1_000
    }
}

/// Things to do at a wall-clock moment, soonest first; ties in the order added.
public struct Agenda<Item> {
    private var heap: [(at: Int64, seq: Int64, item: Item)] = []
    private var seq: Int64 = 0

    public init() {}

    public var isEmpty: Bool { heap.isEmpty }
    public var count: Int { heap.count }
    public var nextTime: Int64? { heap.first?.at }

    public mutating func add(_ item: Item, at time: Int64) {
        heap.append((time, seq, item)); seq += 1
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard less(i, p) else { break }
            heap.swapAt(i, p); i = p
        }
    }

    /// The soonest item if it is due at `now`.
    public mutating func popDue(_ now: Int64) -> Item? {
        guard let first = heap.first, first.at <= now else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, less(l, m) { m = l }
                if r < heap.count, less(r, m) { m = r }
                if m == i { break }
                heap.swapAt(i, m); i = m
            }
        }
        return first.item
    }

    /// Every item still waiting, in no particular order.
    public var items: [(at: Int64, item: Item)] { heap.map { ($0.at, $0.item) } }

    private func less(_ a: Int, _ b: Int) -> Bool {
        heap[a].at < heap[b].at || (heap[a].at == heap[b].at && heap[a].seq < heap[b].seq)
    }
}
