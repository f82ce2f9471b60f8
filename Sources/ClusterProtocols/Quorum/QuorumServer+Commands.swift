import ClusterSim

/// Commands a person types at a server (`request n1 read k0`): the server
/// coordinates the operation as it would a client's and logs the answer.
/// An operation runs at the server's levels, or at the one it names
/// (`read k0 all`). A read repairs the stale replicas it contacted like any
/// other, which is how a lab triggers read repair by hand. `consistency
/// read|write LEVEL` changes the server's levels live (Cassandra's
/// `CONSISTENCY` in cqlsh; a restart restores the configured ones).
/// `write` carries no context (under vector versioning it is concurrent with
/// every version it did not see); `resolve` first reads every replica and
/// writes with the merged clocks, superseding every sibling it saw.
/// `flush` writes the memtable out as an SSTable and `compact` merges every
/// SSTable into one (Cassandra's `nodetool flush` and `nodetool compact`).
extension QuorumServer {
    public static let commandHelp =
        "read KEY [LEVEL] | write KEY VALUE [LEVEL] | delete KEY [LEVEL] | resolve KEY VALUE | consistency read|write one|quorum|all | flush | compact"

    public mutating func command(_ text: String, _ context: inout QuorumContext) {
        var words = text.split(separator: " ").map(String.init)
        // A trailing level applies to this operation only.
        let level = words.count > 2 ? words.last.flatMap { ConsistencyLevel(rawValue: $0.lowercased()) } : nil
        if level != nil, words.first != "consistency" { words.removeLast() }
        nextCommand += 1
        let request = -nextCommand  // negative: never a client's request number
        if ["read", "write", "delete", "resolve"].contains(words.first), words.count > 1 {
            let used = level ?? (words[0] == "read" ? readConsistency : writeConsistency)
            lastCommand = "\(words[0]) \(words[1]) at \(used.rawValue)"
            lastOutcome = "pending"
        }
        switch (words.first, words.count) {
        case ("read", 2):
            read(id, request, words[1], level, &context)
        case ("write", 3) where Int64(words[2]) != nil:
            update(id, request, words[1], Int64(words[2])!, nil, level, &context)
        case ("resolve", 3) where Int64(words[2]) != nil && level == nil:
            var c = coordination(id, request, words[1], .stamping, isWrite: true)
            c.writeValue = Int64(words[2])!
            c.resolves = true
            begin(c, &context)
        case ("delete", 2):
            // Under vector versioning a blind delete would be one more sibling; delete what is there.
            var c = coordination(id, request, words[1], .stamping, isWrite: true, level: level)
            c.resolves = config.versioning == .vector
            if !config.stampRead, !c.resolves { c.phase = .writing }
            begin(c, &context)
        case ("flush", 1), ("compact", 1):
            let before = storage.sstables.count
            if words[0] == "flush" { storage.flush() } else { storage.compact() }
            context.log("\(words[0]): SSTables \(before) -> \(storage.sstables.count), memtable \(storage.memtable.count) keys")
            context.stateChanged("sstables=\(storage.sstables.count)")
            context.persist(durable)
        case ("consistency", 3) where ["read", "write"].contains(words[1]) && level != nil:
            if words[1] == "read" { readConsistency = level! } else { writeConsistency = level! }
            context.log("consistency: reads at \(readConsistency.rawValue.uppercased()), writes at \(writeConsistency.rawValue.uppercased())")
        default:
            if lastOutcome == "pending" { lastOutcome = "ignored" }
            context.log("ignores '\(text)': commands are \(Self.commandHelp)")
        }
    }
}
