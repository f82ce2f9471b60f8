import ClusterSim
import ExerciseKit

/// Reference solution of `load-balancer`: least connections with ties broken
/// round-robin from a rotating start (nginx's `least_conn`), and power of two
/// distinct random choices keeping the one with fewer requests in flight.
///
/// Known-buggy variants (`config.variant`):
/// - `never-decrements`: forgets to count completions, so counts only grow
///   and least connections degrades to "fewest sent so far" (round-robin).
/// - `more-loaded-of-two`: power of two choices keeps the busier backend.
/// - `ties-to-first`: least connections scans from n2 every time, so at low
///   load, when every count is 0, n2 gets nearly everything.
public struct BalancerPicker: BackendPicking {
    public private(set) var inFlight: [Int]
    let strategy: LoadBalancerConfig.Strategy
    let variant: String?
    /// Where the next least-connections scan starts.
    var cursor = 0

    public init(backends: Int, config: LoadBalancerConfig) {
        inFlight = Array(repeating: 0, count: backends)
        strategy = config.strategy; variant = config.variant
    }

    public mutating func pick(_ context: inout NodeContext<PickerCluster<Self>>) -> Int? {
        let n = inFlight.count
        guard n > 0 else { return nil }
        switch strategy {
        case .leastConnections, .roundRobin:
            if variant == "ties-to-first" { cursor = 0 }
            var best = cursor % n
            for k in 1..<max(1, n) {
                let b = (cursor + k) % n
                if inFlight[b] < inFlight[best] { best = b }
            }
            cursor = (best + 1) % n
            return best
        case .powerOfTwoChoices:
            guard n > 1 else { return 0 }
            let a = context.random(below: n)
            var b = context.random(below: n - 1)
            if b >= a { b += 1 }
            if variant == "more-loaded-of-two" { return inFlight[b] > inFlight[a] ? b : a }
            return inFlight[b] < inFlight[a] ? b : a
        }
    }

    public mutating func forwarded(to backend: Int, _ context: inout NodeContext<PickerCluster<Self>>) {
        inFlight[backend] += 1
    }

    public mutating func completed(at backend: Int, _ context: inout NodeContext<PickerCluster<Self>>) {
        if variant == "never-decrements" { return }
        inFlight[backend] -= 1
    }
}
