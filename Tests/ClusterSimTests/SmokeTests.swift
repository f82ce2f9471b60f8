import Testing
import ClusterSim
import ClusterProtocols

@Test func floodRunsAndCountsDeliveries() {
    let sim = Simulation<FloodNode>(layout: ClusterLayout(servers: 8), config: .init(inFlight: 2), seed: 1)
    sim.run(steps: 1000)
    #expect(sim.stepCount == 1000)
    #expect(sim.trace.events.contains { $0.kind == .deliver })
}
