import Testing
import ClusterSim
import TestSupport

/// The weak-consistency checkers on histories written by hand: each finds the
/// anomaly it is for, says where it is, and stays quiet on a clean history.
/// Histories use `HistoryText` (`process type f key [value]`); unless a test
/// maps them, each process is its own session.
@Suite struct ConsistencyCheckerTests {
    static func history(_ text: String, session: @escaping (Int) -> Int = { $0 }) -> SessionHistory {
        SessionHistory(HistoryText.parse(text), session: session)
    }

    // MARK: Stale reads

    @Test func aReadThatMissesACompletedWriteIsStale() {
        let h = Self.history("""
            0 invoke write x 1
            0 ok write x 1
            0 invoke write x 2
            0 ok write x 2
            1 invoke read x
            1 ok read x 1
            """)
        let found = StaleReads.find(in: h)
        #expect(found == [ConsistencyAnomaly(kind: .staleRead, key: "x", session: 1, read: .int(1), readLine: 6,
                                             expected: .int(2), expectedLine: 4)])
        #expect(found[0].description.contains("stale read: session 1 read x = 1 (line 6)"))
    }

    @Test func readingNothingAfterACompletedWriteIsStale() {
        let h = Self.history("""
            0 invoke write x 1
            0 ok write x 1
            1 invoke read x
            1 ok read x null
            """)
        #expect(StaleReads.find(in: h).map(\.expected) == [.int(1)])
    }

    @Test func aReadConcurrentWithTheNewerWriteIsNotStale() {
        let h = Self.history("""
            0 invoke write x 1
            0 ok write x 1
            0 invoke write x 2
            1 invoke read x
            1 ok read x 1
            0 ok write x 2
            1 invoke read x
            1 ok read x 2
            """)
        #expect(StaleReads.find(in: h).isEmpty)
    }

    @Test func concurrentWritesMayBeOrderedEitherWay() {
        // 1 and 2 overlap: a store may order 2 before 1, so reading 1 after both is fine.
        let h = Self.history("""
            0 invoke write x 1
            2 invoke write x 2
            2 ok write x 2
            0 ok write x 1
            1 invoke read x
            1 ok read x 1
            1 invoke read x
            1 ok read x 2
            """)
        #expect(StaleReads.find(in: h).isEmpty)
    }

    @Test func aTimedOutWriteMayLandAnyTimeSoReadingItIsNeverStale() {
        let h = Self.history("""
            0 invoke write x 1
            0 info write x 1
            3 invoke write x 2
            3 ok write x 2
            1 invoke read x
            1 ok read x 1
            """)
        #expect(StaleReads.find(in: h).isEmpty)
    }

    @Test func aFailedWriteDidNotHappen() {
        let h = Self.history("""
            0 invoke write x 1
            0 fail write x 1
            1 invoke read x
            1 ok read x null
            """)
        #expect(StaleReads.find(in: h).isEmpty)
    }

    @Test func aRepeatedValueIsJudgedByItsMostRecentWrite() {
        // Two writes of 5: the read may have seen the second, which follows the write of 7.
        let h = Self.history("""
            0 invoke write x 5
            0 ok write x 5
            0 invoke write x 7
            0 ok write x 7
            0 invoke write x 5
            0 ok write x 5
            1 invoke read x
            1 ok read x 5
            """)
        #expect(StaleReads.find(in: h).isEmpty)
    }

    @Test func staleReadsAgreeWithTheQuorumStoresOwnChecker() {
        let text = """
            0 invoke write k0 1000001
            0 ok write k0 1000001
            1 invoke write k0 2000001
            1 ok write k0 2000001
            0 invoke read k0
            0 ok read k0 1000001
            1 invoke read k0
            1 ok read k0 2000001
            """
        let found = StaleReads.find(in: Self.history(text))
        #expect(found.count == 1 && found[0].session == 0 && found[0].expected == .int(2_000_001))
    }

    @Test func readingNothingAfterADeleteIsFresh() {
        let h = SessionHistory([
            HistoryOperation(process: 0, type: .invoke, f: "write", key: "x", value: .int(1)),
            HistoryOperation(process: 0, type: .ok, f: "write", key: "x", value: .int(1)),
            HistoryOperation(process: 0, type: .invoke, f: "delete", key: "x", value: .null),
            HistoryOperation(process: 0, type: .ok, f: "delete", key: "x", value: .null),
            HistoryOperation(process: 1, type: .invoke, f: "read", key: "x", value: .null),
            HistoryOperation(process: 1, type: .ok, f: "read", key: "x", value: .null),
            HistoryOperation(process: 1, type: .invoke, f: "read", key: "x", value: .null),
            HistoryOperation(process: 1, type: .ok, f: "read", key: "x", value: .int(1)),
        ])
        // The first read is fresh; the second reads the value the delete removed.
        #expect(StaleReads.find(in: h).map(\.readLine) == [8])
        // Not a monotonic-reads violation for certain: nothing read first may have been the initial state.
        #expect(MonotonicReads.find(in: h).isEmpty)
    }

    @Test func aReadOfSiblingsIsNotJudged() {
        let h = SessionHistory([
            HistoryOperation(process: 0, type: .invoke, f: "write", key: "x", value: .int(1)),
            HistoryOperation(process: 0, type: .ok, f: "write", key: "x", value: .int(1)),
            HistoryOperation(process: 1, type: .invoke, f: "read", key: "x", value: .null),
            HistoryOperation(process: 1, type: .ok, f: "read", key: "x", value: .list([.int(7), .int(8)])),
        ])
        #expect(ConsistencyReport(h).isClean)
    }

    // MARK: Read your writes

    @Test func aSessionThatMissesItsOwnWriteBreaksReadYourWrites() {
        let h = Self.history("""
            0 invoke write x 1
            0 ok write x 1
            0 invoke read x
            0 ok read x null
            """)
        #expect(ReadYourWrites.find(in: h) == [ConsistencyAnomaly(kind: .readYourWrites, key: "x", session: 0, read: .null,
                                                                  readLine: 4, expected: .int(1), expectedLine: 2)])
    }

    @Test func anotherSessionsStaleReadIsNotAReadYourWritesViolation() {
        let h = Self.history("""
            0 invoke write x 1
            0 ok write x 1
            1 invoke read x
            1 ok read x null
            0 invoke read x
            0 ok read x 1
            """)
        #expect(ReadYourWrites.find(in: h).isEmpty)
        #expect(StaleReads.find(in: h).count == 1)
    }

    @Test func aSessionSpansTheProcessesItTookAfterTimeouts() {
        // Process 0 timed out and carried on as process 2: the same session (2 clients).
        let text = """
            0 invoke write x 1
            0 ok write x 1
            0 invoke write y 9
            0 info write y 9
            2 invoke read x
            2 ok read x null
            """
        #expect(ReadYourWrites.find(in: Self.history(text)).isEmpty)
        let sessions = Self.history(text) { $0 % 2 }
        #expect(ReadYourWrites.find(in: sessions).map(\.session) == [0])
    }

    @Test func readingANewerValueThanYourWriteIsFine() {
        let h = Self.history("""
            0 invoke write x 1
            0 ok write x 1
            1 invoke write x 2
            1 ok write x 2
            0 invoke read x
            0 ok read x 2
            """)
        #expect(ReadYourWrites.find(in: h).isEmpty)
    }

    // MARK: Monotonic reads

    @Test func readingAnOlderVersionAfterANewerOneBreaksMonotonicReads() {
        let h = Self.history("""
            0 invoke write x 1
            0 ok write x 1
            0 invoke write x 2
            0 ok write x 2
            1 invoke read x
            1 ok read x 2
            1 invoke read x
            1 ok read x 1
            """)
        #expect(MonotonicReads.find(in: h) == [ConsistencyAnomaly(kind: .monotonicReads, key: "x", session: 1, read: .int(1),
                                                                  readLine: 8, expected: .int(2), expectedLine: 6)])
    }

    @Test func goingBackToNothingBreaksMonotonicReads() {
        let h = Self.history("""
            0 invoke write x 1
            1 invoke read x
            1 ok read x 1
            1 invoke read x
            1 ok read x null
            0 ok write x 1
            """)
        #expect(MonotonicReads.find(in: h).count == 1)
        // The write had not completed, so neither read is stale.
        #expect(StaleReads.find(in: h).isEmpty)
    }

    @Test func differentSessionsOrDifferentKeysMayDisagree() {
        let h = Self.history("""
            0 invoke write x 1
            0 ok write x 1
            0 invoke write x 2
            0 ok write x 2
            1 invoke read x
            1 ok read x 2
            2 invoke read x
            2 ok read x 1
            1 invoke read y
            1 ok read y null
            """)
        #expect(MonotonicReads.find(in: h).isEmpty)
    }

    @Test func versionsOfConcurrentWritesAreNotOrdered() {
        let h = Self.history("""
            0 invoke write x 1
            2 invoke write x 2
            0 ok write x 1
            2 ok write x 2
            1 invoke read x
            1 ok read x 2
            1 invoke read x
            1 ok read x 1
            """)
        #expect(MonotonicReads.find(in: h).isEmpty)
    }

    // MARK: The report and traces

    @Test func aCleanHistoryHasNoAnomalies() {
        let h = Self.history("""
            0 invoke write x 1
            0 ok write x 1
            1 invoke read x
            1 ok read x 1
            0 invoke write x 2
            1 invoke read x
            1 ok read x 1
            0 ok write x 2
            1 invoke read x
            1 ok read x 2
            0 invoke read x
            0 ok read x 2
            """)
        let report = ConsistencyReport(h)
        #expect(report.isClean, "\(report.all)")
    }

    @Test func theReportCollectsEveryKind() {
        let h = Self.history("""
            0 invoke write x 1
            0 ok write x 1
            0 invoke read x
            0 ok read x 1
            0 invoke read x
            0 ok read x null
            """)
        let report = ConsistencyReport(h)
        #expect(report.staleReads.count == 1 && report.readYourWrites.count == 1 && report.monotonicReads.count == 1)
        #expect(Set(report.all.map(\.kind)) == Set(ConsistencyAnomaly.Kind.allCases))
    }

    @Test func pairingKeepsSessionsAndTimesFromTheTrace() {
        let h = Self.history("""
            0 invoke write x 1
            1 invoke read x
            0 ok write x 1
            1 fail read x
            """)
        #expect(h.operations.count == 2)
        #expect(h.operations[0].outcome == .ok && h.operations[0].invoke == 0 && h.operations[0].completion == 2)
        #expect(h.operations[1].outcome == .fail && h.operations[1].isRead)
    }
}
