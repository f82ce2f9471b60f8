import Testing
import Foundation
import ClusterSim
import ClusterProtocols
import TestSupport

/// A saved session replays bit for bit.
@Suite struct SessionTests {
    @Test(arguments: TestSeeds.sweep(5))
    func aSavedSessionReplaysToTheSameTrace(seed: UInt64) throws {
        let text = "protocol: gossip\nnodes: 5\nnetwork: {loss: 10%}\n"
        let scenario = try ProtocolCatalog.scenario(SourceText(name: "g.yaml", text: text))
        let run = try ProtocolCatalog.makeRun(scenario, seed: seed)
        run.run(until: .ms(150))
        run.perform(.partition([[NodeID(0), NodeID(1)]]), at: .ms(160))
        run.run(until: .ms(400))
        run.perform(.crash(NodeID(2)), at: nil)
        run.stepBack(5)                       // a branch: the crash is undone…
        run.perform(.command(NodeID(3), "broadcast 77"), at: nil)  // …and replaced
        run.run(until: .ms(700))
        run.perform(.heal, at: .ms(700))
        run.run(until: .ms(900))

        let saved = Session(scenarioName: "g.yaml", scenarioText: text, run: run)
        let decoded = try Session.decode(try saved.encoded(), file: "s.json")
        #expect(decoded == saved)
        #expect(saved.actions.map(\.text) == ["partition n1 n2", "command n4: broadcast 77", "heal"])
        let (_, replayed) = try ProtocolCatalog.replay(decoded)
        #expect(replayed.stepCount == run.stepCount, "seed \(seed)")
        #expect(replayed.trace.events == run.trace.events, "seed \(seed): replayed trace differs")
        #expect(replayed.trace.texts == run.trace.texts, "seed \(seed)")
    }

    /// The file is the documented format: snake_case keys, actions by name, no Swift `"_0"` keys.
    @Test func theFileIsTheDocumentedFormat() throws {
        let run = try ProtocolCatalog.sandbox("gossip", servers: 3, seed: 1)
        run.run(until: .ms(50))
        run.perform(.crash(NodeID(2)), at: nil)
        var slow = LinkSettings(); slow.loss = 0.1; slow.latency = .exponential(mean: 5_000, min: 1_000)
        run.perform(.setLink(from: NodeID(0), to: NodeID(1), slow), at: nil)
        run.perform(.partition([[NodeID(0)], [NodeID(1), NodeID(2)]]), at: nil)
        run.perform(.command(NodeID(0), "broadcast 7"), at: nil)
        run.perform(.advanceClock(to: run.now.microseconds + 500_000), at: nil)  // a `run for` across an idle stretch
        let saved = Session(scenarioName: "g", scenarioText: "protocol: gossip\nnodes: 3\n", run: run, speed: 0.1)
        let json = String(decoding: try saved.encoded(), as: UTF8.self)
        #expect(!json.contains("\"_0\""), "\(json)")
        for key in ["\"scenario_text\"", "\"do\" : \"crash\"", "\"node\" : 2", "\"time_us\"", "\"exponential\"", "\"mean_us\" : 5000",
                    "\"groups\"", "\"do\" : \"request\"", "\"command\" : \"broadcast 7\"", "\"speed\" : 0.1",
                    "\"do\" : \"advance\"", "\"to_us\""] {
            #expect(json.contains(key), "\(key) in\n\(json)")
        }
        let decoded = try Session.decode(Data(json.utf8), file: "s.json")
        #expect(decoded == saved && decoded.speed == 0.1)
        let written = #"{"version": 2, "scenario_name": "g", "scenario_text": "protocol: gossip\nnodes: 3\n", "seed": 1, "step": 3,"#
            + #" "actions": [{"step": 1, "time_us": 0, "do": "crash", "node": 1}]}"#
        let byHand = try Session.decode(Data(written.utf8), file: "hand.json")
        #expect(byHand.actions.first?.action == .crash(NodeID(1)), "a file written by hand from the documentation reads")
    }

    @Test func aForeignOrNewerFileIsRefusedWithAMessage() throws {
        #expect(throws: SourceError.self) { try Session.decode(Data("{}".utf8), file: "x.json") }
        var s = Session(scenarioName: "a", scenarioText: "protocol: echo\n",
                        run: try ProtocolCatalog.sandbox("echo"))
        s.version = 99
        do { _ = try Session.decode(try s.encoded(), file: "x.json"); Issue.record("accepted version 99") }
        catch let e as SourceError { #expect(e.message.contains("format 99 is not supported")) }
    }
}
