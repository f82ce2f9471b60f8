import Testing
import ClusterSim
import TestSupport

/// One history line: `op(0, "ok", "read", "[1,2]", node: "n1", final: true)`.
private func op(_ process: Int, _ type: String, _ f: String, _ value: String = "null", node: String? = nil, final: Bool = false) -> String {
    "{\"process\":\(process),\"type\":\"\(type)\",\"f\":\"\(f)\",\"value\":\(value)"
        + (node.map { ",\"node\":\"\($0)\"" } ?? "") + (final ? ",\"final?\":true" : "") + "}"
}

private func history(_ lines: [String]) throws -> [ClientOp] { try ClientHistoryFile.read(lines.joined(separator: "\n")) }

private func kinds(_ v: WorkloadVerdict) -> [String] { v.anomalies.map(\.kind) }

@Suite struct WorkloadCheckersTests {
    @Test func echoRepliesMustMatchTheirRequests() throws {
        let good = try history([op(0, "invoke", "echo", "\"hi\""), op(0, "ok", "echo", "\"hi\"")])
        #expect(try EchoChecker.check(good).isValid)
        let bad = try history([op(0, "invoke", "echo", "\"hi\""), op(0, "ok", "echo", "\"ho\"")])
        let v = try EchoChecker.check(bad)
        #expect(kinds(v) == ["mismatch"] && v.anomalies[0].lines == [1, 2], "\(v.text)")
        #expect(v.text.hasPrefix("invalid: echo (mismatch ×1)"))
    }

    @Test func uniqueIDsMayNotRepeatWhateverTheirType() throws {
        let good = try history([op(0, "invoke", "generate"), op(0, "ok", "generate", "\"n1-1\""),
                                op(1, "invoke", "generate"), op(1, "ok", "generate", "1")])
        #expect(try UniqueIDsChecker.check(good).isValid, "a string and a number are different ids")
        let bad = try history([op(0, "invoke", "generate"), op(0, "ok", "generate", "7"),
                               op(1, "invoke", "generate"), op(1, "ok", "generate", "8"),
                               op(0, "invoke", "generate"), op(0, "ok", "generate", "7")])
        let v = try UniqueIDsChecker.check(bad)
        #expect(kinds(v) == ["duplicate-id"] && v.anomalies[0].lines == [2, 6], "\(v.text)")
        #expect(v.stat("distinct") == 2 && v.stat("generated") == 3)
    }

    static let broadcasts = [op(0, "invoke", "broadcast", "1", node: "n1"), op(0, "ok", "broadcast", "1", node: "n1"),
                             op(1, "invoke", "broadcast", "2", node: "n2"), op(1, "ok", "broadcast", "2", node: "n2")]

    @Test func broadcastEveryAcknowledgedMessageReachesEveryFinalRead() throws {
        let good = try history(Self.broadcasts + [
            op(0, "invoke", "read", node: "n1"), op(0, "ok", "read", "[1]", node: "n1"),  // stale: 2 was acknowledged
            op(0, "invoke", "read", node: "n1", final: true), op(0, "ok", "read", "[1,2]", node: "n1", final: true),
            op(1, "invoke", "read", node: "n2", final: true), op(1, "ok", "read", "[2,1]", node: "n2", final: true)])
        let v = try SetConvergenceChecker.broadcast(good, networkMessages: 24)
        #expect(v.isValid, "\(v.text)")
        #expect(v.stat("stale") == 1 && v.stat("lost") == 0 && v.stat("msgs-per-op") == 24.0 / 5, "\(v.text)")

        let bad = try history(Self.broadcasts + [
            op(0, "invoke", "read", node: "n1", final: true), op(0, "ok", "read", "[1,2]", node: "n1", final: true),
            op(1, "invoke", "read", node: "n2", final: true), op(1, "ok", "read", "[2,9]", node: "n2", final: true)])
        let lost = try SetConvergenceChecker.broadcast(bad)
        #expect(kinds(lost) == ["unexpected", "lost"], "\(lost.text)")
        #expect(lost.anomalies[1].message.contains("1, acknowledged at line 2, is missing from the final read of n2 (line 8)"), "\(lost.text)")
    }

    @Test func withoutFinalMarksEachNodesLastReadIsFinal() throws {
        let h = try history(Self.broadcasts + [
            op(0, "invoke", "read", node: "n1"), op(0, "ok", "read", "[1,2]", node: "n1"),
            op(1, "invoke", "read", node: "n2"), op(1, "ok", "read", "[2]", node: "n2")])
        #expect(kinds(try SetConvergenceChecker.broadcast(h)) == ["lost"])
        let none = try history(Self.broadcasts)
        #expect(kinds(try SetConvergenceChecker.broadcast(none)) == ["no-final-read"])
    }

    @Test func gSetFinalReadsHoldEveryAcknowledgedAdd() throws {
        let h = try history([op(0, "invoke", "add", "5"), op(0, "ok", "add", "5"),
                             op(1, "invoke", "add", "6"), op(1, "info", "add", "6"),
                             op(0, "invoke", "read", final: true), op(0, "ok", "read", "[5]", final: true)])
        #expect(try SetConvergenceChecker.gSet(h).isValid, "an add of unknown outcome may be missing")
        let lost = try history([op(0, "invoke", "add", "5"), op(0, "ok", "add", "5"),
                                op(0, "invoke", "read", final: true), op(0, "ok", "read", "[]", final: true)])
        #expect(kinds(try SetConvergenceChecker.gSet(lost)) == ["lost"])
    }

    @Test func countersReadWithinTheAcknowledgedAndPossibleSum() throws {
        let adds = [op(0, "invoke", "add", "5"), op(0, "ok", "add", "5"),
                    op(1, "invoke", "add", "-2"), op(1, "info", "add", "-2"),
                    op(2, "invoke", "add", "3"), op(2, "info", "add", "3"),
                    op(3, "invoke", "add", "100"), op(3, "fail", "add", "100")]
        for (read, valid) in [("3", true), ("8", true), ("6", true), ("2", false), ("9", false), ("105", false)] {
            let h = try history(adds + [op(0, "invoke", "read", node: "n1"), op(0, "ok", "read", read, node: "n1")])
            let v = try CounterChecker.check(h)
            #expect(v.isValid == valid, "read \(read): \(v.text)")
            #expect(v.stat("lower-bound") == 3 && v.stat("upper-bound") == 8)
        }
        let h = try history(adds + [op(0, "invoke", "read", node: "n1"), op(0, "ok", "read", "9", node: "n1")])
        #expect(try CounterChecker.check(h).anomalies[0].message == "final read of n1 returned 9 (line 10), an over-count; acknowledged and possible adds allow 3...8")
        let low = try history(adds + [op(0, "invoke", "read", node: "n1"), op(0, "ok", "read", "2", node: "n1")])
        #expect(try CounterChecker.check(low).anomalies[0].message.contains("returned 2 (line 10), an under-count;"))
    }

    private func send(_ p: Int, _ key: String, _ msg: Int, offset: Int) -> [String] {
        [op(p, "invoke", "send", "[[\"send\",\"\(key)\",\(msg)]]"), op(p, "ok", "send", "[[\"send\",\"\(key)\",[\(offset),\(msg)]]]")]
    }

    private func poll(_ p: Int, _ logs: String) -> [String] {
        [op(p, "invoke", "poll", "[[\"poll\"]]"), op(p, "ok", "poll", "[[\"poll\",\(logs)]]")]
    }

    @Test func kafkaValidLogsPass() throws {
        let h = try history(send(0, "k1", 10, offset: 1) + send(0, "k1", 11, offset: 3) + send(1, "k2", 20, offset: 1)
                            + poll(2, #"{"k1":[[1,10]],"k2":[[1,20]]}"#) + poll(2, #"{"k1":[[3,11]]}"#))
        let v = try KafkaChecker.check(h)
        #expect(v.isValid, "sparse offsets are fine: \(v.text)")
    }

    @Test func kafkaLostWritesSkipsAndNonmonotonicPollsAreFlagged() throws {
        let sends = send(0, "k1", 10, offset: 1) + send(0, "k1", 11, offset: 2) + send(0, "k1", 12, offset: 3)
        let lost = try KafkaChecker.check(history(sends + poll(2, #"{"k1":[[1,10],[3,12]]}"#)))
        #expect(Set(kinds(lost)) == ["skip", "lost-write"], "\(lost.text)")
        let skipAcrossPolls = try KafkaChecker.check(history(sends + poll(2, #"{"k1":[[1,10]]}"#) + poll(2, #"{"k1":[[3,12]]}"#) + poll(3, #"{"k1":[[2,11]]}"#)))
        #expect(kinds(skipAcrossPolls) == ["skip"], "\(skipAcrossPolls.text)")
        let backwards = try KafkaChecker.check(history(sends + poll(2, #"{"k1":[[2,11],[1,10]]}"#)))
        #expect(kinds(backwards).contains("nonmonotonic-poll"), "\(backwards.text)")
        let again = try KafkaChecker.check(history(sends + poll(2, #"{"k1":[[1,10],[2,11]]}"#) + poll(2, #"{"k1":[[2,11],[3,12]]}"#)))
        #expect(kinds(again) == ["nonmonotonic-poll"], "\(again.text)")
        let clash = try KafkaChecker.check(history(sends + send(1, "k1", 99, offset: 2) + poll(2, #"{"k1":[[1,10],[2,11],[3,12]]}"#)))
        #expect(kinds(clash) == ["inconsistent-offset"], "\(clash.text)")
    }

    @Test func theDispatcherRunsTheTransactionCheckerToo() throws {
        let h = try history([op(0, "ok", "txn", #"[["r","x",null],["r","y",null],["w","x",1]]"#),
                             op(1, "ok", "txn", #"[["r","x",null],["r","y",null],["w","y",1]]"#)])
        let v = try #require(try WorkloadCheck.check(workload: "txn-rw-register", h, model: .serializable))
        #expect(kinds(v) == ["G2-item"], "\(v.text)")
        #expect(try WorkloadCheck.check(workload: "txn-rw-register", h, model: .snapshotIsolation)?.isValid == true)
        #expect(try WorkloadCheck.check(workload: "lin-kv", h) == nil, "lin-kv is lincheck's")
    }
}

/// Random broadcasts all present in every final read: valid; one element
/// removed from one final read: exactly that element lost.
@Test func aRandomBroadcastRunLosesExactlyTheDroppedMessage() throws {
    for seed in TestSeeds.sweep(40) {
        var random = SeededRandom(seed: seed)
        let nodes = 1 + Int(random.below(5)), count = 1 + Int(random.below(30))
        var lines: [String] = []
        for m in 0..<count {
            let p = Int(random.below(UInt64(nodes)))
            lines += [op(p, "invoke", "broadcast", "\(m)", node: "n\(p + 1)"), op(p, "ok", "broadcast", "\(m)", node: "n\(p + 1)")]
        }
        var finals = (0..<nodes).map { _ in (0..<count).map { $0 } }
        let good = try history(lines + finals.enumerated().flatMap { n, list in
            [op(n, "invoke", "read", node: "n\(n + 1)", final: true), op(n, "ok", "read", "\(list)", node: "n\(n + 1)", final: true)] })
        #expect(try SetConvergenceChecker.broadcast(good).isValid, "seed \(seed)")
        let victim = Int(random.below(UInt64(nodes))), dropped = Int(random.below(UInt64(count)))
        finals[victim].removeAll { $0 == dropped }
        let bad = try history(lines + finals.enumerated().flatMap { n, list in
            [op(n, "invoke", "read", node: "n\(n + 1)", final: true), op(n, "ok", "read", "\(list)", node: "n\(n + 1)", final: true)] })
        let v = try SetConvergenceChecker.broadcast(bad)
        #expect(kinds(v) == ["lost"] && v.anomalies[0].message.hasPrefix("\(dropped), acknowledged"), "seed \(seed): \(v.text)")
    }
}

/// The reader every workload checker and the transaction checker share.
@Suite struct ClientHistoryFileTests {
    @Test func nemesisOpsBlankLinesAndCRLFKeepTheFilesLineNumbers() throws {
        let text = "{\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\"}\r\n\r\n{\"process\":0,\"type\":\":ok\",\"f\":\":echo\",\"value\":{\"b\":[1,2.5,true,null],\"a\":\"\\u00e9\\n\"},\"node\":\"n1\",\"final?\":true}\r\n"
        let ops = try ClientHistoryFile.read(text)
        #expect(ops.count == 1 && ops[0].line == 3 && ops[0].type == .ok && ops[0].f == "echo" && ops[0].isFinal && ops[0].node == "n1")
        #expect(ops[0].value.description == #"{"a":"é\n","b":[1,2.5,true,null]}"#)
        #expect(ops[0].jsonLine == #"{"process":0,"type":"ok","f":"echo","value":{"a":"é\n","b":[1,2.5,true,null]},"node":"n1","final?":true}"#)
    }

    @Test(arguments: [
        ("{\"process\":0,\"type\":\"done\"}", 1, 14, "field \"type\": expected \"invoke\", \"ok\", \"fail\" or \"info\""),
        ("{\"process\":0.5,\"type\":\"ok\"}", 1, 2, "field \"process\": expected an integer"),
        ("[1,2]", 1, 1, "not a JSON object"),
        ("{\"type\":\"ok\"}", 1, 1, "missing field \"process\""),
        ("{\"process\":0,\"type\":\"ok\",\"value\":\"abc}", 1, 34, "unterminated string"),
        ("{\"process\":0,\"type\":\"ok\"} x", 1, 27, "unexpected text after the JSON value"),
    ])
    func aBadLineSaysWhereAndWhat(_ line: String, _ row: Int, _ column: Int, _ message: String) throws {
        #expect { try ClientHistoryFile.read(line) } throws: { error in
            guard let e = error as? HistoryError else { return false }
            return (e.line, e.column, e.message) == (row, column, message)
        }
    }

    @Test func pairingRefusesAnInvokeWhileOneIsOutstanding() throws {
        let ops = try ClientHistoryFile.read("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}")
        #expect { try ClientHistoryFile.calls(ops) } throws: { ($0 as? HistoryError)?.line == 2 }
        let open = try ClientHistoryFile.calls(Array(ops.prefix(1)))
        #expect(open.count == 1 && open[0].outcome == .info, "a call that never completed may or may not have happened")
    }
}
