import ClusterProtocols

extension PlacementState {
    /// `joins` joins then `leaves` leaves, as `placement --print --join J
    /// --leave L` asks: the same figures and last change as pressing `+` and
    /// `-` that many times, at the cost of two replays of the changes instead
    /// of one replay per change (which made 199 leaves take minutes).
    public mutating func apply(joins: Int, leaves: Int) {
        let joins = max(0, joins), leaves = min(max(0, leaves), nodes.count + joins - 1)  // the last node cannot leave
        let all = [PlacementChange](repeating: .join, count: joins) + Array(repeating: .leave, count: leaves)
        guard let last = all.last else { return }
        changes += all.dropLast()
        refresh()
        let before = report
        let what: String
        let movement: KeyMovement
        switch last {
        case .join:
            what = "join \(nextName)"; movement = before.join
        case .leave:
            guard let leave = before.leave, let gone = nodes.last else { return }
            what = "leave \(gone)"; movement = leave
        }
        changes.append(last)
        refresh()
        lastChange = LastChange(what: what, movement: movement)
    }
}
