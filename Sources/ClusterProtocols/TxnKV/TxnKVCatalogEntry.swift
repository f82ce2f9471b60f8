import ClusterSim

/// The transactional key-value store as scenario files name it: `protocol:
/// txnkv`, one server (n1) and clients running interactive transactions.
/// A run checks what its isolation level promises after every event (the
/// bank's total, a doctor on call, no deadlock left standing) and, when it
/// ends, the clients' history with the transaction checker against the
/// level's model.
///
/// ```yaml
/// protocol: txnkv
/// nodes: 1
/// clients: 3
/// parameters: {isolation: serializable, concurrency: 2pl, txn_timeout: 2s}
/// workload: {kind: bank, txns: 100, accounts: 3, balance: 100, max_transfer: 20,
///            transfer_weight: 3, audit_weight: 1, think: 1ms, timeout: 1s}
/// ```
enum TxnKVProtocol {
    static let parameters: [ParameterSpec] = [
        .init("isolation", .choice(TxnKVIsolation.allCases.map(\.rawValue)), note: "default serializable"),
        .init("concurrency", .choice(TxnKVConcurrency.allCases.map(\.rawValue)), note: "serializable only; default 2pl"),
        .timer("txn_timeout", note: "the server aborts a transaction open this long"),
        .init("mutant", .choice(TxnKVMutant.allCases.map(\.rawValue)), note: "a deliberate bug; default none"),
    ]
    static let workload: [ParameterSpec] = [
        .init("kind", .choice(TxnKVWorkloadKind.allCases.map(\.rawValue)), note: "default bank"),
        .count("txns", 0...1_000_000, note: "per client; default 100"),
        .count("accounts", 2...100), .count("balance", 0...1_000_000), .count("max_transfer", 1...1_000_000),
        .count("transfer_weight", 0...1000), .count("audit_weight", 0...1000, note: "not both weights 0"),
        .count("doctors", 2...6), .count("keys", 1...1000), .count("max_ops", 1...20),
        .delay("think", note: "a client's pause before each request"), .timer("timeout"),
    ]

    static let definition = ProtocolDefinition(
        name: "txnkv", summary: "Interactive transactions on one key-value server: read committed, snapshot isolation, serializable by 2PL or OCC.",
        defaultServers: 1, defaultClients: 3,
        parameters: parameters, workload: workload,
        make: { scenario, options in
            let config = try config(scenario)
            let sim = Simulation<TxnKVProcess>(scenario: scenario, config: config, options: options)
            TxnKVInvariants.install(on: sim, config: config)
            return sim
        },
        finalCheck: { run in
            guard let sim = run as? Simulation<TxnKVProcess>, let server = sim.node(NodeID(0))?.server else { return nil }
            return finalCheck(sim.trace.history, promised: server.config.isolation.promisedModel)
        })

    /// The clients' transactions against the model the level promises: a
    /// description of each anomaly that breaks it, or nil.
    static func finalCheck(_ history: [HistoryOperation], promised: ConsistencyModel) -> String? {
        TxnChecker.finalCheck(history, model: promised)
    }

    static func config(_ scenario: Scenario) throws -> TxnKVConfig {
        let p = try ParameterSection(scenario.parameters, declared: parameters)
        let w = try ParameterSection(scenario.workload, declared: workload)
        guard scenario.servers == 1 else {
            throw scenario.protocolField.error("txnkv runs one server (nodes: 1) holding every key; add clients with `clients:`")
        }
        var c = TxnKVConfig()
        c.isolation = TxnKVIsolation(rawValue: try p.string("isolation", default: c.isolation.rawValue))!
        if let f = try p.field("concurrency"), c.isolation != .serializable {
            throw f.error("concurrency applies to isolation: serializable only (this scenario is \(c.isolation.rawValue))")
        }
        c.concurrency = TxnKVConcurrency(rawValue: try p.string("concurrency", default: c.concurrency.rawValue))!
        c.transactionTimeout = try p.duration("txn_timeout", default: c.transactionTimeout)
        c.mutant = TxnKVMutant(rawValue: try p.string("mutant", default: ""))
        var wl = TxnKVWorkload()
        wl.kind = TxnKVWorkloadKind(rawValue: try w.string("kind", default: wl.kind.rawValue))!
        wl.transactionsPerClient = try w.int("txns", default: wl.transactionsPerClient)
        wl.accounts = try w.int("accounts", default: wl.accounts)
        wl.initialBalance = try w.int("balance", default: wl.initialBalance)
        wl.maxTransfer = try w.int("max_transfer", default: wl.maxTransfer)
        wl.transferWeight = try w.int("transfer_weight", default: wl.transferWeight)
        wl.auditWeight = try w.int("audit_weight", default: wl.auditWeight)
        if wl.transferWeight + wl.auditWeight == 0, let f = scenario.workload {
            throw f.error("at least one of transfer_weight, audit_weight must be positive")
        }
        wl.doctors = try w.int("doctors", default: wl.doctors)
        wl.keys = try w.int("keys", default: wl.keys)
        wl.maxOps = try w.int("max_ops", default: wl.maxOps)
        wl.think = try w.duration("think", default: wl.think)
        wl.timeout = try w.duration("timeout", default: wl.timeout)
        c.workload = wl
        return c
    }
}
