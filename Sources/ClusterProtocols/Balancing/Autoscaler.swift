import ClusterSim

/// Adds a spare backend to rotation when the ones in it are busier than
/// `high`, takes the newest out when they are idler than `low`. Utilisation is
/// measured, not sampled: the service time backends reported over the round,
/// over the time they had (round × backends in rotation × concurrency).
public struct Autoscaler: Sendable, Hashable {
    public let policy: AutoscalePolicy
    public private(set) var lastUtilisation = 0.0
    public private(set) var scaledUp = 0
    public private(set) var scaledDown = 0

    public init(policy: AutoscalePolicy) { self.policy = policy }

    public enum Decision: Equatable { case add(Int), remove(Int), stay }

    /// One round's decision from the busy time reported for each backend.
    public mutating func decide(busy: [Int64], inRotation: [Bool], live: [Bool], concurrency: Int) -> Decision {
        let active = inRotation.indices.filter { inRotation[$0] }
        let capacity = Double(policy.interval) * Double(max(1, active.count)) * Double(concurrency)
        lastUtilisation = active.reduce(0.0) { $0 + Double(busy[$1]) } / capacity
        if lastUtilisation > policy.high, active.count < policy.max,
           let spare = inRotation.indices.first(where: { !inRotation[$0] && live[$0] }) {
            scaledUp += 1
            return .add(spare)
        }
        if lastUtilisation < policy.low, active.count > policy.min, let newest = active.last {
            scaledDown += 1
            return .remove(newest)
        }
        return .stay
    }
}

extension LoadBalancer {
    mutating func autoscaleRound(_ context: inout NodeContext<BalancerNode>) {
        guard var a = autoscaler else { return }
        let decision = a.decide(busy: metrics.roundBusy, inRotation: inRotation, live: live, concurrency: config.concurrency)
        autoscaler = a
        for b in metrics.roundBusy.indices { metrics.roundBusy[b] = 0 }
        let pct = Int((a.lastUtilisation * 100).rounded())
        switch decision {
        case .add(let b):
            inRotation[b] = true
            context.log("autoscale: utilisation \(pct)% > \(Int(a.policy.high * 100))%: n\(b + 2) joins")
            context.stateChanged("n\(b + 2) scaled in")
            refresh(b, &context)
        case .remove(let b):
            // Out of rotation: nothing new goes there; what it holds finishes.
            inRotation[b] = false
            refresh(b)
            context.log("autoscale: utilisation \(pct)% < \(Int(a.policy.low * 100))%: n\(b + 2) leaves")
            context.stateChanged("n\(b + 2) scaled out")
        case .stay: break
        }
        context.setTimer(.autoscale, after: a.policy.interval)
    }

    /// Backends in rotation now.
    public var activeBackends: Int { inRotation.reduce(0) { $0 + ($1 ? 1 : 0) } }
}
