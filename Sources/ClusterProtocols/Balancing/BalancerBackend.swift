import ClusterSim
import Foundation  // log

/// A backend server: `concurrency` service slots, each a timer, and a FIFO
/// queue of bounded length. Service times are drawn when a request arrives.
public struct BalancerBackend: Sendable {
    struct Job: Sendable, Hashable {
        var id: Int, ticket: Int, service: Int64, wait: Int64
    }
    public let index: Int
    public let meanService: Int64
    let distribution: ServiceDistribution
    let queueCapacity: Int
    var slots: [Job?]
    /// A ring buffer of `queueCapacity` jobs.
    var ring: [Job]
    var head = 0
    public private(set) var queued = 0
    /// Service time of everything queued plus everything in service, drawn.
    var backlog: Int64 = 0
    public private(set) var served = 0
    public private(set) var rejected = 0

    init(index: Int, config: BalancerConfig) {
        self.index = index
        meanService = config.meanService(ofBackend: index)
        distribution = config.distribution
        queueCapacity = config.queue
        slots = Array(repeating: nil, count: config.concurrency)
        ring = Array(repeating: Job(id: 0, ticket: 0, service: 0, wait: 0), count: max(1, config.queue))
    }

    public var inService: Int { slots.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    func draw(_ context: inout NodeContext<BalancerNode>) -> Int64 {
        switch distribution {
        case .constant: return meanService
        case .uniform:
            // Uniform on 0...2×mean; past Int's range the draw saturates.
            let top = SaturatingTime.add(SaturatingTime.multiply(2, meanService), 1)
            if top == .max {
                return SaturatingTime.rounded(2 * Double(meanService) * Double(context.random(below: .max)) / Double(Int.max))
            }
            return Int64(context.random(below: Int(top)))
        case .exponential:
            let u = (Double(context.random(below: 1 << 52)) + 1) / Double(1 << 52)
            return max(1, SaturatingTime.rounded(-log(u) * Double(meanService)))
        }
    }

    mutating func receive(_ message: BalancerMessage, from: NodeID, _ context: inout NodeContext<BalancerNode>) {
        switch message {
        case .forward(let id, let ticket):
            let service = draw(&context)
            if let free = slots.firstIndex(where: { $0 == nil }) {
                slots[free] = Job(id: id, ticket: ticket, service: service, wait: 0)
                backlog = SaturatingTime.add(backlog, service)
                context.setTimer(.slot(free), after: service)
            } else if queued < queueCapacity {
                // The handler cannot read the clock, so the wait is estimated
                // as the backlog drawn ahead of it spread over the slots: an
                // upper bound, since in-service work has partly elapsed.
                let wait = backlog / Int64(slots.count)
                ring[(head + queued) % ring.count] = Job(id: id, ticket: ticket, service: service, wait: wait)
                queued += 1
                backlog = SaturatingTime.add(backlog, service)
            } else {
                rejected += 1
                context.send(.rejected(id: id, ticket: ticket), to: from)
            }
        case .ping:
            context.send(.pong(queue: queued), to: from)
        default:
            break
        }
    }

    mutating func finish(slot: Int, _ context: inout NodeContext<BalancerNode>) {
        guard let job = slots[slot] else { return }
        served += 1
        backlog = max(0, backlog - job.service)
        slots[slot] = nil
        if queued > 0 {
            let next = ring[head]
            head = (head + 1) % ring.count; queued -= 1
            slots[slot] = next
            context.setTimer(.slot(slot), after: next.service)
        }
        context.send(.done(id: job.id, ticket: job.ticket, service: job.service, wait: job.wait, queue: queued),
                     to: NodeID(0))
    }

    var summary: NodeSummary {
        NodeSummary(role: "backend", tone: queued > 0 ? .warning : .follower,
                    fields: [.init("busy", "\(inService)/\(slots.count)"), .init("queue", "\(queued)"),
                             .init("served", "\(served)"), .init("mean", "\(meanService)us")],
                    details: ["mean service \(meanService)us (\(distribution.rawValue))",
                              "in service \(inService) of \(slots.count), queued \(queued) of \(queueCapacity)",
                              "served \(served), rejected \(rejected)"])
    }
}
