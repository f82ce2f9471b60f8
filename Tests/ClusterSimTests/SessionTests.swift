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

    @Test func aForeignOrNewerFileIsRefusedWithAMessage() throws {
        #expect(throws: SourceError.self) { try Session.decode(Data("{}".utf8), file: "x.json") }
        var s = Session(scenarioName: "a", scenarioText: "protocol: echo\n",
                        run: try ProtocolCatalog.sandbox("echo"))
        s.version = 99
        do { _ = try Session.decode(try s.encoded(), file: "x.json"); Issue.record("accepted version 99") }
        catch let e as SourceError { #expect(e.message.contains("format 99 is not supported")) }
    }
}
