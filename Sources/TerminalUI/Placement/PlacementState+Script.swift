import ClusterProtocols

extension PlacementState {
    /// `joins` joins then `leaves` leaves, as `placement --print --join J
    /// --leave L` asks: the same figures and last change as pressing `+` and
    /// `-` that many times, one step on the map per change and the figures
    /// once (a replay per change made 199 leaves take minutes).
    public mutating func apply(joins: Int, leaves: Int) {
        let joins = max(0, joins), leaves = min(max(0, leaves), nodes.count + joins - 1)  // the last node cannot leave
        apply([PlacementChange](repeating: .join, count: joins) + Array(repeating: .leave, count: leaves))
    }
}
