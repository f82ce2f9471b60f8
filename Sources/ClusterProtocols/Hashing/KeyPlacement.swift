/// A rule that puts every key on one of a fixed list of nodes. Each scheme in
/// this folder has one, so the placement analysis can compare them.
public protocol KeyPlacement: Sendable {
    /// The nodes, by name; `nodeIndex(forKey:)` is an index into this list.
    var nodes: [String] { get }
    /// The node that owns `key` (hashed as its UTF-8 bytes).
    func nodeIndex(forKey key: String) -> Int
}

extension KeyPlacement {
    public func node(forKey key: String) -> String { nodes[nodeIndex(forKey: key)] }
}

/// ClusterLab's node names: `n1`, `n2`, … (as in every scenario).
public enum NodeNames {
    public static func standard(_ count: Int) -> [String] { (0..<count).map { "n\($0 + 1)" } }
}
