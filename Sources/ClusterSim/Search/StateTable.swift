/// How the search stores the states it keeps (the frontier and, with
/// `.states`, every state seen): each node's state and pending timers are
/// kept once in a table, and a state is its nodes' table numbers plus its
/// messages in flight. Nodes change one at a time and most schedules share
/// most node states, so this is a fraction of the memory of whole states,
/// and a transition interns only the node it changed.
struct StateTable<Node: NodeStateMachine & Hashable> where Node.Message: Hashable {
    /// One node's part of a state.
    struct NodeSlot: Hashable {
        var node: Node
        var timers: Bag<Node.TimerTag>
    }

    /// A state by its nodes' table numbers: equal exactly when the states are.
    struct Packed: Hashable {
        var slots: [Int32]
        var network: Bag<InFlightPacket<Node.Message>>
    }

    private var numbers: [NodeSlot: Int32] = [:]
    private var slots: [NodeSlot] = []

    /// Distinct node states seen.
    var count: Int { slots.count }

    mutating func number(_ slot: NodeSlot) -> Int32 {
        if let n = numbers[slot] { return n }
        let n = Int32(slots.count)
        slots.append(slot)
        numbers[slot] = n
        return n
    }

    mutating func pack(_ s: SearchState<Node>) -> Packed {
        Packed(slots: s.nodes.indices.map { number(NodeSlot(node: s.nodes[$0], timers: s.pending[$0])) }, network: s.network)
    }

    /// `t`, reached from `parent` by a step that changed node `changed` (nil: only the network).
    mutating func pack(_ t: SearchState<Node>, from parent: Packed, changed: Int?) -> Packed {
        var p = Packed(slots: parent.slots, network: t.network)
        if let i = changed { p.slots[i] = number(NodeSlot(node: t.nodes[i], timers: t.pending[i])) }
        return p
    }

    func unpack(_ p: Packed) -> SearchState<Node> {
        var s = SearchState(nodes: p.slots.map { slots[Int($0)].node })
        s.network = p.network
        s.pending = p.slots.map { slots[Int($0)].timers }
        return s
    }
}
