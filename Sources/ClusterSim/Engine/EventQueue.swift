/// The engine's event queue: a binary min-heap of small plain keys
/// `(time, seq, slot)` ordered by (time, sequence number), with payloads kept
/// in a slab the keys point into.
///
/// Written here rather than using swift-collections' `Heap` because the
/// engine's hot loop is push-one/pop-one: `Heap` is a min-max heap (more
/// comparisons per level) and sifts whole elements through a generic
/// `Comparable` witness; sifting 24-byte concrete keys with an inlined
/// comparison made `bench flood` about twice as fast (a 4-ary heap measured
/// slower here). Push and pop are
/// O(log n); the sequence number makes the order total, so it never depends
/// on the heap's shape.
struct EventQueue<Payload> {
    struct Key {
        var time: Int64
        var seq: UInt64
        var slot: Int32

        @inline(__always) static func earlier(_ a: Key, _ b: Key) -> Bool {
            a.time < b.time || (a.time == b.time && a.seq < b.seq)
        }
    }

    private(set) var keys: [Key] = []
    private var payloads: [Payload?] = []
    private var free: [Int32] = []

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }
    /// The earliest key, without removing it.
    var first: Key? { keys.first }

    mutating func push(time: Int64, seq: UInt64, _ payload: Payload) {
        let slot: Int32
        if let s = free.popLast() { slot = s; payloads[Int(s)] = payload }
        else { slot = Int32(payloads.count); payloads.append(payload) }
        keys.append(Key(time: time, seq: seq, slot: slot))
        keys.withUnsafeMutableBufferPointer { h in
            var i = h.count - 1
            let k = h[i]
            while i > 0 {
                let parent = (i - 1) >> 1
                guard Key.earlier(k, h[parent]) else { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = k
        }
    }

    /// Removes and returns the earliest event.
    mutating func pop() -> (key: Key, payload: Payload)? {
        guard let top = keys.first else { return nil }
        let last = keys.removeLast()
        if !keys.isEmpty {
            keys.withUnsafeMutableBufferPointer { h in
                let n = h.count
                var i = 0
                while true {
                    let l = 2 * i + 1
                    if l >= n { break }
                    let r = l + 1
                    let c = r < n && Key.earlier(h[r], h[l]) ? r : l
                    guard Key.earlier(h[c], last) else { break }
                    h[i] = h[c]
                    i = c
                }
                h[i] = last
            }
        }
        let payload = payloads[Int(top.slot)].take()!
        free.append(top.slot)
        return (top, payload)
    }

    /// Every queued event, in no particular order.
    var unordered: [(key: Key, payload: Payload)] {
        keys.map { ($0, payloads[Int($0.slot)]!) }
    }

    /// Keeps only the events `keep` accepts (for rare user actions such as
    /// dropping one message; O(n)).
    mutating func removeAll(where remove: (Key, Payload) -> Bool) {
        let kept = unordered.filter { !remove($0.key, $0.payload) }
        self = EventQueue()
        for e in kept { push(time: e.key.time, seq: e.key.seq, e.payload) }
    }
}
