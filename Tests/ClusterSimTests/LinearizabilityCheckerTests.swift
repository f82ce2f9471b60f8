import Testing
import ClusterSim

// Hand-written histories, named after the rule each one checks.

@Test func emptyHistoryIsLinearizable() {
    #expect(HistoryText.check("").isLinearizable)
}

@Test func sequentialWritesAndReadsAreLinearizable() {
    #expect(HistoryText.check("""
        0 invoke read x
        0 ok read x null
        0 invoke write x 1
        0 ok write x 1
        1 invoke read x
        1 ok read x 1
        1 invoke cas x 1 2
        1 ok cas x 1 2
        0 invoke read x
        0 ok read x 2
        """).isLinearizable)
}

@Test func staleReadIsNotLinearizable() {
    let history = """
        0 invoke write x 1
        0 ok write x 1
        0 invoke write x 2
        0 ok write x 2
        1 invoke read x
        1 ok read x 1
        """
    #expect(HistoryText.check(history) == .notLinearizable(key: "x", window: HistoryText.parse(history)))
}

@Test func lostWriteIsNotLinearizable() {
    let history = """
        0 invoke write x 1
        0 ok write x 1
        1 invoke read x
        1 ok read x null
        """
    #expect(HistoryText.check(history) == .notLinearizable(key: "x", window: HistoryText.parse(history)))
}

@Test func twoCasFromTheSameValueCannotBothSucceed() {
    let history = """
        0 invoke write x 1
        0 ok write x 1
        1 invoke cas x 1 2
        1 ok cas x 1 2
        2 invoke cas x 1 3
        2 ok cas x 1 3
        """
    #expect(HistoryText.check(history) == .notLinearizable(key: "x", window: HistoryText.parse(history)))
}

@Test func casOnAnAbsentKeyCannotSucceed() {
    #expect(!HistoryText.check("""
        0 invoke cas x 0 1
        0 ok cas x 0 1
        """).isLinearizable)
}

@Test func casWithAWrongExpectedValueCannotSucceed() {
    #expect(!HistoryText.check("""
        0 invoke write x 1
        0 ok write x 1
        0 invoke cas x 2 3
        0 ok cas x 2 3
        """).isLinearizable)
}

@Test func concurrentWritesCanBeOrderedEitherWay() {
    for seen in [1, 2] {
        #expect(HistoryText.check("""
            0 invoke write x 1
            1 invoke write x 2
            0 ok write x 1
            1 ok write x 2
            2 invoke read x
            2 ok read x \(seen)
            """).isLinearizable, "read \(seen)")
    }
}

@Test func aReadConcurrentWithAWriteSeesTheOldOrTheNewValue() {
    for seen in ["null", "1"] {
        #expect(HistoryText.check("""
            0 invoke write x 1
            1 invoke read x
            1 ok read x \(seen)
            0 ok write x 1
            """).isLinearizable, "read \(seen)")
    }
}

@Test func readsMustNotGoBackInTime() {
    // Two reads concurrent with one write: once one saw 1, a later one cannot see null.
    #expect(!HistoryText.check("""
        0 invoke write x 1
        1 invoke read x
        1 ok read x 1
        1 invoke read x
        1 ok read x null
        0 ok write x 1
        """).isLinearizable)
}

@Test func anInfoWriteMayTakeEffectLate() {
    #expect(HistoryText.check("""
        0 invoke write x 1
        0 info write x 1
        1 invoke read x
        1 ok read x null
        1 invoke read x
        1 ok read x 1
        """).isLinearizable)
}

@Test func anInfoWriteTakesEffectOnlyOnce() {
    #expect(!HistoryText.check("""
        0 invoke write x 1
        0 info write x 1
        1 invoke read x
        1 ok read x 1
        1 invoke read x
        1 ok read x null
        """).isLinearizable)
}

@Test func anInfoWriteCanBeObservedAfterLaterWrites() {
    #expect(HistoryText.check("""
        0 invoke write x 1
        0 ok write x 1
        1 invoke write x 2
        1 info write x 2
        2 invoke read x
        2 ok read x 1
        2 invoke read x
        2 ok read x 2
        """).isLinearizable)
}

@Test func anInfoWriteMayNeverHappen() {
    #expect(HistoryText.check("""
        1 invoke write x 2
        1 info write x 2
        0 invoke write x 1
        0 ok write x 1
        2 invoke read x
        2 ok read x 1
        """).isLinearizable)
}

@Test func anInvokeThatNeverCompletesIsLikeInfo() {
    #expect(HistoryText.check("""
        1 invoke write x 2
        0 invoke write x 1
        0 ok write x 1
        2 invoke read x
        2 ok read x 1
        2 invoke read x
        2 ok read x 2
        """).isLinearizable)
}

@Test func anInfoCasMayHappenOrNot() {
    for later in ["1", "2"] {
        #expect(HistoryText.check("""
            0 invoke write x 1
            0 ok write x 1
            1 invoke cas x 1 2
            1 info cas x 1 2
            2 invoke cas x 7 8
            2 info cas x 7 8
            0 invoke read x
            0 ok read x \(later)
            """).isLinearizable, "read \(later)")
    }
}

@Test func anInfoReadConstrainsNothing() {
    #expect(HistoryText.check("""
        0 invoke write x 1
        0 ok write x 1
        1 invoke read x
        1 info read x 9
        """).isLinearizable)
}

@Test func failedOpsDidNotHappen() {
    #expect(HistoryText.check("""
        0 invoke write x 1
        0 fail write x 1
        1 invoke read x
        1 ok read x null
        1 invoke cas x 5 6
        1 fail cas x 5 6
        1 invoke read x
        1 ok read x null
        """).isLinearizable)
    // A value only a failed write wrote cannot be read: the window is that read alone.
    #expect(HistoryText.check("""
        0 invoke write x 1
        0 fail write x 1
        1 invoke read x
        1 ok read x 1
        """) == .notLinearizable(key: "x", window: HistoryText.parse("""
        1 invoke read x
        1 ok read x 1
        """)))
}

@Test func keysAreCheckedSeparately() {
    let result = HistoryText.check("""
        0 invoke write x 1
        1 invoke write y 1
        0 ok write x 1
        1 ok write y 1
        0 invoke read y
        0 ok read y 1
        1 invoke read x
        1 ok read x 2
        """)
    #expect(result == .notLinearizable(key: "x", window: HistoryText.parse("""
        1 invoke read x
        1 ok read x 2
        """)))
}

@Test func theWindowOfALongHistoryIsAHandfulOfOps() throws {
    var text = ""
    for v in 1...300 { text += "0 invoke write x \(v)\n0 ok write x \(v)\n1 invoke read x\n1 ok read x \(v)\n" }
    text += "2 invoke read x\n2 ok read x 150\n"
    let window = HistoryText.check(text).window
    // write 150, one later write, the stale read.
    #expect(window.count == 6)
    #expect(window.first == HistoryOperation(process: 0, type: .invoke, f: "write", key: "x", value: .int(150)))
    #expect(window.last == HistoryOperation(process: 2, type: .ok, f: "read", key: "x", value: .int(150)))
    #expect(!(try LinearizabilityChecker.check(window)).isLinearizable)
}
