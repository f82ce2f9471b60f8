import Testing
import Foundation
import ClusterSim
import ClusterProtocols
import TestSupport

/// `run` streams events as they happen and forgets them, keeping only the
/// client history; `run` and `export` stop at an event or memory budget
/// with a message (issue 12).
@Suite struct StreamingRunTests {
    static func exampleRun(_ name: String, seed: UInt64) throws -> ClusterRun {
        let url = BuiltBinary.packageRoot.appendingPathComponent("Labs/examples/\(name)")
        let s = try ProtocolCatalog.scenario(SourceText(name: url.path, text: String(contentsOf: url, encoding: .utf8)))
        return try ProtocolCatalog.makeRun(s, seed: seed, options: SimulationOptions(snapshotInterval: 0))
    }

    /// Streamed lines (text and JSON, clocks included) and the client history
    /// are those of the whole trace read afterwards, however often it forgets.
    @Test(arguments: [("gossip-partition.yaml", 1 as UInt64), ("gossip-partition.yaml", 9), ("raft-partition.yaml", 2), ("quorum-stale-read.yaml", 3)])
    func streamingAndForgettingGiveTheSameLinesAsTheWholeTrace(example: String, seed: UInt64) throws {
        let whole = try Self.exampleRun(example, seed: seed)
        whole.advance(to: .seconds(3))
        var text: [String] = [], json: [String] = []
        for i in 0..<whole.trace.count { text.append(whole.eventLine(i)) }
        TraceExport.jsonLines(whole) { json.append($0) }

        let streamed = try Self.exampleRun(example, seed: seed)
        var streamedText: [String] = [], streamedJSON: [String] = [], mostKept = 0
        streamed.onEvent = { i in
            streamedText.append(streamed.eventLine(i))
            streamedJSON.append(TraceExport.streamedJSONLine(i, streamed))
        }
        streamed.advance(to: .seconds(3), stoppingWhen: {
            mostKept = max(mostKept, streamed.trace.events.count)
            if streamed.trace.events.count >= 100 { streamed.forgetPastEvents() }
            return false
        })
        #expect(streamedText == text, "seed \(seed): text lines differ")
        #expect(streamedJSON == json, "seed \(seed): JSON lines differ")
        #expect(streamed.trace.history == whole.trace.history, "seed \(seed): the client history is kept whole")
        #expect(streamed.trace.count == whole.trace.count && mostKept < 200, "seed \(seed): kept at most \(mostKept)")
    }

    // MARK: Through the command line

    static func heavyScenario() throws -> URL {
        let file = try BuiltBinary.temporaryDirectory().appendingPathComponent("heavy.yaml")
        // Valid but heavy: 1µs gossip rounds, run for a day.
        try "protocol: gossip\nnodes: 5\nparameters: {interval: 1us}\nuntil: 86400s\n".write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func runStreamsUpToTheEventBudgetThenStopsWithAMessage() throws {
        let file = try Self.heavyScenario()
        let r = try BuiltBinary.run(["run", file.path, "--max-events", "4000"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("STOPPED: event budget reached: 4000 events"), "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 1 + 4_000, "the header and every event up to the budget, printed as they happened")
        #expect(lines[1].hasSuffix("n1   start"))
    }

    @Test func runAndExportStopAtTheMemoryBudget() throws {
        let file = try Self.heavyScenario()
        for args in [["run", file.path], ["export", file.path, "--format", "jsonl"]] {
            let r = try BuiltBinary.run(args + ["--max-memory", "16"])
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("STOPPED: memory budget reached:") && r.stderr.contains("MB"), "\(args): \(r.stderr)")
        }
    }

    @Test func exportStopsAtTheEventBudget() throws {
        let file = try Self.heavyScenario()
        let r = try BuiltBinary.run(["export", file.path, "--format", "history", "--max-events", "3000"])
        #expect(r.status == 2 && r.stderr.contains("STOPPED: event budget reached: 3000 events"), "\(r.stderr)")
    }

    @Test func budgetsOutsideTheirRangesAreBadInput() throws {
        let file = try Self.heavyScenario()
        for (flag, value) in [("--max-events", "0"), ("--max-memory", "15"), ("--max-memory", "99999999")] {
            let r = try BuiltBinary.run(["run", file.path, flag, value])
            #expect(r.status == 2 && r.stderr.contains(flag) && r.stdout.isEmpty, "\(flag) \(value): \(r.stderr)")
        }
    }
}
