import ClusterSim
import Foundation

/// What the run's threads (clients, pollers) hand the runner: the runner
/// alone owns the record, so every observation goes through this queue
/// with the time it was made, and is recorded when the runner drains it.
final class RealInbox: @unchecked Sendable {
    enum Item {
        case operation(client: Int, HistoryOperation)
        case view(node: Int, RealNodeView?)
    }
    private let lock = NSLock()
    private var items: [(time: Int64, item: Item)] = []

    func post(_ item: Item, at time: Int64) {
        lock.lock(); items.append((time, item)); lock.unlock()
    }

    func take() -> [(time: Int64, item: Item)] {
        lock.lock(); defer { lock.unlock() }
        let out = items
        items.removeAll(keepingCapacity: true)
        return out
    }
}

/// A flag threads read and the runner sets (clients hold, workers stop).
final class RealSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Bool
    init(_ value: Bool) { self.value = value }
    var isOn: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: Bool) { lock.lock(); value = v; lock.unlock() }
}
