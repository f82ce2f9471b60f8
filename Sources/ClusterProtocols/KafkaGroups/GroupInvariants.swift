import ClusterSim

/// The group's safety property checked after every step: within the
/// coordinator's current generation no partition has two owners (members of
/// an older generation, zombies, are fenced by the generation instead).
public enum GroupInvariants {
    public static let singleOwner = "one owner per partition"

    /// A running consumer as the invariant sees it.
    public struct Owner: Sendable, Hashable {
        public var name: String
        public var generation: Int
        public var assigned: [GroupPartition]
        public init(name: String, generation: Int, assigned: [GroupPartition]) {
            self.name = name; self.generation = generation; self.assigned = assigned
        }
    }

    /// The first partition two members of `generation` both own, described.
    public static func doubleOwnership(_ owners: [Owner], generation: Int) -> String? {
        var ownerOf: [GroupPartition: String] = [:]
        for o in owners where o.generation == generation {
            for p in o.assigned {
                if let other = ownerOf[p] { return "\(p) is owned by both \(other) and \(o.name) in generation \(generation)" }
                ownerOf[p] = o.name
            }
        }
        return nil
    }

    static func install(on sim: Simulation<KafkaGroupProcess>) {
        sim.addInvariant(Invariant(singleOwner) { sim in
            guard let generation = sim.node(sim.config.coordinator)?.broker?.coordinator?.generation else { return nil }
            let owners = sim.layout.clients.compactMap { id in
                sim.node(id)?.consumer.map { Owner(name: sim.layout.name(id), generation: $0.generation, assigned: $0.assigned) }
            }
            return doubleOwnership(owners, generation: generation)
        })
    }
}
