import ClusterSim

/// A checkpointed dataflow as scenario files name it: `protocol: streams`,
/// n1 the job manager, n2 the output store, n3… workers (at least one).
///
/// ```yaml
/// protocol: streams
/// nodes: 5
/// parameters: {sink: transactional, alignment: aligned, partitions: 2, parallelism: 2,
///              events: 40, keys: 3, window: 10, log_seed: 1, emit_every: 20ms,
///              checkpoint_interval: 200ms, heartbeat: 50ms, failure_timeout: 200ms}
/// ```
enum StreamProtocol {
    static let parameters: [ParameterSpec] = [
        .init("sink", .choice(StreamSinkKind.allCases.map(\.rawValue))),
        .init("alignment", .choice(StreamAlignment.allCases.map(\.rawValue)),
              note: "`no-alignment` is a deliberate bug: snapshot on the first barrier"),
        .count("partitions", 1...8), .count("parallelism", 1...8),
        .count("events", 0...100_000, note: "events per input partition"),
        .count("keys", 1...1_000), .count("window", 1...1_000_000, note: "window length in event-time units"),
        .init("log_seed", .seed),
        .delay("emit_every"), .timer("checkpoint_interval"), .timer("heartbeat"), .timer("failure_timeout"),
    ]

    static let definition = ProtocolDefinition(
        name: "streams", summary: "Stream processing with aligned checkpoint barriers, restore on failure, and plain, idempotent or transactional sinks.",
        defaultServers: 5, defaultClients: 0,
        parameters: parameters, workload: [],
        make: { scenario, options in
            let sim = Simulation<StreamProcess>(scenario: scenario, config: try config(scenario), options: options)
            return sim
        },
        finalCheck: { StreamChecks.finalCheck($0) })

    static func config(_ scenario: Scenario) throws -> StreamConfig {
        guard scenario.servers >= 3 else {
            throw scenario.protocolField.error("streams takes at least 3 nodes (n1 job manager, n2 output store, n3… workers), not \(scenario.servers)")
        }
        guard scenario.clients == 0 else {
            throw scenario.protocolField.error("streams takes no clients (the input log is pre-generated), not \(scenario.clients)")
        }
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        _ = try ParameterSection(scenario.workload, declared: [])
        var c = StreamConfig()
        c.sink = StreamSinkKind(rawValue: try p.string("sink", default: c.sink.rawValue))!
        c.alignment = StreamAlignment(rawValue: try p.string("alignment", default: c.alignment.rawValue))!
        c.partitions = try p.int("partitions", default: c.partitions)
        c.parallelism = try p.int("parallelism", default: c.parallelism)
        c.events = try p.int("events", default: c.events)
        c.keys = try p.int("keys", default: c.keys)
        c.window = try p.int("window", default: c.window)
        c.logSeed = try p.seed("log_seed", default: c.logSeed)
        c.emitEvery = try p.duration("emit_every", default: c.emitEvery)
        c.checkpointInterval = try p.duration("checkpoint_interval", default: c.checkpointInterval)
        c.heartbeat = try p.duration("heartbeat", default: c.heartbeat)
        c.failureTimeout = try p.duration("failure_timeout", default: c.failureTimeout)
        if c.failureTimeout <= c.heartbeat, let f = try p.field("failure_timeout") ?? p.field("heartbeat") {
            throw f.error("failure_timeout (\(DurationText.format(c.failureTimeout))) must be longer than heartbeat (\(DurationText.format(c.heartbeat)))")
        }
        return c
    }
}

/// Checks over a whole streams run.
public enum StreamChecks {
    /// The store's output against the failure-free output, once the job has
    /// finished (nil when exactly once, or while the job still runs).
    public static func report(_ run: ClusterRun) -> StreamOutputChecker.Report? {
        guard let sim = run as? Simulation<StreamProcess>, let store = sim.node(StreamRoles.store)?.store,
              let jm = sim.node(StreamRoles.jobManager)?.jobManager else { return nil }
        return StreamOutputChecker.check(store.output, log: store.config.inputLog, window: store.config.window, complete: jm.finished)
    }

    static func finalCheck(_ run: ClusterRun) -> String? {
        guard let r = report(run), !r.exactlyOnce else { return nil }
        return "streams output is not exactly once: \(r)"
    }
}
