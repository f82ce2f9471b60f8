/// A placement rule named by a short text, so labs (`keys_moved`,
/// `keys_owned`) and `clusterlab hash --moved-to` can say which scheme to
/// apply to a list of node names: `mod` (hash mod N), `rendezvous` (highest
/// random weight), `jump` (jump consistent hash, the nodes in list order as
/// buckets 0..<N) or `ring:V` (a ring with V virtual nodes per node).
public enum PlacementRule: Sendable, Hashable, CustomStringConvertible {
    case modulo
    case rendezvous
    case jump
    case ring(virtualNodes: Int)

    /// The forms `init(parsing:)` accepts, for error messages.
    public static let forms = "'mod', 'rendezvous', 'jump' or 'ring:V' (V virtual nodes per node, 1–1000)"

    /// Parses `mod`, `rendezvous`, `jump` or `ring:V`; nil for anything else.
    public init?(parsing text: String) {
        switch text {
        case "mod": self = .modulo
        case "rendezvous": self = .rendezvous
        case "jump": self = .jump
        default:
            guard text.hasPrefix("ring:"), let v = Int(text.dropFirst(5)), (1...1000).contains(v) else { return nil }
            self = .ring(virtualNodes: v)
        }
    }

    public var description: String {
        switch self {
        case .modulo: return "mod"
        case .rendezvous: return "rendezvous"
        case .jump: return "jump"
        case .ring(let v): return "ring:\(v)"
        }
    }

    /// The placement view's scheme and virtual nodes this names.
    var scheme: (PlacementScheme, virtualNodes: Int) {
        switch self {
        case .modulo: return (.modN, 1)
        case .rendezvous: return (.rendezvous, 1)
        case .jump: return (.jump, 1)
        case .ring(let v): return (.ring, v)
        }
    }

    /// The placement of keys over `nodes` (at least one).
    public func placement(over nodes: [String]) -> any KeyPlacement {
        ShardMap.stateless(scheme.0, nodes, virtualNodes: scheme.virtualNodes)
    }

    /// How many of `keys` change owner when the membership goes from `before` to `after`.
    public func moved(keys: [String], from before: [String], to after: [String]) -> Int {
        PlacementAnalysis.movement(from: placement(over: before), to: placement(over: after), keys: keys).moved
    }
}
