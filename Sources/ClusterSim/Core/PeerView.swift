/// What one node believes about one peer: the cell of the membership matrix
/// (rows observers, columns peers). Failure detectors fill it in; the
/// interface draws it without knowing which detector made it.
public struct PeerView: Sendable, Hashable {
    /// The three opinions a failure detector can hold.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case alive, suspected, dead
    }

    public var status: Status
    /// SWIM: the highest incarnation of the peer this node has heard of.
    public var incarnation: Int?
    /// Phi accrual: the suspicion level at the latest tick.
    public var phi: Double?

    public init(_ status: Status, incarnation: Int? = nil, phi: Double? = nil) {
        self.status = status; self.incarnation = incarnation; self.phi = phi
    }
}
