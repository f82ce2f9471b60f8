/// Chooses a backend by a strategy from what the balancer knows: which
/// backends are live, their requests in flight and latency EWMAs. Pure and
/// engine-free; randomness comes from `random(n)`, uniform in `0..<n`.
public struct BackendPicker: Sendable, Hashable {
    public let strategy: BalancingStrategy
    public let weights: [Int]
    /// The weights smooth weighted round-robin adds up (`weights`, scaled down when large).
    let roundWeights: [Int]
    /// `consistent_hash_bounded`'s slack ε.
    public let epsilon: Double
    /// Smooth weighted round-robin's running scores (nginx's `current_weight`).
    public private(set) var current: [Int]
    var cursor = 0
    /// The hash ring (`consistent_hash_bounded` only).
    public let ring: BoundedLoadRing?

    public init(strategy: BalancingStrategy, weights: [Int], epsilon: Double = 0.25) {
        self.strategy = strategy; self.weights = weights; self.epsilon = epsilon
        roundWeights = Self.boundedWeights(weights)
        current = Array(repeating: 0, count: weights.count)
        ring = strategy == .consistentHashBounded ? BoundedLoadRing(backends: weights.count) : nil
    }

    /// Smooth weighted round-robin keeps scores between minus and plus the
    /// weights' sum, so the sum must stay well inside `Int`: weights adding up
    /// past 2⁴⁰ are scaled down to that total (each kept at least 1), which
    /// keeps their proportions to about one part in a million per backend.
    static func boundedWeights(_ weights: [Int]) -> [Int] {
        let limit = 1 << 40
        let sum = weights.reduce(0.0) { $0 + Double(max(0, $1)) }
        guard sum > Double(limit) else { return weights }
        return weights.map { max(1, Int((Double(max(0, $0)) * Double(limit) / sum).rounded(.down))) }
    }

    /// The same weights and ε with another strategy, starting afresh.
    public func switched(to strategy: BalancingStrategy) -> BackendPicker {
        BackendPicker(strategy: strategy, weights: weights, epsilon: epsilon)
    }

    /// The most requests in flight `consistent_hash_bounded` lets a backend
    /// hold once this request is placed: ⌈(1+ε) × (in flight + 1) / live⌉.
    public func boundedCapacity(live: [Bool], inFlight: [Int]) -> Int {
        var total = 0, count = 0
        for b in live.indices where live[b] { total += inFlight[b]; count += 1 }
        guard count > 0 else { return 0 }
        return Int((Double(total + 1) * (1 + epsilon) / Double(count)).rounded(.up))
    }

    /// A live backend, or nil when none is. `key` matters only to
    /// `consistent_hash_bounded`.
    public mutating func pick(live: [Bool], inFlight: [Int], latency: [Double], key: Int = 0,
                              random: (Int) -> Int) -> Int? {
        let n = live.count
        switch strategy {
        case .consistentHashBounded:
            guard let ring else { return nil }
            let cap = boundedCapacity(live: live, inFlight: inFlight)
            return ring.walk(from: key) { live[$0] && inFlight[$0] < cap }
        case .roundRobin:
            for k in 0..<n {
                let b = (cursor + k) % n
                if live[b] { cursor = (b + 1) % n; return b }
            }
            return nil
        case .weightedRoundRobin:
            var best = -1, total = 0
            for b in 0..<n where live[b] {
                current[b] += roundWeights[b]; total += roundWeights[b]
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
