import ClusterSim
import Foundation
@testable import RealSystems

/// A real system small enough to test the runner with: each node is a
/// python3 TCP server holding one register (`get`, `set V`, `status`).
/// Node n1 calls itself leader; clients talk to n1 only.
final class ToySystem: RealSystem {
    let name = "toy"
    let nodeCount: Int
    let clientCount: Int
    init(nodes: Int = 3, clients: Int = 2) { nodeCount = nodes; clientCount = clients }

    static let server = """
    import socket, sys, threading
    addr, name = sys.argv[1], sys.argv[2]
    value = [None]
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((addr, 7000)); s.listen(64)
    print(name, "listening", flush=True)
    def serve(c):
        f = c.makefile("rw")
        for line in f:
            w = line.split()
            if not w: continue
            if w[0] == "get": f.write(("null" if value[0] is None else "%d" % value[0]) + "\\n")
            elif w[0] == "set": value[0] = int(w[1]); f.write("ok\\n")
            elif w[0] == "status": f.write(("leader" if name == "n1" else "follower") + "\\n")
            f.flush()
    while True:
        c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
    """

    func launch(node i: Int, addresses: [String], dataDir: String) -> RealNodeLaunch {
        RealNodeLaunch(executable: "python3", arguments: ["-u", "\(dataDir)/server.py", addresses[i], "n\(i + 1)"],
                       files: ["server.py": Self.server])
    }

    func bootstrap(addresses: [String], connect: RealConnect, log: (String) -> Void) throws {
        for a in addresses { _ = try connect(a, 7000, 500) }
        log("toy cluster: every node listens")
    }

    func poll(node i: Int, addresses: [String], connect: RealConnect) -> RealNodeView? {
        guard let c = try? connect(addresses[i], 7000, 300), (try? c.write("status\n")) != nil,
              let role = try? c.readLine() else { return nil }
        return RealNodeView(role: role, term: 1, leader: "n1", fields: [.init("port", "7000")])
    }

    func isReady(_ views: [RealNodeView?]) -> Bool { views.first??.role == "leader" }

    func makeClient(index: Int, addresses: [String], connect: @escaping RealConnect, seed: UInt64) -> RealClient {
        ToyClient(index: index, address: addresses[0], connect: connect, seed: seed)
    }

    func check(history: [HistoryOperation], addresses: [String], connect: RealConnect) -> RealVerdict {
        let ok = (try? LinearizabilityChecker.check(history)) == .linearizable
        return RealVerdict(word: ok ? "linearizable" : "not linearizable", passed: ok, lines: ["\(history.count) entries"])
    }
}

final class ToyClient: RealClient {
    let index: Int, address: String, connect: RealConnect
    var random: SeededRandom
    var connection: TCPConnection?
    var next: Int64 = 1
    /// After a lost connection the next operation is a read (what a crash that forgets then shows).
    var readNext = true
    init(index: Int, address: String, connect: @escaping RealConnect, seed: UInt64) {
        self.index = index; self.address = address; self.connect = connect; random = SeededRandom(seed: seed)
    }
    func nextOperation() -> HistoryOperation {
        if readNext || random.chance(0.5) {
            readNext = false
            return HistoryOperation(process: index, type: .invoke, f: "read", key: "x", value: .null)
        }
        defer { next += 1 }
        return HistoryOperation(process: index, type: .invoke, f: "write", key: "x", value: .int(Int64(index) * 1_000_000 + next))
    }
    func perform(_ op: HistoryOperation) -> HistoryOperation {
        var done = op
        do {
            if connection == nil { connection = try connect(address, 7000, 300) }
            if op.f == "read" {
                try connection!.write("get\n")
                let text = try connection!.readLine()
                done.value = text == "null" ? .null : .int(Int64(text) ?? -1)
            } else {
                guard case .int(let v) = op.value else { return op }
                try connection!.write("set \(v)\n")
                _ = try connection!.readLine()
            }
            done.type = .ok
        } catch {
            connection = nil
            readNext = true
            done.type = op.f == "read" ? .fail : .info
        }
        return done
    }
    func close() { connection = nil }
}
