import ClusterSim
@testable import Maelstrom
import Testing

/// Broadcast's stable latency: from a message's acknowledgement to the reply
/// of the last read, begun after it, that missed it.
struct StableLatencyTests {
    func op(_ p: Int, _ type: HistoryOperation.Kind, _ f: String, _ v: MessageValue = .null, final: Bool = false) -> MaelstromOperation {
        MaelstromOperation(process: p, type: type, f: f, value: v, node: "n1", isFinal: final)
    }

    @Test func aMessageIsStableOnceNoLaterReadMissesIt() {
        let history = [op(0, .invoke, "broadcast", 1), op(0, .ok, "broadcast", 1),       // acked at 100
                       op(1, .invoke, "read"), op(1, .ok, "read", [2]),                  // begun before the ack: not counted
                       op(1, .invoke, "read"), op(1, .ok, "read", []),                   // begun at 150, missed it, replied at 300
                       op(1, .invoke, "read"), op(1, .ok, "read", [1]),
                       op(2, .invoke, "read", final: true), op(2, .ok, "read", [1], final: true)]
        let times: [Int64] = [0, 100, 90, 120, 150, 300, 400, 410, 500, 510]
        #expect(StableLatency.latencies(history, times: times) == [200])
    }

    @Test func aLostMessageIsNeverStableAndAMessageNoReadMissedIsStableAtOnce() {
        let history = [op(0, .invoke, "broadcast", 1), op(0, .ok, "broadcast", 1),
                       op(0, .invoke, "broadcast", 2), op(0, .ok, "broadcast", 2),
                       op(2, .invoke, "read", final: true), op(2, .ok, "read", [2], final: true)]
        #expect(StableLatency.latencies(history, times: [0, 10, 20, 30, 40, 50]) == [0])
        #expect(StableLatency.summary([]) == nil)
        #expect(StableLatency.summary([0, 2_000]) == "p50 0s, p95 2ms, p99 2ms, max 2ms")
    }
}
