/// Hash mod N: node = `hash64(key) % N` (MurmurHash3, as on the ring). Even
/// load, but changing N moves a key unless both hashes agree mod N and N±1 —
/// about N/(N+1) of all keys, which is the point of the syllabus's lesson.
public struct ModuloHashing: KeyPlacement {
    public let nodes: [String]

    public init(nodes: [String]) {
        precondition(!nodes.isEmpty, "hash mod N needs at least one node")
        self.nodes = nodes
    }

    public func nodeIndex(forKey key: String) -> Int { Int(MurmurHash3.hash64(key) % UInt64(nodes.count)) }
}
