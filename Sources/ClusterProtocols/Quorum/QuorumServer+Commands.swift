import ClusterSim

/// Commands a person types at a server (`request n1 read k0`): the server
/// coordinates the operation as it would a client's, at the configured
/// consistency levels, and logs the answer. A read repairs stale replicas
/// like any other, which is how a lab triggers read repair by hand.
/// `write` carries no context (under vector versioning it is concurrent with
/// every version it did not see); `resolve` first reads every replica and
/// writes with the merged clocks, superseding every sibling it saw.
extension QuorumServer {
    public static let commandHelp = "read KEY | write KEY VALUE | delete KEY | resolve KEY VALUE"

    public mutating func command(_ text: String, _ context: inout QuorumContext) {
        let words = text.split(separator: " ").map(String.init)
        nextCommand += 1
        let request = -nextCommand  // negative: never a client's request number
        switch (words.first, words.count) {
        case ("read", 2):
            begin(Coordination(client: id, request: request, key: words[1], phase: .reading,
                               replicas: ring.replicas(for: words[1], count: n)), &context)
        case ("write", 3) where Int64(words[2]) != nil:
            update(id, request, words[1], Int64(words[2])!, nil, &context)
        case ("resolve", 3) where Int64(words[2]) != nil:
            var c = Coordination(client: id, request: request, key: words[1], writeValue: Int64(words[2])!, isWrite: true,
                                 phase: .stamping, replicas: ring.replicas(for: words[1], count: n))
            c.resolves = true
            begin(c, &context)
        case ("delete", 2):
            // Under vector versioning a blind delete would be one more sibling; delete what is there.
            var c = Coordination(client: id, request: request, key: words[1], writeValue: nil, isWrite: true,
                                 phase: .stamping, replicas: ring.replicas(for: words[1], count: n))
            c.resolves = config.versioning == .vector
            if !config.stampRead, !c.resolves { c.phase = .writing }
            begin(c, &context)
        default:
            context.log("ignores '\(text)': commands are \(Self.commandHelp)")
        }
    }
}
