/// Chooses a backend by a strategy from what the balancer knows: which
/// backends are live, their requests in flight and latency EWMAs. Pure and
/// engine-free; randomness comes from `random(n)`, uniform in `0..<n`.
public struct BackendPicker: Sendable, Hashable {
    public let strategy: BalancingStrategy
    public let weights: [Int]
    /// Smooth weighted round-robin's running scores (nginx's `current_weight`).
    public private(set) var current: [Int]
    var cursor = 0

    public init(strategy: BalancingStrategy, weights: [Int]) {
        self.strategy = strategy; self.weights = weights
        current = Array(repeating: 0, count: weights.count)
    }

    /// A live backend, or nil when none is.
    public mutating func pick(live: [Bool], inFlight: [Int], latency: [Double],
                              random: (Int) -> Int) -> Int? {
        let n = live.count
        switch strategy {
        case .roundRobin:
            for k in 0..<n {
                let b = (cursor + k) % n
                if live[b] { cursor = (b + 1) % n; return b }
            }
            return nil
        case .weightedRoundRobin:
            var best = -1, total = 0
            for b in 0..<n where live[b] {
                current[b] += weights[b]; total += weights[b]
                if best < 0 || current[b] > current[best] { best = b }
            }
            if best >= 0 { current[best] -= total; return best }
            return nil
        case .leastConnections:
            // Ties go round-robin from a rotating start, as nginx's least_conn does.
            var best = -1
            for k in 0..<n {
                let b = (cursor + k) % n
                if live[b], best < 0 || inFlight[b] < inFlight[best] { best = b }
            }
            if best >= 0 { cursor = (best + 1) % n; return best }
            return nil
        case .random:
            return randomLive(live, random)
        case .powerOfTwo:
            guard let a = randomLive(live, random) else { return nil }
            let count = live.reduce(0) { $0 + ($1 ? 1 : 0) }
            if count == 1 { return a }
            var b = a
            while b == a { b = randomLive(live, random)! }
            return inFlight[b] < inFlight[a] ? b : a
        case .leastLatency:
            var best = -1, bestScore = Double.infinity
            for k in 0..<n {
                let b = (cursor + k) % n
                guard live[b] else { continue }
                let score = latency[b] * Double(inFlight[b] + 1)
                if score < bestScore { best = b; bestScore = score }
            }
            if best >= 0 { cursor = (best + 1) % n; return best }
            return nil
        }
    }

    /// Uniform over live backends: draws an index, then skips dead ones
    /// (all live is the common case, so that costs one draw).
    func randomLive(_ live: [Bool], _ random: (Int) -> Int) -> Int? {
        let count = live.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard count > 0 else { return nil }
        var k = random(count)
        for b in 0..<live.count where live[b] {
            if k == 0 { return b }
            k -= 1
        }
        return nil
    }
}
