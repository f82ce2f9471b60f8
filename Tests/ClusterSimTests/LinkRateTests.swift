import Foundation
import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Bandwidth as a link rate: a message of S bytes holds a link of rate R for
/// S/R, messages leave in the order sent, and their latency starts when they
/// have left. Without a rate nothing changes.
@Suite struct LinkRateTests {
    /// Flood messages on four nodes, constant 2 ms latency, optionally a rate.
    func flood(rate: Int64?, seed: UInt64 = 3) -> Simulation<FloodNode> {
        Simulation<FloodNode>(layout: ClusterLayout(servers: 4), config: .init(inFlight: 8), seed: seed,
                              network: LinkSettings(latency: .constant(2_000), rate: rate))
    }

    /// Every delivery with its directed link, send time and size, in the order sent.
    func deliveries(_ sim: Simulation<FloodNode>) -> [(link: Int, sent: Int64, arrived: Int64, bytes: Int)] {
        sim.trace.events.compactMap { e -> (Int, Int64, Int64, Int)? in
            guard e.kind == .deliver, let cause = sim.trace.causeOf(e), let m = sim.message(e.message) else { return nil }
            return (Int(e.peer) * 4 + Int(e.node), sim.trace.events[cause].time, e.time, m.wireSize)
        }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    }

    @Test(arguments: TestSeeds.sweep(5))
    func aMessageArrivesNoEarlierThanItsSizeOverTheRateAfterThePreviousOne(seed: UInt64) {
        let rate: Int64 = 10_000  // 10 kB/s: a 12-byte message holds the link 1.2 ms
        let sim = flood(rate: rate, seed: seed)
        sim.run(until: .ms(300))
        var last: [Int: Int64] = [:]
        var queued = 0
        for d in deliveries(sim) {
            let own = ByteRate.serialisation(bytes: d.bytes, rate: rate)
            #expect(d.arrived >= d.sent + own + 2_000, "seed \(seed): arrived before its own bytes had left")
            if let previous = last[d.link] {
                #expect(d.arrived >= previous + own, """
                    seed \(seed): link \(d.link) delivered at \(d.arrived)µs, less than \(own)µs after the previous message (\(previous)µs)
                    """)
            }
            if d.arrived > d.sent + own + 2_000 { queued += 1 }
            last[d.link] = d.arrived
        }
        #expect(queued > 0, "seed \(seed): some message should have waited behind another")
    }

    @Test func withoutARateEveryMessageTakesItsLatencyOnly() {
        let sim = flood(rate: nil)
        sim.run(until: .ms(100))
        let all = deliveries(sim)
        #expect(!all.isEmpty)
        #expect(all.allSatisfy { $0.arrived == $0.sent + 2_000 })
    }

    @Test func aSlowerRateDeliversFewerMessagesInTheSameTime() {
        func delivered(_ rate: Int64?) -> Int {
            let sim = flood(rate: rate); sim.run(until: .ms(200))
            return sim.trace.events.filter { $0.kind == .deliver }.count
        }
        let fast = delivered(nil), slow = delivered(5_000)
        #expect(slow < fast / 2, "5 kB/s delivered \(slow), unlimited \(fast)")
    }

    @Test func aRateRewindsAndReplaysTheSame() {
        let sim = flood(rate: 8_000)
        sim.run(until: .ms(150))
        let first = sim.trace.events.map(\.time)
        let again = flood(rate: 8_000)
        again.run(until: .ms(150))
        #expect(first == again.trace.events.map(\.time), "same seed, same run")
    }

    @Test func ratesParseAndPrintInBytesPerSecond() {
        #expect(ByteRate.parse("1MB/s") == 1_000_000)
        #expect(ByteRate.parse("64kB/s") == 64_000)
        #expect(ByteRate.parse("1MiB/s") == 1_048_576)
        #expect(ByteRate.parse("10Mbit/s") == 1_250_000)
        #expect(ByteRate.parse("1.5kB/s") == 1_500)
        #expect(ByteRate.parse("500B/s") == 500)
        #expect(ByteRate.parse("fast") == nil && ByteRate.parse("1 MB/s") == nil && ByteRate.parse("MB/s") == nil)
        #expect(ByteRate.format(1_000_000) == "1MB/s" && ByteRate.format(1_500) == "1.5kB/s" && ByteRate.format(999) == "999B/s")
        #expect(ByteRate.serialisation(bytes: 1_000, rate: 1_000_000) == 1_000)
        #expect(ByteRate.serialisation(bytes: 1, rate: 3) == 333_334, "rounded up")
    }

    @Test func aScenarioSetsRatesOnTheDefaultsAndOnOneLink() throws {
        let s = try ProtocolCatalog.scenario(SourceText(name: "r.yaml", text: """
            protocol: flood
            network:
              rate: 1MB/s
              links:
                - {from: n1, to: n2, rate: 10kB/s}
                - {from: n2, to: n1, rate: off}
            actions:
              - {at: 1s, link: {from: n1, to: n3, rate: 2Mbit/s}}
            """))
        #expect(s.network.rate == 1_000_000)
        #expect(s.links.map(\.settings.rate) == [10_000, nil])
        guard case .setLink(_, _, let set)? = s.actions.first?.action else { Issue.record("no link action"); return }
        #expect(set?.rate == 250_000)
        #expect(s.network.description.contains("rate 1MB/s"))
    }

    @Test(arguments: [
        ("network:\n  rate: fast\n", 3, 9, "expected a rate such as 1MB/s"),
        ("network:\n  rate: 0B/s\n", 3, 9, "out of range"),
        ("network:\n  rate: 2000GB/s\n", 3, 9, "out of range"),
        ("network:\n  rate: \"1MB/s\"\n", 3, 9, "without quotes"),
        ("network:\n  links:\n    - {from: n1, to: n2, rate: 1 MB/s}\n", 4, 32, "expected a rate"),
        ("actions:\n  - {at: 1s, link: {from: n1, to: n2, rate: -1MB/s}}\n", 3, 45, "expected a rate"),
    ])
    func aBadRateSaysWhereAndWhat(text: String, line: Int, column: Int, says: String) {
        do {
            _ = try ProtocolCatalog.scenario(SourceText(name: "s.yaml", text: "protocol: flood\n" + text))
            Issue.record("accepted: \(text)")
        } catch let e as SourceError {
            #expect(e.line == line && e.column == column && e.message.contains(says), "\(e)")
        } catch { Issue.record("not a SourceError: \(error)") }
    }

    @Test func aSessionKeepsARateAndReadsOneSavedBeforeRates() throws {
        let s = LinkSettings(latency: .constant(5), rate: 1_000)
        let back = try JSONDecoder().decode(LinkSettings.self, from: JSONEncoder().encode(s))
        #expect(back == s)
        let old = #"{"latency":{"constant_us":5},"loss":0,"duplicate":0,"reorder":0,"slowdown":1,"cut":false}"#
        let read = try JSONDecoder().decode(LinkSettings.self, from: Data(old.utf8))
        #expect(read.rate == nil)
    }
}
