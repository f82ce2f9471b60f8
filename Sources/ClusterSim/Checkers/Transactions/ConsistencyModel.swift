/// The transactional consistency models a history is checked against, weakest
/// first, as Maelstrom's `--consistency-models` names them. Each prohibits
/// every anomaly the weaker ones do, as in Elle's model graph
/// (jepsen-io/elle, src/elle/consistency_model.clj: `serializable` implies
/// `snapshot-isolation` and `repeatable-read`, which imply `read-committed`).
public enum ConsistencyModel: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    /// Adya's PL-1: no G0 (write cycles).
    case readUncommitted
    /// Adya's PL-2: also no G1a, G1b, G1c.
    case readCommitted
    /// Also no G-single (read skew), lost update, G-nonadjacent.
    case snapshotIsolation
    /// Adya's PL-3: also no G2 (any anti-dependency cycle).
    case serializable
    /// Adya's PL-SS: also no cycle through real-time order.
    case strictSerializable

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .readUncommitted: "read-uncommitted"
        case .readCommitted: "read-committed"
        case .snapshotIsolation: "snapshot-isolation"
        case .serializable: "serializable"
        case .strictSerializable: "strict-serializable"
        }
    }

    /// A model by name (`serializable`, `:serializable`, `strong-serializable`), or nil.
    public init?(name: String) {
        let bare = name.hasPrefix(":") ? String(name.dropFirst()) : name
        if bare == "strong-serializable" { self = .strictSerializable; return }
        guard let model = Self.allCases.first(where: { $0.description == bare }) else { return nil }
        self = model
    }
}
