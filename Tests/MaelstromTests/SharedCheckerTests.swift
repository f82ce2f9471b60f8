import ClusterSim
import Maelstrom
import Testing

/// Every workload runs with its shared checker (ClusterSim's WorkloadCheck)
/// wired in through `WorkloadCatalog`: a correct fixture node passes, and a
/// wrong one is caught with the anomaly named — the wiring can fail.
@Suite(.serialized) struct SharedCheckerTests {
    func run(_ workload: String, _ fixture: String, _ args: [String] = [], nodes: Int = 3, seconds: Double = 1.5,
             rate: Double = 40, models: [String] = []) throws -> MaelstromResult {
        var o = FixtureNodes.options(fixture, args, nodes: nodes, seconds: seconds, rate: rate)
        o.keyCount = 2
        o.consistencyModels = models
        let w = try #require(WorkloadCatalog.make(workload, o), "\(workload) is not offered")
        return MaelstromRunner(options: o, workload: w).run()
    }

    @Test func everyMaelstromWorkloadIsOffered() {
        #expect(WorkloadCatalog.available == WorkloadCatalog.maelstromNames)
    }

    @Test(arguments: [("unique-ids", ["id"]), ("g-set", ["set"]), ("g-counter", []), ("pn-counter", [])])
    func aCorrectNodePasses(workload: String, args: [String]) throws {
        let r = try run(workload, "crdts.py", args)
        #expect(r.outcome == .valid, "\(ResultReport.text(r))")
        #expect(r.verdict?.figures.isEmpty == false)
        if workload != "unique-ids" { #expect(Set(r.history.filter { $0.isFinal && $0.type == .ok }.map(\.node)) == ["n1", "n2", "n3"]) }
    }

    @Test func idsRepeatedAcrossNodesAreCaughtAsDuplicates() throws {
        let r = try run("unique-ids", "crdts.py", ["dup"], rate: 80)
        #expect(r.outcome == .anomalies)
        #expect(r.verdict?.anomalies.first?.hasPrefix("duplicate-id:") == true, "\(ResultReport.text(r))")
    }

    @Test func broadcastReportsLostStaleAndMessagesPerOperation() throws {
        let r = try run("broadcast", "broadcast.py")
        #expect(r.outcome == .valid, "\(ResultReport.text(r))")
        let names = r.verdict?.figures.map(\.name) ?? []
        for n in ["acknowledged", "lost", "stale", "msgs-per-op", "stable-latency"] { #expect(names.contains(n), "\(names)") }
    }

    @Test func kafkaEndsWithAFinalPollOfEveryNodeAndPasses() throws {
        let r = try run("kafka", "kafka.py", nodes: 1, seconds: 1.5, rate: 60)
        #expect(r.outcome == .valid, "\(ResultReport.text(r))")
        #expect(r.history.contains { $0.isFinal && $0.f == "poll" && $0.type == .ok })
        // Throughput and latency per operation type, in text and JSON.
        #expect(ResultReport.text(r).contains("ok/s over"))
        #expect(ResultReport.text(r).contains("  send: ok "))
        let json = ResultReport.json(r)
        for field in ["\"ok_per_s\":", "\"latency_p99_us\":", "\"workload_seconds\":", "\"send\":{"] { #expect(json.contains(field), "\(json)") }
    }

    @Test func kafkaOnSeparateLogsPerNodeIsCaught() throws {
        // kafka.py keeps its logs per node: two nodes hand out the same offsets for different messages.
        let r = try run("kafka", "kafka.py", nodes: 2, seconds: 2, rate: 60)
        #expect(r.outcome == .anomalies, "\(ResultReport.text(r))")
        #expect(r.verdict?.anomalies.contains { $0.hasPrefix("inconsistent-offset:") || $0.hasPrefix("lost-write:") } == true,
                "\(ResultReport.text(r))")
    }

    @Test(arguments: ["txn-rw-register", "txn-list-append"])
    func aSerialTransactionalStorePasses(workload: String) throws {
        let r = try run(workload, "txn.py", nodes: 1, seconds: 1.5, rate: 40)
        #expect(r.outcome == .valid, "\(ResultReport.text(r))")
        #expect(r.verdict?.figures.contains { $0.name == "consistency-model" && $0.value == "strict-serializable" } == true)
    }

    @Test func rwRegisterOnSeparateStoresPerNodeIsCaughtWithADependencyCycle() throws {
        let r = try run("txn-rw-register", "txn.py", nodes: 3, seconds: 2, rate: 60)
        #expect(r.outcome == .anomalies, "\(ResultReport.text(r))")
        #expect(r.verdict?.anomalies.contains { $0.hasPrefix("G") && $0.contains(" -rw-> ") } == true, "\(ResultReport.text(r))")
    }

    @Test func listAppendOnSeparateStoresPerNodeIsCaught() throws {
        // txn.py keeps a store per node: each node's appends are invisible to the others.
        let r = try run("txn-list-append", "txn.py", nodes: 3, seconds: 2, rate: 60, models: ["serializable"])
        #expect(r.outcome == .anomalies, "\(ResultReport.text(r))")
        #expect(r.verdict?.figures.contains { $0.name == "consistency-model" && $0.value == "serializable" } == true)
    }
}
