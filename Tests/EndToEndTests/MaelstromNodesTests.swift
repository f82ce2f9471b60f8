import Foundation
import Testing
import TestSupport

/// The Python reference nodes in Labs/Maelstrom, driven over stdin/stdout as
/// Maelstrom's runner drives them (init first, then requests), with no runner:
/// the test plays the clients and the other nodes by hand. Each broken variant
/// is shown to differ from its reference exactly where its comment says.
@Suite(.enabled(if: MaelstromNode.hasPython3, "python3 is not installed: the Python reference nodes cannot run"))
struct MaelstromNodesTests {
    // MARK: echo

    @Test func echoAnswersInitThenEchoesEveryValueUnchanged() throws {
        let node = try MaelstromNode("echo.py")
        for value in ["hello", 42, ["nested": [1, "two"]], "Please echo 5"] as [Any] {
            let reply = try node.request(["type": "echo", "echo": value])
            #expect(reply["type"] as? String == "echo_ok")
            #expect(MaelstromNode.same(reply["echo"], value), "\(reply)")
        }
    }

    @Test func anUnknownRequestIsAnsweredNotSupported() throws {
        let node = try MaelstromNode("echo.py")
        let reply = try node.request(["type": "frobnicate"])
        #expect(reply["type"] as? String == "error")
        #expect(reply["code"] as? Int == 10)
    }

    @Test func aRequestTheNodeFailsOnIsAnsweredCrashAndTheNodeKeepsServing() throws {
        let node = try MaelstromNode("echo.py")
        let failed = try node.request(["type": "echo"])  // no "echo" field
        #expect(failed["type"] as? String == "error")
        #expect(failed["code"] as? Int == 13)  // crash: indefinite, the handler may have changed state
        #expect(try node.request(["type": "echo", "echo": 1])["echo"] as? Int == 1)
        #expect(node.process.errorOutput().contains("KeyError"))
    }

    @Test func brokenEchoChangesTheFifthValueWhereTheReferenceDoesNot() throws {
        for (script, changed) in [("echo.py", false), ("echo_broken.py", true)] {
            let node = try MaelstromNode(script)
            var echoed: [String] = []
            for _ in 1...5 { echoed.append(try node.request(["type": "echo", "echo": "same"])["echo"] as? String ?? "?") }
            #expect(echoed.prefix(4).allSatisfy { $0 == "same" }, "\(script): \(echoed)")
            #expect((echoed[4] != "same") == changed, "\(script): \(echoed)")
        }
    }

    // MARK: broadcast

    @Test func broadcastKeepsMessagesFromClientsAndGossipAndAcknowledgesGossip() throws {
        let node = try MaelstromNode("broadcast.py", nodeIds: ["n1", "n2", "n3"])
        let topology = try node.request(["type": "topology", "topology": ["n1": ["n2"], "n2": ["n1", "n3"], "n3": ["n2"]]])
        #expect(topology["type"] as? String == "topology_ok")
        #expect(try node.request(["type": "broadcast", "message": 7])["type"] as? String == "broadcast_ok")
        let ack = try node.request(["type": "gossip", "messages": [9, 7]], from: "n3")
        #expect(ack["type"] as? String == "gossip_ok")
        #expect(ack["messages"] as? [Int] == [9, 7])
        let read = try node.request(["type": "read"])
        #expect(read["messages"] as? [Int] == [7, 9])
        // Only the topology's neighbour hears from n1.
        #expect(Set(node.sentToNodes.compactMap { $0["dest"] as? String }) == ["n2"], "\(node.sentToNodes)")
    }

    /// n2 never acknowledges (as if a partition dropped every gossip). The test waits past
    /// three resend intervals, then reads: the node runs the timers due before the read is
    /// handled, so what it sent by then is on stdout before read_ok. No time is measured.
    @Test func unacknowledgedMessagesAreResentByTheReferenceAndNeverByTheBrokenVariant() throws {
        for (script, resends) in [("broadcast.py", true), ("broadcast_broken.py", false)] {
            let node = try MaelstromNode(script, nodeIds: ["n1", "n2"])
            _ = try node.request(["type": "broadcast", "message": 3])
            Thread.sleep(forTimeInterval: 1.6)
            _ = try node.request(["type": "read"])
            let toN2 = node.sentToNodes.filter { $0["dest"] as? String == "n2" }
            let carrying = toN2.filter { (($0["body"] as? [String: Any])?["messages"] as? [Int])?.contains(3) == true }
            #expect(carrying.count >= 1, "\(script) never sent message 3: \(node.sentToNodes)")
            #expect((carrying.count > 1) == resends, "\(script) sent message 3 \(carrying.count) times")
        }
    }

    // MARK: g-counter

    @Test func gCounterMergesByMaximumSoRepeatedGossipCountsOnce() throws {
        let node = try MaelstromNode("g_counter.py", nodeIds: ["n1", "n2"])
        #expect(try node.request(["type": "add", "delta": 5])["type"] as? String == "add_ok")
        #expect(try node.request(["type": "read"])["value"] as? Int == 5)
        try node.deliver(["type": "counter_state", "counts": ["n2": 3, "n1": 2]], from: "n2")
        try node.deliver(["type": "counter_state", "counts": ["n2": 3]], from: "n2")
        #expect(try node.request(["type": "read"])["value"] as? Int == 8)
    }

    @Test func brokenGCounterOverCountsTheSameMerge() throws {
        let node = try MaelstromNode("g_counter_broken.py", nodeIds: ["n1", "n2"])
        _ = try node.request(["type": "add", "delta": 5])
        try node.deliver(["type": "counter_state", "counts": ["n2": 3, "n1": 2]], from: "n2")
        try node.deliver(["type": "counter_state", "counts": ["n2": 3]], from: "n2")
        #expect(try node.request(["type": "read"])["value"] as? Int == 11)  // 5 + 3 + 3: n2's 3 twice
    }

    // MARK: lin-kv

    @Test func aOneNodeLinKvAnswersReadWriteAndCasWithMaelstromsErrorCodes() throws {
        let node = try MaelstromNode("lin_kv.py")
        let missing = try node.request(["type": "read", "key": 1])
        #expect(missing["type"] as? String == "error")
        #expect(missing["code"] as? Int == 20)  // key-does-not-exist
        #expect(try node.request(["type": "cas", "key": 1, "from": 0, "to": 1])["code"] as? Int == 20)
        #expect(try node.request(["type": "write", "key": 1, "value": 4])["type"] as? String == "write_ok")
        #expect(try node.request(["type": "read", "key": 1])["value"] as? Int == 4)
        let mismatch = try node.request(["type": "cas", "key": 1, "from": 3, "to": 5])
        #expect(mismatch["type"] as? String == "error")
        #expect(mismatch["code"] as? Int == 22)  // precondition-failed
        #expect(try node.request(["type": "cas", "key": 1, "from": 4, "to": 5])["type"] as? String == "cas_ok")
        #expect(try node.request(["type": "read", "key": 1])["value"] as? Int == 5)
        #expect(node.sentToNodes.isEmpty)
    }

    @Test func aLinKvFollowerWithNoLeaderRefusesWithTemporarilyUnavailable() throws {
        let node = try MaelstromNode("lin_kv.py", nodeId: "n2", nodeIds: ["n1", "n2", "n3"])
        let reply = try node.request(["type": "write", "key": 1, "value": 4])
        #expect(reply["code"] as? Int == 11, "\(reply)")
    }

    /// n1 (played by the test) replicates and commits `write 1 := 5` to follower n2.
    /// The reference does not answer a read from its own state: it forwards the read
    /// to the leader (or, if it has meanwhile timed out and stood for election, refuses
    /// with 11). The broken variant answers at once from local state.
    @Test func aLinKvFollowerNeverServesAReadLocallyButTheBrokenVariantDoes() throws {
        for (script, servesLocally) in [("lin_kv.py", false), ("lin_kv_broken.py", true)] {
            let node = try MaelstromNode(script, nodeId: "n2", nodeIds: ["n1", "n2", "n3"])
            // Term 5: past any term n2 can reach by timing out on its own before this arrives.
            let entry: [String: Any] = ["term": 5, "op": ["type": "write", "key": 1, "value": 5],
                                        "origin": "n1", "client": "c9", "client_msg_id": 1]
            let appended = try node.request(["type": "append_entries", "term": 5, "leader_id": "n1",
                                             "prev_log_index": 0, "prev_log_term": 0,
                                             "entries": [entry], "leader_commit": 1], from: "n1")
            #expect(appended["success"] as? Bool == true, "\(script): \(appended)")
            node.sentToNodes.removeAll()
            try node.send(["type": "read", "key": 1], from: "c1")
            let first = try node.nextMessage { message in
                let type = (message["body"] as? [String: Any])?["type"] as? String
                return message["dest"] as? String == "c1" || (message["dest"] as? String == "n1" && type == "read")
            }
            let body = first["body"] as? [String: Any] ?? [:]
            if servesLocally {
                #expect(first["dest"] as? String == "c1" && body["value"] as? Int == 5, "\(script): \(first)")
            } else {
                let forwarded = first["dest"] as? String == "n1" && body["type"] as? String == "read"
                let refused = first["dest"] as? String == "c1" && body["code"] as? Int == 11
                #expect(forwarded || refused, "\(script) answered a read itself: \(first)")
            }
        }
    }

    /// The test plays n2 and n3: it grants n1 the vote, then acknowledges the log only later.
    /// A request with an immediate answer (an unknown type) sent after the write shows the
    /// write was not answered before a majority held it (the node handles input in order).
    @Test func aLinKvLeaderAnswersAWriteOnlyOnceAMajorityHoldsIt() throws {
        let node = try MaelstromNode("lin_kv.py", nodeId: "n1", nodeIds: ["n1", "n2", "n3"])
        let ballot = try node.nextMessage { $0["dest"] as? String == "n2" && Self.type(of: $0) == "request_vote" }
        let term = try #require((ballot["body"] as? [String: Any])?["term"] as? Int)
        try node.deliver(["type": "request_vote_res", "term": term, "vote_granted": true], from: "n2")
        let write = try node.send(["type": "write", "key": 1, "value": 7], from: "c1")
        #expect(try node.request(["type": "frobnicate"])["code"] as? Int == 10)
        try #require(!node.sentToClients.contains { ($0["body"] as? [String: Any])?["in_reply_to"] as? Int == write },
                "answered before any follower held the write: \(node.sentToClients)")
        // Index 1 is the leader's no-op (Raft §8), index 2 the write.
        try node.deliver(["type": "append_entries_res", "term": term, "success": true, "match_index": 2], from: "n2")
        let answer = try node.nextMessage { ($0["body"] as? [String: Any])?["in_reply_to"] as? Int == write && $0["dest"] as? String == "c1" }
        #expect(Self.type(of: answer) == "write_ok", "\(answer)")
    }

    @Test func aLinKvFollowerRelaysTheLeadersAnswerToTheClient() throws {
        let node = try MaelstromNode("lin_kv.py", nodeId: "n2", nodeIds: ["n1", "n2", "n3"])
        _ = try node.request(["type": "append_entries", "term": 5, "leader_id": "n1", "prev_log_index": 0,
                              "prev_log_term": 0, "entries": [], "leader_commit": 0], from: "n1")
        let read = try node.send(["type": "read", "key": 3], from: "c1")
        let forwarded = try node.nextMessage { $0["dest"] as? String == "n1" && Self.type(of: $0) == "read" }
        let forwardedId = try #require((forwarded["body"] as? [String: Any])?["msg_id"] as? Int)
        try node.deliver(["type": "read_ok", "value": 42, "in_reply_to": forwardedId], from: "n1")
        let relayed = try node.nextMessage { $0["dest"] as? String == "c1" }
        let body = relayed["body"] as? [String: Any] ?? [:]
        #expect(body["type"] as? String == "read_ok" && body["value"] as? Int == 42 && body["in_reply_to"] as? Int == read, "\(relayed)")
    }

    static func type(of message: [String: Any]) -> String? { (message["body"] as? [String: Any])?["type"] as? String }

    // MARK: garbage

    @Test func theGarbageNodeWritesANonJSONLineAfterInit() throws {
        let node = try MaelstromNode("garbage.py")  // init_ok was well formed
        let line = try #require(try node.process.readLine())
        #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) == nil, "\(line)")
    }
}

/// The benchmark's C node and its plain-pipes driver (Benchmarks/), built here with cc:
/// the node speaks the protocol and passes the token ring on; the driver routes exactly
/// the number of messages it reports.
@Suite(.enabled(if: BenchmarkNode.hasCompiler, "cc is not installed: the benchmark's C node cannot be built"))
struct MaelstromBenchmarkNodeTests {
    @Test func theCNodeAnswersInitEchoAndPassesPingsAroundTheRing() throws {
        let node = try MaelstromNode(command: [try BenchmarkNode.built.node], nodeId: "n2", nodeIds: ["n1", "n2", "n3"])
        let value: [String: Any] = ["a": [1, "x\"}"], "b": NSNull()]
        let echo = try node.request(["type": "echo", "echo": value])
        #expect(echo["type"] as? String == "echo_ok" && MaelstromNode.same(echo["echo"], value), "\(echo)")
        try node.send(["type": "ping", "ttl": 3], from: "c1")
        let passed = try node.nextMessage { _ in true }
        let body = passed["body"] as? [String: Any] ?? [:]
        #expect(passed["dest"] as? String == "n3" && body["ttl"] as? Int == 2 && body["origin"] as? String == "c1", "\(passed)")
        // The last hop answers the client that started the ping, not the node that passed it on.
        try node.send(["type": "ping", "ttl": 0, "origin": "c7", "origin_msg_id": 41], from: "n1")
        let answer = try node.nextMessage { _ in true }
        let answerBody = answer["body"] as? [String: Any] ?? [:]
        #expect(answer["dest"] as? String == "c7" && answerBody["type"] as? String == "ping_ok"
                && answerBody["in_reply_to"] as? Int == 41, "\(answer)")
    }

    @Test func thePipesDriverRoutesExactlyTheMessagesItReports() throws {
        let built = try BenchmarkNode.built
        let r = try Subprocess.run(built.driver, [built.node, "3000", "7", "20"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(report?["nodes"] as? Int == 5)
        #expect(report?["routed"] as? Int == 3000, "\(r.stdout)")
        #expect((report?["msgs_per_s"] as? Double ?? 0) > 0, "\(r.stdout)")
    }
}

/// Benchmarks/maelstrom_echo.c and maelstrom_pipes.c compiled once into a temporary folder.
enum BenchmarkNode {
    static let hasCompiler: Bool = (try? Subprocess.run("cc", ["--version"]))?.status == 0

    static var built: (node: String, driver: String) {
        get throws {
            switch compiled {
            case .success(let paths): return paths
            case .failure(let error): throw error
            }
        }
    }

    private static let compiled: Result<(node: String, driver: String), NodeMisbehaved> = {
        do {
            let folder = try BuiltBinary.temporaryDirectory()
            let sources = BuiltBinary.packageRoot.appendingPathComponent("Benchmarks")
            var paths: [String] = []
            for name in ["maelstrom_echo", "maelstrom_pipes"] {
                let output = folder.appendingPathComponent(name).path
                let r = try Subprocess.run("cc", ["-O2", "-Wall", "-Werror", "-o", output,
                                                  sources.appendingPathComponent(name + ".c").path])
                guard r.status == 0 else { return .failure(NodeMisbehaved("cc \(name).c failed: \(r.stderr)")) }
                paths.append(output)
            }
            return .success((paths[0], paths[1]))
        } catch {
            return .failure(NodeMisbehaved("building the benchmark node: \(error)"))
        }
    }()
}

/// A reference node started with python3 and initialised, with the requests a
/// client or another node would send. Every line it writes must be one JSON
/// message from this node; node-to-node messages seen while waiting for a reply
/// are kept in `sentToNodes`, others in `sentToClients`.
final class MaelstromNode {
    static let hasPython3: Bool = (try? Subprocess.run("python3", ["-c", "import sys; print(sys.version_info[0])"]))?.stdout == "3\n"

    static let folder = BuiltBinary.packageRoot.appendingPathComponent("Labs/Maelstrom")

    let process: PipedProcess
    let nodeId: String
    var sentToNodes: [[String: Any]] = []
    /// Other messages to clients seen while waiting (replies to requests nobody waited for yet).
    var sentToClients: [[String: Any]] = []
    private var nextMsgId = 1

    /// Starts the Python node `script` of Labs/Maelstrom.
    convenience init(_ script: String, nodeId: String = "n1", nodeIds: [String] = ["n1"]) throws {
        try self.init(command: ["python3", Self.folder.appendingPathComponent(script).path], nodeId: nodeId, nodeIds: nodeIds)
    }

    init(command: [String], nodeId: String = "n1", nodeIds: [String] = ["n1"]) throws {
        process = try PipedProcess(command[0], Array(command.dropFirst()))
        self.nodeId = nodeId
        let ok = try request(["type": "init", "node_id": nodeId, "node_ids": nodeIds])
        guard ok["type"] as? String == "init_ok" else {
            throw NodeMisbehaved("\(command.joined(separator: " ")) answered init with \(ok)")
        }
    }

    deinit { _ = try? process.finish(limit: 10) }

    /// Sends a request and returns the body of its reply.
    func request(_ body: [String: Any], from source: String = "c1") throws -> [String: Any] {
        let id = try send(body, from: source)
        let reply = try nextMessage { $0["dest"] as? String == source && ($0["body"] as? [String: Any])?["in_reply_to"] as? Int == id }
        return reply["body"] as? [String: Any] ?? [:]
    }

    /// Sends a message that expects no reply (node-to-node state).
    func deliver(_ body: [String: Any], from source: String) throws { try send(body, from: source) }

    @discardableResult
    func send(_ body: [String: Any], from source: String) throws -> Int {
        nextMsgId += 1
        var body = body
        body["msg_id"] = nextMsgId
        let message: [String: Any] = ["src": source, "dest": nodeId, "body": body]
        try process.send(String(decoding: try JSONSerialization.data(withJSONObject: message), as: UTF8.self))
        return nextMsgId
    }

    /// The next message the node writes that `matches`; the messages passed on the way are kept.
    /// A node that keeps talking (heartbeats) but never sends it fails after `limit` seconds
    /// (a guard against a hang, not a measurement).
    func nextMessage(limit: Double = 60, _ matches: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(limit)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw NodeMisbehaved("no matching message within \(limit) s; stderr: \(process.errorOutput())") }
            guard let line = try process.readLine(limit: left) else {
                throw NodeMisbehaved("the node closed stdout; stderr: \(process.errorOutput())")
            }
            guard let message = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  message["src"] as? String == nodeId, message["dest"] is String,
                  let body = message["body"] as? [String: Any], body["type"] is String else {
                throw NodeMisbehaved("not a Maelstrom message from \(nodeId): \(line)")
            }
            if matches(message) { return message }
            if (message["dest"] as? String)?.hasPrefix("n") == true { sentToNodes.append(message) } else { sentToClients.append(message) }
        }
    }

    /// JSON equality of a decoded value and the value that was sent.
    static func same(_ decoded: Any?, _ sent: Any) -> Bool {
        guard let decoded,
              let a = try? JSONSerialization.data(withJSONObject: [decoded], options: .sortedKeys),
              let b = try? JSONSerialization.data(withJSONObject: [sent], options: .sortedKeys) else { return false }
        return a == b
    }
}

/// A reference node that broke the protocol or stopped talking.
struct NodeMisbehaved: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
