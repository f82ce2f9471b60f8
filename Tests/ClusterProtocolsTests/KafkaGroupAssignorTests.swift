import Testing
import ClusterProtocols

/// The assignors against the examples of Kafka's javadocs (RangeAssignor,
/// RoundRobinAssignor, StickyAssignor, whose assignment the cooperative
/// sticky assignor shares) and KIP-429's cooperative hand-over.
@Suite struct KafkaGroupAssignorTests {
    static func ps(_ s: String) -> [GroupPartition] {
        s.split(separator: " ").map { w in
            let t = Int(w.dropFirst().prefix { $0 != "p" })!, p = Int(w.split(separator: "p").last!)!
            return GroupPartition(t, p)
        }
    }

    /// RangeAssignor javadoc: C0, C1; t0 and t1 with 3 partitions each.
    @Test func rangeGivesTheFirstConsumerTheExtraPartitionOfEachTopic() {
        let a = KafkaGroupAssignor.range.assign(members: ["C1", "C0"], partitions: GroupPartition.all(topics: 2, partitions: 3))
        #expect(a["C0"] == Self.ps("t0p0 t0p1 t1p0 t1p1"))
        #expect(a["C1"] == Self.ps("t0p2 t1p2"))
    }

    /// RoundRobinAssignor javadoc: the same group and topics.
    @Test func roundRobinDealsPartitionsInTurn() {
        let a = KafkaGroupAssignor.roundrobin.assign(members: ["C0", "C1"], partitions: GroupPartition.all(topics: 2, partitions: 3))
        #expect(a["C0"] == Self.ps("t0p0 t0p2 t1p1"))
        #expect(a["C1"] == Self.ps("t0p1 t1p0 t1p2"))
    }

    /// StickyAssignor javadoc, example 1: three consumers, t0–t3 with 2
    /// partitions each; then C1 leaves and the others keep what they had.
    @Test func stickyKeepsPartitionsWhenAConsumerLeaves() {
        let parts = GroupPartition.all(topics: 4, partitions: 2)
        let first = KafkaGroupAssignor.cooperativeSticky.assign(members: ["C0", "C1", "C2"], partitions: parts)
        #expect(first["C0"] == Self.ps("t0p0 t1p1 t3p0"))
        #expect(first["C1"] == Self.ps("t0p1 t2p0 t3p1"))
        #expect(first["C2"] == Self.ps("t1p0 t2p1"))
        let second = KafkaGroupAssignor.cooperativeSticky.assign(members: ["C0", "C2"], partitions: parts,
                                                                 owned: ["C0": first["C0"]!, "C2": first["C2"]!])
        #expect(second["C0"] == Self.ps("t0p0 t1p1 t2p0 t3p0"))
        #expect(second["C2"] == Self.ps("t0p1 t1p0 t2p1 t3p1"))
        let eager = KafkaGroupAssignor.roundrobin.assign(members: ["C0", "C2"], partitions: parts)
        #expect(eager["C0"] == Self.ps("t0p0 t1p0 t2p0 t3p0"), "round robin moves partitions the sticky one keeps")
    }

    /// KIP-429: a partition that moves is first revoked by its owner; the
    /// new owner gets it only in the next rebalance. Nothing else stops.
    @Test func cooperativeHandsOverOnlyWhatMoves() {
        let parts = GroupPartition.all(topics: 1, partitions: 4)
        let owned = ["A": Self.ps("t0p0 t0p1"), "B": Self.ps("t0p2 t0p3"), "C": [GroupPartition]()]
        let target = KafkaGroupAssignor.cooperativeSticky.assign(members: ["A", "B", "C"], partitions: parts, owned: owned)
        #expect(target["A"]!.count + target["B"]!.count == 3 && target["C"]!.count == 1)
        let now = KafkaGroupAssignor.cooperative(target: target, owned: owned)
        #expect(now["C"] == [], "C waits until the owner has revoked the partition it will get")
        #expect(now["A"] == target["A"] && now["B"] == target["B"], "A and B keep everything they still own")
        let after = KafkaGroupAssignor.cooperative(target: target, owned: ["A": target["A"]!, "B": target["B"]!, "C": []])
        #expect(after["C"] == target["C"], "after the revocation the next rebalance gives it to C")
    }

    /// The coordinator is the leader of partition abs(hashCode(group.id)) % 50 of __consumer_offsets.
    @Test func coordinatorPartitionFollowsJavaStringHashCode() {
        #expect(KafkaGroupConfig.javaHashCode("hello") == 99_162_322)
        #expect(KafkaGroupConfig.javaHashCode("polygenelubricants") == Int32.min)
        var c = KafkaGroupConfig()
        c.groupID = "hello"
        #expect(c.offsetsPartition == 99_162_322 % 50)
        c.groupID = "polygenelubricants"
        #expect(c.offsetsPartition == 0)
    }
}
