import Foundation
import Testing
import ClusterSim

// The shape that used to explode: one hot key, 10 clients, 5 values, 1% info,
// and the last read changed to a value never written, so the search must
// explore everything before the end to prove it is not linearizable.

/// The pathological history for `seed`, and the index of its corrupted read.
private func pathological(operations: Int, seed: UInt64) -> (history: [HistoryOperation], corrupted: Int) {
    var history = RegisterWorkload(operations: operations, clients: 10, keys: 1, values: 5, infoChance: 0.01)
        .history(seed: seed)
    let last = history.lastIndex { $0.type == .ok && $0.f == "read" }!
    history[last].value = .int(5)  // values are 0..<5
    return (history, last)
}

@Test func aTinyBudgetLeavesAPathologicalKeyUndecided() {
    let (history, _) = pathological(operations: 300, seed: 1)
    do {
        let result = try LinearizabilityChecker.check(history, budget: 50)
        Issue.record("expected LinearizabilityUndecided, got \(result)")
    } catch let undecided as LinearizabilityUndecided {
        #expect(undecided == LinearizabilityUndecided(key: "k0", statesExplored: 50))
        #expect(undecided.description == "gave up on key k0 after 50 states")
    } catch {
        Issue.record("expected LinearizabilityUndecided, got \(error)")
    }
}

@Test func anUndecidedKeyDoesNotHideAFailingOne() throws {
    let (history, _) = pathological(operations: 300, seed: 1)
    let lost = HistoryText.parse("""
        20 invoke write z 1
        20 ok write z 1
        21 invoke read z
        21 ok read z null
        """)
    #expect(try LinearizabilityChecker.check(history + lost, budget: 50)
            == .notLinearizable(key: "z", window: lost))
}

/// Debug builds check 300 ops; `CLUSTERLAB_LINCHECK_OPS=2000` checks the size
/// that used to take 21 s and 1.1 GB (seed 1; see `bench lincheck --corrupt-last-read`).
@Test func thePathologicalShapeIsDecided() throws {
    let operations = ProcessInfo.processInfo.environment["CLUSTERLAB_LINCHECK_OPS"].flatMap(Int.init) ?? 300
    for seed: UInt64 in [1, 2] {
        let (history, corrupted) = pathological(operations: operations, seed: seed)
        let result = try LinearizabilityChecker.check(history)
        #expect(result.window.last == history[corrupted], "seed \(seed)")
        #expect(!result.isLinearizable, "seed \(seed)")
    }
}
