import ClusterSim

/// A trip-booking saga as scenario files name it: `protocol: saga`, four
/// servers (n1 orchestrator or trip service, n2 flight, n3 hotel, n4 car)
/// and up to two clients (c1 books trips, c2 reads the services).
///
/// ```yaml
/// protocol: saga
/// nodes: 4
/// clients: 2
/// parameters: {mode: orchestrated, fail_at: car, fail_every: 1, fail_probability: 0,
///              step_time: 50ms, retry: 150ms, mutations: []}
/// workload: {trips: 3, think: 200ms, timeout: 1s, read_every: 30ms}
/// ```
enum SagaProtocol {
    static let parameters: [ParameterSpec] = [
        .init("mode", .choice(SagaMode.allCases.map(\.rawValue))),
        .init("fail_at", .choice(["none"] + SagaStep.allCases.map(\.description))),
        .count("fail_every", 1...1_000_000, note: "with fail_at: only trips whose number is a multiple of it fail"),
        .init("fail_probability", .probability),
        .delay("step_time"), .timer("retry"),
        .init("mutations", .words(SagaMutation.allCases.map(\.rawValue))),
    ]
    static let workload: [ParameterSpec] = [
        .count("trips", 0...1_000_000), .delay("think"), .timer("timeout"), .timer("read_every"),
    ]

    static let definition = ProtocolDefinition(
        name: "saga", summary: "A trip-booking saga (flight, hotel, car) with compensations, orchestrated or choreographed.",
        defaultServers: 4, defaultClients: 2,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let sim = Simulation<SagaProcess>(scenario: scenario, config: try config(scenario), options: options)
            SagaInvariants.install(on: sim)
            return sim
        },
        finalCheck: { SagaInvariants.finalCheck($0) })

    static func config(_ scenario: Scenario) throws -> SagaConfig {
        guard scenario.servers == 4 else {
            throw scenario.protocolField.error("saga takes 4 nodes (n1 orchestrator, n2 flight, n3 hotel, n4 car), not \(scenario.servers)")
        }
        guard scenario.clients <= 2 else {
            throw scenario.protocolField.error("saga takes at most 2 clients (c1 books trips, c2 reads), not \(scenario.clients)")
        }
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        var c = SagaConfig()
        c.mode = SagaMode(rawValue: try p.string("mode", default: c.mode.rawValue))!
        let failAt = try p.string("fail_at", default: "none")
        c.failAt = SagaStep.allCases.first { $0.description == failAt }
        c.failEvery = try p.int("fail_every", default: c.failEvery)
        c.failProbability = try p.probability("fail_probability", default: c.failProbability)
        c.stepTime = try p.duration("step_time", default: c.stepTime)
        c.retry = try p.duration("retry", default: c.retry)
        for name in try p.words("mutations") ?? [] { c.mutations.insert(SagaMutation(rawValue: name)!) }
        if c.mode == .choreographed, c.mutations.contains(.compensateInForwardOrder), let f = try p.field("mutations") {
            throw f.error("compensate-in-forward-order needs mode: orchestrated (in a choreography each service undoes its own step when the next one's undo arrives)")
        }
        c.workload.trips = try w.int("trips", default: c.workload.trips)
        c.workload.think = try w.duration("think", default: c.workload.think)
        c.workload.timeout = try w.duration("timeout", default: c.workload.timeout)
        c.workload.readEvery = try w.duration("read_every", default: c.workload.readEvery)
        return c
    }
}
