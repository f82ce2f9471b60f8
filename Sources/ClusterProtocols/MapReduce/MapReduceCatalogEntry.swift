import ClusterSim

/// MapReduce as scenario files name it: `protocol: mapreduce`, n1 the master
/// (and the global store), n2… the workers; no clients.
///
/// ```yaml
/// protocol: mapreduce
/// nodes: 4
/// parameters: {job: word-count, splits: 6, reducers: 3, documents: 12, words_per_document: 8,
///              corpus_seed: 1, map_time: 100ms, reduce_time: 80ms, slow: [n3], slow_factor: 10,
///              backup_tasks: true, ping: 100ms, dead_after: 300ms, fetch_retry: 100ms, mutations: []}
/// ```
enum MapReduceProtocol {
    static let parameters: [ParameterSpec] = [
        .init("job", .choice(MapReduceJob.allCases.map(\.rawValue))),
        .count("splits", 1...64, note: "M, the map tasks"), .count("reducers", 1...64, note: "R, the reduce tasks"),
        .count("documents", 1...10_000, note: "documents in the built-in corpus; at least splits"),
        .count("words_per_document", 1...1000), .init("corpus_seed", .seed),
        .delay("map_time"), .delay("reduce_time"),
        .init("slow", .described("workers that are stragglers from the start (`[n3]`, or `n3,n4` as one word); default none")),
        .count("slow_factor", 1...1000, note: "how many times longer a slow worker's tasks take"),
        .init("backup_tasks", .flag, note: "§3.6 backup copies of the last in-progress tasks of a phase"),
        .timer("ping"), .timer("dead_after"), .timer("fetch_retry"),
        .init("mutations", .words(MapReduceMutation.allCases.map(\.rawValue))),
    ]
    static let workload: [ParameterSpec] = []

    static let definition = ProtocolDefinition(
        name: "mapreduce", summary: "MapReduce (Dean & Ghemawat 2004): a master, map and reduce tasks, the shuffle, re-execution and backup tasks.",
        defaultServers: 4, defaultClients: 0,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let sim = Simulation<MapReduceProcess>(scenario: scenario, config: try config(scenario), options: options)
            MapReduceChecker.install(on: sim)
            return sim
        },
        finalCheck: { MapReduceChecker.finalCheck($0) })

    static func config(_ scenario: Scenario) throws -> MapReduceConfig {
        guard scenario.servers >= 2 else {
            throw scenario.protocolField.error("mapreduce needs at least 2 nodes (n1 the master, n2… workers), not \(scenario.servers)")
        }
        guard scenario.clients == 0 else {
            throw scenario.protocolField.error("mapreduce takes no clients (the job is the workload), not \(scenario.clients)")
        }
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        _ = try ParameterSection(scenario.workload, declared: workload)
        var c = MapReduceConfig()
        c.job = MapReduceJob(rawValue: try p.string("job", default: c.job.rawValue))!
        c.splits = try p.int("splits", default: c.splits)
        c.reducers = try p.int("reducers", default: c.reducers)
        c.documents = try p.int("documents", default: max(c.documents, c.splits))
        if c.documents < c.splits, let f = try p.field("documents") {
            throw f.error("documents (\(c.documents)) must be at least splits (\(c.splits)): every split needs a document")
        }
        c.wordsPerDocument = try p.int("words_per_document", default: c.wordsPerDocument)
        c.corpusSeed = try p.seed("corpus_seed", default: c.corpusSeed)
        c.mapTime = try p.duration("map_time", default: c.mapTime)
        c.reduceTime = try p.duration("reduce_time", default: c.reduceTime)
        c.slowFactor = try p.int("slow_factor", default: c.slowFactor)
        c.backupTasks = try p.bool("backup_tasks", default: c.backupTasks)
        c.ping = try p.duration("ping", default: c.ping)
        c.deadAfter = try p.duration("dead_after", default: c.deadAfter)
        c.fetchRetry = try p.duration("fetch_retry", default: c.fetchRetry)
        for name in try p.words("mutations") ?? [] { c.mutations.insert(MapReduceMutation(rawValue: name)!) }
        if let field = try p.described("slow") { c.slow = try workers(in: field, scenario) }
        return c
    }

    /// The workers a `slow:` list names: a YAML list or one comma-separated word.
    static func workers(in field: YAMLField, _ scenario: Scenario) throws -> Set<Int> {
        let items: [(String, YAMLField)] = if case .scalar = field.node {
            try field.string().split(separator: ",").map { (String($0.filter { $0 != " " }), field) }
        } else {
            try field.sequence().map { (try $0.string(), $0) }
        }
        var out: Set<Int> = []
        for (name, at) in items {
            guard let n = scenario.layout.node(named: name), n.index > 0, !scenario.layout.isClient(n) else {
                throw at.error("'\(name)' is not a worker of this scenario (n2…n\(scenario.servers); n1 is the master)")
            }
            out.insert(n.index)
        }
        return out
    }
}
