import ClusterSim
import ExerciseKit

/// Your picker: the balancer (n1) asks it where each request goes and tells
/// it about every request forwarded and every answer. The balancer, the
/// backends (n2…n5) and the clients are given; `config.strategy` says which
/// picker the run wants: `.leastConnections` or `.powerOfTwoChoices`.
public struct BalancerPicker: BackendPicking {
    /// Requests in flight at each backend, as you count them.
    public private(set) var inFlight: [Int]
    let strategy: LoadBalancerConfig.Strategy

    public init(backends: Int, config: LoadBalancerConfig) {
        inFlight = Array(repeating: 0, count: backends)
        strategy = config.strategy
    }

    /// The backend for the next request, in `0..<inFlight.count` (backend b is node n(b+2)).
    public mutating func pick(_ context: inout NodeContext<PickerCluster<Self>>) -> Int? {
        switch strategy {
        case .powerOfTwoChoices:
            todo("power of two choices: two distinct random backends, the one with fewer requests in flight", &context)
        default:
            todo("least connections: the backend with the fewest requests in flight, ties broken fairly", &context)
        }
        return nil
    }

    public mutating func forwarded(to backend: Int, _ context: inout NodeContext<PickerCluster<Self>>) {
        todo("count a request forwarded to a backend", &context)
    }

    public mutating func completed(at backend: Int, _ context: inout NodeContext<PickerCluster<Self>>) {
        todo("count a request a backend answered", &context)
    }
}
