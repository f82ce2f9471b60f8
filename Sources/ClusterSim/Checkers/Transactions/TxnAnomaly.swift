/// An anomaly found in a transactional history: a dependency cycle (with the
/// cycle) or a single bad read (with the reader and the writer). Names are
/// Elle's (Kingsbury & Alvaro, "Elle: Inferring Isolation Anomalies from
/// Experimental Observations", VLDB 2020; jepsen-io/elle), which are Adya's
/// where Adya has one. Elle calls the item-level G-single and G-nonadjacent
/// `G-single-item` and `G-nonadjacent-item`; all cycles here are item-level.
public struct TxnAnomaly: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A cycle of write-write edges alone (write cycle).
        case g0 = "G0"
        /// A committed read of a value written by a transaction that failed.
        case g1a = "G1a"
        /// A committed read of a value its writer overwrote within the same transaction.
        case g1b = "G1b"
        /// A cycle of write-write and write-read edges, at least one write-read (circular information flow).
        case g1c = "G1c"
        /// A cycle with exactly one read-write edge (read skew).
        case gSingle = "G-single"
        /// A cycle with two or more read-write edges, no two of them adjacent.
        case gNonadjacent = "G-nonadjacent"
        /// A cycle with two or more read-write edges (write skew, anti-dependency cycle).
        case g2 = "G2-item"
        /// Two committed transactions read the same version of a key and both wrote it.
        case lostUpdate = "lost-update"
        /// A transaction's read disagrees with its own earlier reads or writes.
        case `internal` = "internal"
        /// A list read holding the same element twice.
        case duplicateElements = "duplicate-elements"
        /// Two reads of a list neither of which is a prefix of the other.
        case incompatibleOrder = "incompatible-order"
        /// A read of a value no transaction ever wrote.
        case garbageRead = "garbage-read"
        /// The same cycles, closed only through real-time order.
        case g0Realtime = "G0-realtime"
        case g1cRealtime = "G1c-realtime"
        case gSingleRealtime = "G-single-realtime"
        case g2Realtime = "G2-item-realtime"

        /// The weakest model that prohibits this anomaly (every stronger one does
        /// too), following Elle's consistency_model.clj: G0 breaks PL-1; G1
        /// breaks PL-2; G-single, G-nonadjacent, lost update and internal
        /// inconsistency break snapshot isolation; G2 breaks serializability; a
        /// cycle that needs a real-time edge breaks only strict serializability.
        /// Duplicate elements break PL-1 in Elle; garbage reads (listed in
        /// Elle's README, not in its model table) are counted against every model here.
        public var weakestViolated: ConsistencyModel {
            switch self {
            case .g0, .duplicateElements, .garbageRead: .readUncommitted
            case .g1a, .g1b, .g1c, .incompatibleOrder: .readCommitted
            case .gSingle, .gNonadjacent, .lostUpdate, .internal: .snapshotIsolation
            case .g2: .serializable
            case .g0Realtime, .g1cRealtime, .gSingleRealtime, .g2Realtime: .strictSerializable
            }
        }
    }

    public var kind: Kind
    /// The transactions involved (ids), in cycle order for a cycle.
    public var transactions: [Int]
    /// For a cycle, its edges in order: `cycle[i].to == cycle[i+1].from`, the last back to the first.
    public var cycle: [Dependency]
    /// What went wrong, in a sentence, for anomalies that are not cycles.
    public var explanation: String

    public init(kind: Kind, transactions: [Int], cycle: [Dependency] = [], explanation: String = "") {
        self.kind = kind; self.transactions = transactions; self.cycle = cycle; self.explanation = explanation
    }

    /// Whether a history with this anomaly cannot satisfy `model`.
    public func violates(_ model: ConsistencyModel) -> Bool { kind.weakestViolated <= model }
}
