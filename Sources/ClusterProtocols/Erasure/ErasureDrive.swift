import ClusterSim

/// A drive of the erasure set: it stores the shards it is sent (durably: they
/// survive a crash) and returns them when asked. It never checks them — a
/// drive cannot tell that its bits rotted; the gateway's checksum does.
public struct ErasureDrive: Sendable, Hashable {
    /// The shard index this drive holds for every object (drive i+1 holds shard i).
    public let index: Int
    public var shards: [String: ErasureStoredShard]
    /// Shards a person rotted with the `rot` command (shown in the summary).
    public var rotted = 0

    public init(index: Int, shards: [String: ErasureStoredShard]) {
        self.index = index; self.shards = shards
    }

    mutating func receive(_ message: ErasureMessage, from: NodeID, _ context: inout NodeContext<ErasureProcess>) {
        switch message {
        case let .writeShard(request, key, shard):
            // A newer version replaces an older one; a heal rewrites the same version.
            if shard.version >= shards[key]?.version ?? -1 { shards[key] = shard }
            context.persist(ErasureDurable(shards: shards))
            context.send(.shardWritten(request: request, index: index), to: from)
        case let .readShard(request, key):
            context.send(.shardRead(request: request, shard: shards[key]), to: from)
        default:
            context.log("drive ignores \(message)")
        }
    }

    /// `rot KEY` flips bits of this drive's shard of KEY (`rot` alone: every
    /// shard), as silent corruption on a disk would; the checksum stays.
    mutating func command(_ text: String, _ context: inout NodeContext<ErasureProcess>) {
        let words = text.split(separator: " ").map(String.init)
        guard words.first == "rot", words.count <= 2 else {
            context.log("drives take `rot KEY` or `rot`; not '\(text)'")
            return
        }
        let keys = words.count == 2 ? [words[1]] : shards.keys.sorted()
        for key in keys {
            guard var shard = shards[key], !shard.bytes.isEmpty else {
                context.log("no shard of \(key) on this drive")
                continue
            }
            shard.bytes[0] ^= 0xA5
            shards[key] = shard
            rotted += 1
            context.log("bit rot: shard \(index) of \(key) corrupted (its checksum still says the old bytes)")
        }
        context.persist(ErasureDurable(shards: shards))
    }

    var summary: NodeSummary {
        var fields: [NodeSummary.Field] = [.init("shard", "\(index)"), .init("objects", "\(shards.count)")]
        if rotted > 0 { fields.append(.init("rotted", "\(rotted)")) }
        return NodeSummary(role: "drive", tone: .follower, fields: fields)
    }
}

/// What a drive keeps across a crash: its shards.
public struct ErasureDurable: Sendable, Hashable {
    public var shards: [String: ErasureStoredShard]
}
