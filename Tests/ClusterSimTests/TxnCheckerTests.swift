import Testing
import ClusterSim

// Histories are written as Elle writes them in its tests: committed
// transactions alone (an op with no invoke line counts as its own invoke),
// unless real time matters.

func okTxn(_ process: Int, _ txn: String) -> String { "{\"process\":\(process),\"type\":\"ok\",\"f\":\"txn\",\"value\":\(txn)}" }
func txnLine(_ process: Int, _ type: String, _ txn: String) -> String {
    "{\"process\":\(process),\"type\":\"\(type)\",\"f\":\"txn\",\"value\":\(txn)}"
}

func checkTxns(_ lines: [String], _ model: ConsistencyModel, wfr: Bool = false) throws -> TxnCheckResult {
    try TxnChecker.check(jsonLines: lines.joined(separator: "\n"), options: .init(model: model, writesFollowReads: wfr))
}

func kinds(_ r: TxnCheckResult) -> [String] { r.anomalies.map(\.kind.rawValue) }

@Suite struct TxnCheckerAnomalyTests {
    /// Elle's test suite, test/elle/list_append_test.clj, checker-test "G0":
    /// x is appended 1 then 2, y 2 then 1, by the same two transactions.
    @Test func g0AWriteCycleFromElle() throws {
        let h = [okTxn(0, #"[["append","x",1],["append","y",1]]"#),
                 okTxn(1, #"[["append","x",2],["append","y",2]]"#),
                 okTxn(2, #"[["r","x",[1,2]],["r","y",[2,1]]]"#)]
        let r = try checkTxns(h, .readUncommitted)
        #expect(!r.isValid && kinds(r) == ["G0"], "\(r.text)")
        #expect(r.weakestViolated == .readUncommitted)
        #expect(r.anomalies[0].cycle.map(\.kind) == [.ww, .ww])
        #expect(r.text.hasPrefix("invalid: not read-uncommitted (G0 ×1)"), "\(r.text)")
    }

    /// Elle's README demo: T1 appends 1 to x and reads y = [1]; T2 appends 2
    /// to x and 1 to y; T3 reads x = [1, 2]. Elle reports G1c.
    @Test func g1cTheElleReadmeDemo() throws {
        let h = [okTxn(0, #"[["append","x",1],["r","y",[1]]]"#),
                 okTxn(1, #"[["append","x",2],["append","y",1]]"#),
                 okTxn(2, #"[["r","x",[1,2]]]"#)]
        let r = try checkTxns(h, .serializable)
        #expect(kinds(r) == ["G1c"], "\(r.text)")
        #expect(Set(r.anomalies[0].cycle.map(\.kind)) == [.ww, .wr])
        #expect(r.anomalies[0].transactions.sorted() == [0, 1])
        #expect(try checkTxns(h, .readUncommitted).isValid, "G1c is allowed by read uncommitted")
        #expect(!(try checkTxns(h, .readCommitted).isValid))
    }

    /// Elle's g1a-cases-test: a failed append of 1 to x is read twice.
    @Test func g1aAbortedReadFromElle() throws {
        let h = [okTxn(0, #"[["r","x",[1]],["append","x",2]]"#),
                 okTxn(1, #"[["r","x",[1,2]],["r","y",[3]]]"#),
                 txnLine(2, "fail", #"[["append","x",1]]"#)]
        let r = try checkTxns(h, .readCommitted)
        #expect(r.anomalies.filter { $0.kind == .g1a }.count == 2, "\(r.text)")
        #expect(!r.isValid)
    }

    /// Elle's g1b-cases-test: T3 appends 1 then 2 to x; reading [1] saw its intermediate state.
    @Test func g1bIntermediateReadFromElle() throws {
        let h = [okTxn(0, #"[["r","x",[1]]]"#),
                 okTxn(1, #"[["r","x",[1,2]]]"#),
                 okTxn(2, #"[["append","x",1],["append","x",2]]"#),
                 okTxn(3, #"[["r","x",[1,2,3]]]"#),
                 okTxn(4, #"[["append","x",3]]"#)]
        let r = try checkTxns(h, .readCommitted)
        let g1b = r.anomalies.filter { $0.kind == .g1b }
        #expect(g1b.count == 1 && g1b[0].transactions == [0, 2], "\(r.text)")
    }

    /// Elle's internal-cases-test "FaunaDB example": a transaction that
    /// appended 6 to key 0 then read key 0 as empty.
    @Test func internalInconsistencyTheFaunaDBExample() throws {
        let h = [txnLine(1, "invoke", #"[["append",0,6],["r",0,null]]"#),
                 txnLine(1, "ok", #"[["append",0,6],["r",0,null]]"#)]
        let r = try checkTxns(h, .snapshotIsolation)
        #expect(kinds(r) == ["internal"], "\(r.text)")
        #expect(try checkTxns(h, .readCommitted).isValid)
    }

    /// Read skew: T1 saw x before T2's write but y after it.
    @Test func gSingleReadSkewOnRegisters() throws {
        let h = [okTxn(0, #"[["w","x",1],["w","y",1]]"#),
                 okTxn(1, #"[["r","x",null],["r","y",1]]"#)]
        let r = try checkTxns(h, .snapshotIsolation)
        #expect(kinds(r) == ["G-single"], "\(r.text)")
        #expect(r.anomalies[0].cycle.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.rw, .wr])
        #expect(try checkTxns(h, .readCommitted).isValid)
    }

    /// Write skew: each reads both keys empty and writes one. Allowed by
    /// snapshot isolation, not by serializability.
    @Test func g2WriteSkewOnRegisters() throws {
        let h = [okTxn(0, #"[["r","x",null],["r","y",null],["w","x",1]]"#),
                 okTxn(1, #"[["r","x",null],["r","y",null],["w","y",1]]"#)]
        let r = try checkTxns(h, .serializable)
        #expect(kinds(r) == ["G2-item"], "\(r.text)")
        #expect(r.anomalies[0].cycle.map(\.kind) == [.rw, .rw])
        #expect(try checkTxns(h, .snapshotIsolation).isValid)
    }

    /// Elle's graph-test "G2: anti-dependency cycle": two transactions observe
    /// the empty state of a key the other appends to.
    @Test func g2AntiDependencyCycleFromElle() throws {
        let h = [okTxn(0, #"[["r","x",null],["append","y",1]]"#),
                 okTxn(1, #"[["r","y",null],["append","x",1]]"#),
                 okTxn(2, #"[["r","x",[1]],["r","y",[1]]]"#)]
        let r = try checkTxns(h, .serializable)
        #expect(kinds(r) == ["G2-item"], "\(r.text)")
    }

    /// Two rw edges that never touch: T1 -rw-> T2 -wr-> T3 -rw-> T4 -wr-> T1.
    @Test func gNonadjacentBreaksSnapshotIsolation() throws {
        let h = [okTxn(0, #"[["r","x",null],["r","v",1]]"#),
                 okTxn(1, #"[["w","x",1],["w","y",1]]"#),
                 okTxn(2, #"[["r","y",1],["r","z",null]]"#),
                 okTxn(3, #"[["w","z",1],["w","v",1]]"#)]
        let r = try checkTxns(h, .snapshotIsolation)
        #expect(kinds(r) == ["G-nonadjacent"], "\(r.text)")
        #expect(r.anomalies[0].cycle.count == 4)
    }

    @Test func lostUpdateTwoWritersOfOneReadVersion() throws {
        let h = [okTxn(0, #"[["r","x",null],["w","x",1]]"#),
                 okTxn(1, #"[["r","x",null],["w","x",2]]"#)]
        let r = try checkTxns(h, .snapshotIsolation)
        #expect(kinds(r).contains("lost-update"), "\(r.text)")
        #expect(!r.isValid)
        #expect(try checkTxns(h, .readCommitted).isValid)
    }

    /// A read of a write that completed before it began, missing it: fine
    /// for serializability, a G-single-realtime for strict serializability.
    @Test func aStaleReadIsARealtimeCycle() throws {
        let h = [txnLine(0, "invoke", #"[["w","x",1]]"#), txnLine(0, "ok", #"[["w","x",1]]"#),
                 txnLine(1, "invoke", #"[["r","x",null]]"#), txnLine(1, "ok", #"[["r","x",null]]"#)]
        #expect(try checkTxns(h, .serializable).isValid)
        let r = try checkTxns(h, .strictSerializable)
        #expect(kinds(r) == ["G-single-realtime"], "\(r.text)")
        #expect(Set(r.anomalies[0].cycle.map(\.kind)) == [.rw, .realtime])
    }

    @Test func listsThatCannotShareAnOrderAreFlagged() throws {
        let h = [okTxn(0, #"[["append","x",1]]"#), okTxn(1, #"[["append","x",2]]"#),
                 okTxn(2, #"[["r","x",[1,2]]]"#), okTxn(3, #"[["r","x",[2,1]]]"#),
                 okTxn(4, #"[["r","x",[1,1]]]"#), okTxn(5, #"[["r","y",[9]]]"#)]
        let r = try checkTxns(h, .readUncommitted)
        #expect(Set(kinds(r)).isSuperset(of: ["incompatible-order", "duplicate-elements", "garbage-read"]), "\(r.text)")
    }

    /// Adya, Liskov & O'Neil's serializable figure 3, as Elle's graph-test writes it.
    @Test func adyaFigureThreeIsValid() throws {
        let h = [okTxn(0, #"[["append","z",1],["append","x",1],["append","y",1]]"#),
                 okTxn(1, #"[["r","x",[1]],["append","y",2]]"#),
                 okTxn(2, #"[["r","y",[1,2]],["append","z",3]]"#),
                 okTxn(3, #"[["r","z",[1,3]]]"#)]
        let r = try checkTxns(h, .strictSerializable)
        #expect(r.isValid && r.anomalies.isEmpty, "\(r.text)")
        #expect(r.text.hasPrefix("valid: strict-serializable\n"))
        #expect(r.dependencies[.ww] == 2 && r.dependencies[.wr] == 3, "\(r.inferenceSummary)")  // ww on y and z; wr on x, y, z
    }

    /// jepsen-io/elle histories/paper-example.edn, in JSON. What this checker
    /// infers: T4 read 255 as [2 3 4 5], so it precedes T2, which appended 8
    /// (rw); T3 read T2's 8 (wr); T3 read 256 as [1 2 4], which never shows
    /// T4's 3, so T4's append came after T3's (ww). One rw edge: G-single.
    @Test func theElleRepositorysPaperExample() throws {
        let ops: [(String, String)] = [
            ("invoke", #"[["append",253,1],["append",253,3],["append",253,4],["append",255,2],["append",255,3],["append",255,4],["append",255,5],["append",256,1],["append",256,2]]"#),
            ("ok", #"[["append",253,1],["append",253,3],["append",253,4],["append",255,2],["append",255,3],["append",255,4],["append",255,5],["append",256,1],["append",256,2]]"#),
            ("invoke", #"[["append",255,8],["r",253,null]]"#), ("ok", #"[["append",255,8],["r",253,[1,3,4]]]"#),
            ("invoke", #"[["append",256,4],["r",255,null],["r",256,null],["r",253,null]]"#),
            ("ok", #"[["append",256,4],["r",255,[2,3,4,5,8]],["r",256,[1,2,4]],["r",253,[1,3,4]]]"#),
            ("invoke", #"[["append",250,10],["r",253,null],["r",255,null],["append",256,3]]"#),
            ("ok", #"[["append",250,10],["r",253,[1,3,4]],["r",255,[2,3,4,5]],["append",256,3]]"#),
        ]
        let h = ops.map { txnLine(0, $0.0, $0.1) }
        let r = try checkTxns(h, .snapshotIsolation)
        #expect(kinds(r) == ["G-single"], "\(r.text)")
        #expect(r.anomalies[0].transactions.sorted() == [1, 2, 3])
        #expect(r.anomalies[0].cycle.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.rw, .wr, .ww])
        #expect(try checkTxns(h, .readCommitted).isValid)
    }

    /// The same file as Elle's repository holds it, in EDN, read as is.
    @Test func theElleRepositorysPaperExampleInItsOwnEDN() throws {
        let edn = """
            {:index 0 :type :invoke  :value [[:append 253 1] [:append 253 3] [:append 253 4] [:append 255 2] [:append 255 3] [:append 255 4] [:append 255 5] [:append 256 1] [:append 256 2]]}
            {:index 1 :type :ok      :value [[:append 253 1] [:append 253 3] [:append 253 4] [:append 255 2] [:append 255 3] [:append 255 4] [:append 255 5] [:append 256 1] [:append 256 2]]}
            {:index 2 :type :invoke, :value [[:append 255 8] [:r 253 nil]]}
            {:index 3 :type :ok,     :value [[:append 255 8] [:r 253 [1 3 4]]]}
            {:index 4 :type :invoke, :value [[:append 256 4] [:r 255 nil] [:r 256 nil] [:r 253 nil]]}
            {:index 5 :type :ok,     :value [[:append 256 4] [:r 255 [2 3 4 5 8]] [:r 256 [1 2 4]] [:r 253 [1 3 4]]]}
            {:index 6 :type :invoke, :value [[:append 250 10] [:r 253 nil] [:r 255 nil] [:append 256 3]]}
            {:index 7 :type :ok      :value [[:append 250 10] [:r 253 [1 3 4]] [:r 255 [2 3 4 5]] [:append 256 3]]}

            """
        let ops = try ClientHistoryFile.read(edn, path: "paper-example.edn")
        let r = try TxnChecker.check(ops, options: .init(model: .snapshotIsolation))
        #expect(kinds(r) == ["G-single"] && r.anomalies[0].transactions.sorted() == [1, 2, 3], "\(r.text)")
        #expect { try ClientHistoryFile.read("{:process 0 :type :done}", path: "h.edn") } throws: { ($0 as? HistoryError)?.line == 1 }
    }

    /// jepsen-io/elle histories/si-without-g-single.edn, verbatim. Its comments
    /// list the edges: T1 ww T3 and T1 wr T4 on 9, T2 rw T1 on 9, T3 rw T2 on
    /// 8, T3 rw T4 on 6, T4 rw T3 on 9. This checker also has T2 rw T3 on 9
    /// (T2 read 9 empty, before every append to it). Every cycle has two rw
    /// edges side by side: G2-item, allowed by snapshot isolation, no G-single.
    @Test func theElleRepositorysSIWithoutGSingleExample() throws {
        let edn = """
            ; T1: read by T4
            {:index 10, :time 0, :type :invoke, :process 2, :f :txn, :value [[:append 9 2]]}
            {:index 11, :time 0, :type :ok, :process 2, :f :txn, :value [[:append 9 2]]}
            ; T2: Does not see T1's append to 9
            {:index 20, :time 0, :type :invoke, :process 4, :f :txn, :value [[:append 8 1] [:r 9 nil]]}
            {:index 21, :time 0, :type :ok, :process 4, :f :txn, :value [[:append 8 1] [:r 9 nil]]}
            ; T3: Does not see T2's append to 8 or T4's append to 6, overwrites T1 on 9
            {:index 30, :time 0, :type :invoke, :process 7, :f :txn, :value [[:r 6 nil] [:r 8 nil] [:append 9 5]]}
            {:index 31, :time 0, :type :ok, :process 7, :f :txn, :value [[:r 6 nil] [:r 8 nil] [:append 9 5]]}
            ; T4: does not see T3's append to 9
            {:index 40, :time 0, :type :invoke, :process 9, :f :txn, :value [[:append 6 2] [:r 9 nil]]}
            {:index 41, :time 0, :type :ok, :process 9, :f :txn, :value [[:append 6 2] [:r 9 [2]]]}

            """
        let ops = try ClientHistoryFile.read(edn, path: "si-without-g-single.edn")
        let r = try TxnChecker.check(ops, options: .init(model: .serializable))
        #expect(r.dependencies[.ww] == 1 && r.dependencies[.wr] == 1 && r.dependencies[.rw] == 5, "\(r.inferenceSummary)")
        #expect(kinds(r) == ["G2-item"], "\(r.text)")
        #expect(try TxnChecker.check(ops, options: .init(model: .snapshotIsolation)).isValid)
    }

    /// ligurio/elle-cli histories/elle/list-append-gh-30.edn, verbatim; elle-cli's
    /// tests expect it invalid for serializable. Only empty reads, so only rw
    /// edges: T2 and T3 each read a key empty that the other appends to (G2-item).
    @Test func elleCLIsGitHub30HistoryIsNotSerializable() throws {
        let edn = """
            {:index 1, :type :invoke, :process 2, :value [[ :append 4 2] [ :append 5 5] ]}
            {:index 2, :type :invoke, :process 0, :value [[ :r 2 nil] [ :r 3 nil] [ :append 4 0] ]}
            {:index 3, :type :invoke, :process 1, :value [[ :append 3 1] [ :append 2 4] [ :r 4 nil] ]}
            {:index 4, :type :ok, :process 2, :value [[ :append 4 2] [ :append 5 5] ]}
            {:index 5, :type :invoke, :process 2, :value [[ :append 2 8] ]}
            {:index 6, :type :ok, :process 1, :value [[ :append 3 1] [ :append 2 4] [ :r 4 [ ]] ]}
            {:index 7, :type :invoke, :process 1, :value [[ :append 3 7] [ :append 4 10] ]}
            {:index 8, :type :ok, :process 0, :value [[ :r 2 [ ]] [ :r 3 [ ]] [ :append 4 0] ]}
            {:index 9, :type :ok, :process 2, :value [[ :append 2 8] ]}
            {:index 10, :type :ok, :process 1, :value [[ :append 3 7] [ :append 4 10] ]}

            """
        let r = try TxnChecker.check(ClientHistoryFile.read(edn, path: "gh-30.edn"), options: .init(model: .serializable))
        #expect(!r.isValid && kinds(r) == ["G2-item"], "\(r.text)")
        #expect(r.anomalies[0].cycle.count == 2)
    }

    /// ligurio/elle-cli histories/elle/rw-register.edn, verbatim. elle-cli's tests
    /// expect it valid: Elle's rw-register does not look for garbage reads. This
    /// checker does, and the read of x = 3, which nobody wrote, is one.
    @Test func elleCLIsRegisterHistoryHasAGarbageReadHere() throws {
        let edn = """
            {:type :invoke, :f :txn :value [[:w :x 2]],   :process 0, :index 1}
            {:type :ok,     :f :txn :value [[:w :x 2]],   :process 0, :index 2}
            {:type :invoke, :f :txn :value [[:r :x nil]], :process 0, :index 3}
            {:type :ok,     :f :txn :value [[:r :x 3]],   :process 0, :index 4}
            {:type :invoke, :f :txn :value [[:r :x nil]], :process 0, :index 5}
            {:type :ok,     :f :txn :value [[:r :x 2]],   :process 0, :index 6}

            """
        let r = try TxnChecker.check(ClientHistoryFile.read(edn, path: "rw-register.edn"))
        #expect(kinds(r) == ["garbage-read"], "\(r.text)")
    }

    @Test func badTransactionsAreErrorsAtTheirLine() throws {
        let h = [okTxn(0, #"[["append","x",1]]"#), okTxn(1, #"[["incr","x",1]]"#)]
        #expect { try checkTxns(h, .serializable) } throws: { ($0 as? HistoryError)?.line == 2 }
        let twice = [okTxn(0, #"[["append","x",1]]"#), okTxn(1, #"[["append","x",1]]"#)]
        #expect { try checkTxns(twice, .serializable) } throws: { ($0 as? HistoryError)?.message.contains("unique") == true }
        let notAList = [okTxn(0, #"[["append","x",1]]"#), okTxn(1, #"[["r","x",1]]"#)]
        #expect { try checkTxns(notAList, .serializable) } throws: { ($0 as? HistoryError)?.line == 2 }
        let mixed = [okTxn(0, #"[["append","x",1]]"#), okTxn(1, #"[["w","y",1]]"#)]
        #expect { try checkTxns(mixed, .serializable) } throws: { ($0 as? HistoryError)?.line == 2 }
        #expect { try checkTxns(["{\"process\":0,"], .serializable) } throws: { ($0 as? HistoryError)?.line == 1 }
    }

    /// Registers: reading a failed write is G1a, a value its writer overwrote
    /// is G1b, a value nobody wrote is a garbage read.
    @Test func registerReadsOfFailedIntermediateAndUnwrittenValues() throws {
        let h = [txnLine(0, "fail", #"[["w","x",1]]"#),
                 okTxn(1, #"[["w","y",1],["w","y",2]]"#),
                 okTxn(2, #"[["r","x",1],["r","y",1],["r","z",7]]"#)]
        let r = try checkTxns(h, .readCommitted)
        #expect(kinds(r) == ["garbage-read", "G1a", "G1b"], "\(r.text)")
    }

    /// Without writes-follow-reads, a read of 1 orders nothing against the
    /// write of 2; with it (Elle's writes-follow-reads), T2's read of 1 precedes T1's
    /// overwrite, and T2 read T1's z: a G-single only the assumption reveals.
    @Test func writesFollowReadsInfersMoreOrder() throws {
        let h = [okTxn(0, #"[["w","x",1]]"#),
                 okTxn(1, #"[["r","x",1],["w","x",2],["w","z",7]]"#),
                 okTxn(2, #"[["r","x",1],["r","z",7]]"#)]
        #expect(try checkTxns(h, .serializable).isValid)
        let r = try checkTxns(h, .serializable, wfr: true)
        #expect(kinds(r) == ["G-single"], "\(r.text)")
        #expect(r.dependencies[.ww] == 1, "T1's read of 1 then write of 2 orders T0's write before it")
    }

    @Test func theJSONReportCarriesTheCycle() throws {
        let h = [okTxn(0, #"[["r","x",null],["r","y",null],["w","x",1]]"#),
                 okTxn(1, #"[["r","x",null],["r","y",null],["w","y",1]]"#)]
        let json = try checkTxns(h, .serializable).json
        #expect(json.hasPrefix("{\"valid\":false,\"model\":\"serializable\",\"workload\":\"rw-register\""), "\(json)")
        #expect(json.contains("\"type\":\"G2-item\",\"violates\":\"serializable\""), "\(json)")
        #expect(json.contains("\"cycle\":[{\"from\":\"T1\",\"to\":\"T2\",\"type\":\"rw\",\"key\":\"y\""), "\(json)")
    }
}
