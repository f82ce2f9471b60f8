import Testing
import ClusterSim

/// Replica agreement: equal versions agree, a differing or missing version on
/// a replica that should hold the item is a disagreement, and replicas that
/// do not hold an item (or are down) are not counted.
@Suite struct ReplicaAgreementTests {
    let n1 = NodeID(0), n2 = NodeID(1), n3 = NodeID(2)

    @Test func equalVersionsAgree() {
        let held = [n1: ["x": 1, "y": 2], n2: ["x": 1, "y": 2], n3: ["x": 1, "y": 2]]
        #expect(ReplicaAgreement.disagreements(held) { _ in [n1, n2, n3] }.isEmpty)
    }

    @Test func aDifferentVersionIsADisagreement() {
        let held = [n1: ["x": 1, "y": 2], n2: ["x": 1, "y": 3], n3: ["x": 1, "y": 2]]
        #expect(ReplicaAgreement.disagreements(held) { _ in [n1, n2, n3] } == ["y"])
    }

    @Test func aReplicaThatHoldsNothingDisagreesWithOneThatHoldsTheItem() {
        let held: [NodeID: [String: Int]] = [n1: ["x": 1], n2: [:], n3: ["x": 1]]
        #expect(ReplicaAgreement.disagreements(held) { _ in [n1, n2, n3] } == ["x"])
    }

    @Test func onlyTheItemsHoldersAndRunningReplicasCount() {
        // x lives on n1 and n2 only; n3's old copy does not matter. n2 is down for y.
        let held: [NodeID: [String: Int]] = [n1: ["x": 1, "y": 5], n2: ["x": 1], n3: ["x": 9, "y": 5]]
        let holders: (String) -> [NodeID] = { $0 == "x" ? [self.n1, self.n2] : [self.n1, self.n3, NodeID(3)] }
        #expect(ReplicaAgreement.disagreements(held, holders: holders).isEmpty)
    }
}
