/// A process in a run: servers are `0..<serverCount` (named n1, n2, …) and
/// clients follow them (named c1, c2, …). Plain indices keep the engine's
/// tables flat arrays.
public struct NodeID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var index: Int
    @inlinable public init(_ index: Int) { self.index = index }
    @inlinable public static func < (a: NodeID, b: NodeID) -> Bool { a.index < b.index }
    public var description: String { "#\(index)" }

    public init(from decoder: Decoder) throws { index = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer(); try c.encode(index)
    }
}

/// Who is in a run and what they are called.
public struct ClusterLayout: Sendable, Hashable {
    public let serverCount: Int
    public let clientCount: Int
    public init(servers: Int, clients: Int = 0) {
        serverCount = servers; clientCount = clients
    }
    public var count: Int { serverCount + clientCount }
    public var servers: [NodeID] { (0..<serverCount).map(NodeID.init) }
    public var clients: [NodeID] { (serverCount..<count).map(NodeID.init) }
    public var all: [NodeID] { (0..<count).map(NodeID.init) }
    public func isClient(_ id: NodeID) -> Bool { id.index >= serverCount }

    /// `n1`… for servers, `c1`… for clients.
    public func name(_ id: NodeID) -> String {
        if id.index < 0 { return "cluster" }
        return id.index < serverCount ? "n\(id.index + 1)" : "c\(id.index - serverCount + 1)"
    }

    /// The node a name like `n3` or `c1` refers to, if it exists.
    public func node(named name: String) -> NodeID? {
        guard let first = name.first, let n = Int(name.dropFirst()), n >= 1 else { return nil }
        switch first {
        case "n" where n <= serverCount: return NodeID(n - 1)
        case "c" where n <= clientCount: return NodeID(serverCount + n - 1)
        default: return nil
        }
    }
}
