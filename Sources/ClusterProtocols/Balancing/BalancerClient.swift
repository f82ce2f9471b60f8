import ClusterSim
import Foundation  // log

/// A client: closed-loop (its next request when the previous is answered) or
/// open-loop Poisson (requests at exponentially spaced instants whatever
/// happens to them). Each request carries a key from the run's `KeySampler`.
public struct BalancerClient: Sendable {
    public let limit: Int
    public let arrival: ArrivalProcess
    public private(set) var sent = 0
    public private(set) var succeeded = 0
    public private(set) var failed = 0
    let keys: KeySampler
    /// Open loop: this client's share of the rate, and the ramp.
    let baseRate: Double, peakRate: Double, ramp: Int64
    /// Open loop: virtual time since start, summed from the gaps it drew
    /// (a handler cannot read the clock, but it knows its own timers).
    var elapsed: Int64 = 0
    public var isDone: Bool { limit > 0 && succeeded + failed >= limit }

    init(config: BalancerConfig, clients: Int) {
        limit = config.requestsPerClient; arrival = config.arrival; keys = config.keys
        baseRate = config.rate / Double(max(1, clients))
        peakRate = config.peakRate / Double(max(1, clients)); ramp = config.ramp
    }

    /// Requests per second this client sends at `t` µs after its start: a
    /// triangle from the base rate up to the peak at `ramp` and back at `2×ramp`.
    public func rate(at t: Int64) -> Double {
        guard ramp > 0, peakRate > 0 else { return baseRate }
        let x = Double(t) / Double(ramp)
        let up = x <= 1 ? x : max(0, 2 - x)
        return baseRate + (peakRate - baseRate) * up
    }

    mutating func start(_ context: inout NodeContext<BalancerNode>) {
        switch arrival {
        case .closed: next(&context)
        case .poisson: scheduleArrival(&context)
        }
    }

    mutating func next(_ context: inout NodeContext<BalancerNode>) {
        guard limit == 0 || sent < limit else { return }
        sent += 1
        let key = keys.draw { context.random(below: $0) }
        context.send(.request(seq: sent, key: key), to: NodeID(0))
    }

    /// Open loop: the gap to the next arrival is exponential with the current rate.
    mutating func scheduleArrival(_ context: inout NodeContext<BalancerNode>) {
        guard limit == 0 || sent < limit else { return }
        let r = rate(at: elapsed)
        guard r > 0 else { return }
        let u = (Double(context.random(below: 1 << 52)) + 1) / Double(1 << 52)
        let gap = max(1, SaturatingTime.rounded(-log(u) * 1_000_000 / r))
        elapsed = SaturatingTime.add(elapsed, gap)
        context.setTimer(.arrival, after: gap)
    }

    mutating func arrive(_ context: inout NodeContext<BalancerNode>) {
        next(&context)
        scheduleArrival(&context)
    }

    mutating func receive(_ message: BalancerMessage, _ context: inout NodeContext<BalancerNode>) {
        guard case .response(let seq, let ok) = message else { return }
        if arrival == .closed, seq != sent { return }
        if ok { succeeded += 1 } else { failed += 1 }
        if arrival == .closed { next(&context) }
    }

    var summary: NodeSummary {
        NodeSummary(role: "client", tone: .neutral,
                    fields: [.init("sent", "\(sent)"), .init("ok", "\(succeeded)"), .init("failed", "\(failed)")])
    }
}
