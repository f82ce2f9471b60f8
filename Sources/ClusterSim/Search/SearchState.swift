/// A message on the wire in a model-checking state: who sent it, to whom, what.
public struct InFlightPacket<Message: Hashable & Sendable>: Hashable, Sendable {
    public var from: NodeID
    public var to: NodeID
    public var message: Message
}

/// One state of the model checker: every node's state, the messages in
/// flight (a multiset: two equal messages on the same link are two copies),
/// and each node's pending timers (a set of tags).
///
/// Equality and hashing ignore the order of messages and timers, so two
/// schedules that reach the same situation meet in one state. The order the
/// arrays are kept in (the order things were sent or set, along the first
/// path that reached the state) only fixes the order choices are tried in,
/// which keeps a search deterministic from run to run.
public struct SearchState<Node: NodeStateMachine & Hashable>: Hashable where Node.Message: Hashable {
    public typealias Packet = InFlightPacket<Node.Message>

    /// Node `i`'s state is `nodes[i]`.
    public internal(set) var nodes: [Node]
    var network: Bag<Packet>
    var pending: [Bag<Node.TimerTag>]

    /// The messages in flight, one entry per copy.
    public var inFlight: [Packet] { network.elements }

    /// The timers set and not yet fired or cancelled at `node`.
    public func timers(of node: NodeID) -> [Node.TimerTag] { pending[node.index].elements }

    public subscript(node: NodeID) -> Node { nodes[node.index] }

    init(nodes: [Node]) {
        self.nodes = nodes
        network = Bag()
        pending = Array(repeating: Bag(), count: nodes.count)
    }
}

/// An array compared and hashed as a multiset: order is kept (for a
/// deterministic order of choices) but does not count. Small collections
/// only: equality is quadratic.
struct Bag<Element: Hashable>: Hashable {
    private(set) var elements: [Element] = []

    var count: Int { elements.count }

    mutating func append(_ e: Element) { elements.append(e) }

    /// Adds `e` unless an equal element is there (a set of timer tags).
    mutating func insertOnce(_ e: Element) { if !elements.contains(e) { elements.append(e) } }

    mutating func removeFirst(_ e: Element) {
        if let i = elements.firstIndex(of: e) { elements.remove(at: i) }
    }

    @discardableResult
    mutating func remove(at i: Int) -> Element { elements.remove(at: i) }

    /// Whether an element equal to `elements[i]` comes earlier (a duplicate choice).
    func repeatsEarlier(_ i: Int) -> Bool {
        let e = elements[i]
        for j in 0..<i where elements[j] == e { return true }
        return false
    }

    static func == (a: Bag, b: Bag) -> Bool {
        guard a.elements.count == b.elements.count else { return false }
        if a.elements == b.elements { return true }
        var used = [Bool](repeating: false, count: b.elements.count)
        outer: for e in a.elements {
            for j in b.elements.indices where !used[j] && b.elements[j] == e { used[j] = true; continue outer }
            return false
        }
        return true
    }

    func hash(into hasher: inout Hasher) {
        // A sum of the elements' hashes does not depend on their order.
        var sum = 0
        for e in elements { sum &+= e.hashValue }
        hasher.combine(elements.count)
        hasher.combine(sum)
    }
}
