import ClusterSim

/// Installs one invariant per safety property of a protocol, all fed by one
/// monitor that looks at the run once per step (a monitor remembers history,
/// so it must see each step once, however many properties read it).
enum MonitorInvariants {
    static func install<Node, Property: RawRepresentable & CaseIterable & Equatable>(
        on sim: Simulation<Node>, _: Property.Type,
        observe: @escaping (Simulation<Node>) -> (property: Property, message: String)?
    ) where Property.RawValue == String {
        var lastStep: Int64 = -1
        var seen: (property: Property, message: String)?
        for property in Property.allCases {
            sim.addInvariant(Invariant(property.rawValue) { sim in
                if sim.stepCount != lastStep {
                    lastStep = sim.stepCount
                    seen = observe(sim)
                }
                guard let v = seen, v.property == property else { return nil }
                return v.message
            })
        }
    }
}
