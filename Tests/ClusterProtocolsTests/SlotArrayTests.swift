import Testing
import ClusterProtocols

/// `SlotArray` is an array: appends across leaf and branch boundaries keep
/// order, and a write after a copy leaves the copy as it was (value semantics).
@Suite struct SlotArrayTests {
    @Test func appendsAcrossLeavesAndBranchesKeepTheirOrder() {
        var a = SlotArray<Int>()
        for i in 0..<10_000 { a.append(i) }
        #expect(a.count == 10_000)
        #expect((0..<10_000).allSatisfy { a[$0] == $0 })
    }

    @Test func aWriteAfterACopyLeavesTheCopyAlone() {
        var a = SlotArray<Int?>()
        for i in 0..<5_000 { a.append(i) }
        let saved = a
        a[4_500] = nil
        a[10] = -1
        a.append(7)
        #expect(saved.count == 5_000 && saved[4_500] == 4_500 && saved[10] == 10)
        #expect(a.count == 5_001 && a[4_500] == nil && a[10] == -1 && a[5_000] == 7)
        #expect(a != saved)
    }
}
