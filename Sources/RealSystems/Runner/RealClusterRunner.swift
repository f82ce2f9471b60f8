import ClusterSim
import Foundation
import Maelstrom
#if canImport(Glibc)
import Glibc
#endif

/// Runs a real system's cluster on this machine: its network namespaces,
/// its server processes, its client workers and node pollers, and the
/// record of everything seen (faults, client operations, each node's role
/// and term as they change, the servers' output) in a `RunRecorder`, which
/// the interface reads like a Maelstrom run's.
///
/// One thread owns the runner (the interface's or the headless loop's):
/// clients and pollers run on threads of their own and post what they see
/// to an inbox, which `pump` records. Nothing started here outlives the
/// run: `teardown()` kills the processes and removes the namespaces and the
/// data directory, and a `RunGuard` does the same if clusterlab dies first.
public final class RealClusterRunner {
    public let system: RealSystem
    public let recorder: RunRecorder
    public let network: RealNetwork
    public let dataDir: String
    /// The latest view of each server (nil: it did not answer its last poll).
    public private(set) var views: [RealNodeView?]
    /// Every change of a server's view, with the event that recorded it (for views of the past).
    public private(set) var viewChanges: [(event: Int, node: Int, view: RealNodeView?)] = []
    public private(set) var nodeStatus: [NodeStatus]
    /// The network shape as the views draw it.
    public private(set) var wallNetwork = WallNetwork(link: LinkSettings())
    /// Faults applied, by kind (`partition`, `heal`, `kill`, …), for the summary.
    public private(set) var faults: [String: Int] = [:]
    /// Each client's completed operations and how many of them were `ok` (the client boxes read these every frame).
    public private(set) var clientTallies: [(done: Int, ok: Int)] = []
    /// How long the cluster took to become ready, microseconds since the run started.
    public private(set) var readyAt: Int64?
    public var layout: ClusterLayout { recorder.layout }

    private let origin = RunClock.monotonic()
    private var nodes: [RealNodeProcess] = []
    private var guardProcess: RunGuard?
    private let inbox = RealInbox()
    private let running = RealSwitch(true)
    private let clientsHeld = RealSwitch(false)
    private let clientsStop = RealSwitch(false)
    private var threads: [Thread] = []
    private var clientThreadsDone: [RealSwitch] = []
    private let seed: UInt64
    /// Pause between a client's operations (keeps histories checkable).
    public var thinkMicroseconds: Int64 = 20_000
    /// How often each server is polled.
    public var pollMicroseconds: Int64 = 250_000

    public init(system: RealSystem, seed: UInt64, runID: String = "cl\(getpid())") {
        self.system = system
        self.seed = seed
        let servers = (1...system.nodeCount).map { "n\($0)" }
        let clients = (0..<system.clientCount).map { "c\($0 + 1)" }
        network = RealNetwork(prefix: runID, servers: servers, clients: clients)
        dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-real-\(runID)").path
        recorder = RunRecorder(layout: ClusterLayout(servers: servers.count, clients: clients.count))
        views = Array(repeating: nil, count: servers.count)
        nodeStatus = Array(repeating: .crashed, count: servers.count)
    }

    /// Microseconds since the runner was made.
    public var elapsed: Int64 { RunClock.monotonic() - origin }
    public var addresses: [String] { network.serverAddresses }
    public var pids: [Int32?] { nodes.map(\.pid) }
    var observer: RealConnect { network.connector(from: RealNetwork.observer) }

    // MARK: starting

    /// Checks that real clusters can run here: root, iproute2, the system's programs.
    public static func preflight(_ system: RealSystem) throws {
        guard geteuid() == 0 else {
            throw RealRunError("real clusters need root to make network namespaces: run `sudo clusterlab real \(system.name) …` (nothing was started)")
        }
        guard IPCommand.path != nil else {
            throw RealRunError("iproute2's `ip` is not installed: apt-get install iproute2 (nothing was started)")
        }
        let launch = system.launch(node: 0, addresses: ["10.77.0.11"], dataDir: "/nonexistent")
        guard ChildProcess.resolve(launch.executable) != nil else {
            throw RealRunError("\(launch.executable) is not installed: apt-get install \(packageHint(system.name)) (nothing was started)")
        }
    }

    static func packageHint(_ name: String) -> String {
        ["etcd": "etcd-server", "redis": "redis-server", "haproxy": "haproxy", "zookeeper": "zookeeper"][name] ?? name
    }

    /// Makes the network, starts every server, forms the cluster and waits
    /// (up to `readyLimit` seconds) until it can serve; `progress` hears each stage.
    /// On failure everything made so far is removed before it throws.
    public func start(readyLimit: Double = 90, progress: (String) -> Void = { _ in }) throws {
        try Self.preflight(system)
        do {
            guardProcess = try RunGuard(namespaces: network.namespaces, dataDir: dataDir)
            try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
            do { try network.create() } catch {
                throw RealRunError("could not make the run's network namespaces (\(error)); real clusters need root on Linux")
            }
            recorder.clusterEvent(.log, time: elapsed, text: "network: \(network.namespaces.count) namespaces on 10.77.0.0/24 (no route off the machine)")
            let addrs = addresses
            for (i, name) in network.servers.enumerated() {
                let node = RealNodeProcess(name: name, namespace: network.namespace(of: name),
                                           dataDir: "\(dataDir)/\(name)",
                                           launch: system.launch(node: i, addresses: addrs, dataDir: "\(dataDir)/\(name)"))
                nodes.append(node)
                try node.start()
                recorder.started(node: i, pid: node.pid ?? -1)
                recorder.nodeEvent(.start, time: elapsed, node: i, text: "started \(node.launch.executable) (pid \(node.pid ?? -1)) at \(addrs[i])")
                nodeStatus[i] = .up
            }
            progress("started \(nodes.count) \(system.name) processes; forming the cluster")
            startPollers()
            try bootstrapWhenListening(progress: progress)
            let deadline = RunClock.monotonic() + Int64(readyLimit * 1_000_000)
            while !system.isReady(views) {
                if RunClock.monotonic() > deadline {
                    throw RealRunError("the \(system.name) cluster was not ready after \(Int(readyLimit)) s" + lastWords())
                }
                if let dead = nodes.firstIndex(where: { !$0.isRunning }) {
                    throw RealRunError("\(nodes[dead].name) exited while the cluster formed" + lastWords(of: dead))
                }
                pump(maxWait: 50_000)
            }
            readyAt = elapsed
            recorder.clusterEvent(.log, time: elapsed, text: "cluster ready after \(DurationText.format(elapsed))")
            progress("cluster ready after \(DurationText.format(elapsed))")
        } catch {
            teardown()
            throw error
        }
    }

    /// Runs the system's bootstrap once every server accepts connections (retrying while they start).
    private func bootstrapWhenListening(progress: (String) -> Void) throws {
        let deadline = RunClock.monotonic() + 60_000_000
        var lines: [String] = []
        while true {
            pump(maxWait: 0)
            do {
                lines = []
                try system.bootstrap(addresses: addresses, connect: observer, log: { lines.append($0) })
                for l in lines { recorder.clusterEvent(.log, time: elapsed, text: l) }
                return
            } catch {
                if let dead = nodes.firstIndex(where: { !$0.isRunning }) {
                    throw RealRunError("\(nodes[dead].name) exited while starting" + lastWords(of: dead))
                }
                if RunClock.monotonic() > deadline { throw RealRunError("forming the \(system.name) cluster failed: \(error)") }
                pump(maxWait: 300_000)
            }
        }
    }

    /// " ; n2's last output: …" for an error message.
    private func lastWords(of i: Int? = nil) -> String {
        let which = i.map { [$0] } ?? Array(nodes.indices)
        var out = ""
        for k in which {
            if let line = recorder.stderr[k].last?.text { out += "; \(network.servers[k])'s last output: \(line.prefix(200))" }
        }
        return out
    }

    private func startPollers() {
        for i in nodes.indices {
            let inbox = inbox, running = running, addrs = addresses, connect = observer
            let origin = origin, period = pollMicroseconds
            let box = UncheckedBox(system)
            let t = Thread {
                while running.isOn {
                    let began = RunClock.monotonic()
                    let view = box.value.poll(node: i, addresses: addrs, connect: connect)
                    inbox.post(.view(node: i, view), at: RunClock.monotonic() - origin)
                    let rest = period - (RunClock.monotonic() - began)
                    if rest > 0 { usleep(UInt32(rest)) }
                }
            }
            t.name = "poll-\(network.servers[i])"
            t.start()
            threads.append(t)
        }
    }

    // MARK: clients

    /// Starts the client workers (each a thread running its operations one after another).
    public func startClients() {
        for c in 0..<system.clientCount {
            let client = UncheckedBox(system.makeClient(index: c, addresses: addresses,
                                                        connect: network.connector(from: network.clients[c]),
                                                        seed: seed &+ UInt64(c) &* 0x9E37_79B9_7F4A_7C15))
            let inbox = inbox, stop = clientsStop, held = clientsHeld, origin = origin, think = thinkMicroseconds
            let done = RealSwitch(false)
            clientThreadsDone.append(done)
            let t = Thread {
                while !stop.isOn {
                    if held.isOn { usleep(20_000); continue }
                    let op = client.value.nextOperation()
                    inbox.post(.operation(client: c, op), at: RunClock.monotonic() - origin)
                    let result = client.value.perform(op)
                    inbox.post(.operation(client: c, result), at: RunClock.monotonic() - origin)
                    if think > 0 { usleep(UInt32(think)) }
                }
                client.value.close()
                done.set(true)
            }
            t.name = "client-c\(c + 1)"
            t.start()
            threads.append(t)
        }
    }

    /// Holds the clients between operations (the interface paused) or lets them go on.
    public func holdClients(_ hold: Bool) { clientsHeld.set(hold) }

    /// Stops the clients after their current operation and waits (up to `limit` s) for them.
    public func stopClients(limit: Double = 30) {
        clientsStop.set(true)
        let deadline = RunClock.monotonic() + Int64(limit * 1_000_000)
        while clientThreadsDone.contains(where: { !$0.isOn }) && RunClock.monotonic() < deadline { pump(maxWait: 20_000) }
        pump(maxWait: 0)
    }

    /// The client history so far, as the checkers read it.
    public var history: [HistoryOperation] { recorder.operations.map(\.historyOperation) }

    /// Checks the history (after `stopClients`; heal first so final reads can reach every node).
    public func check() -> RealVerdict {
        system.check(history: history, addresses: addresses, connect: network.connector(from: RealNetwork.observer))
    }

    // MARK: the run's loop

    /// Records what the threads saw and what the processes wrote, waiting up to `maxWait` µs for more.
    public func pump(maxWait: Int64) {
        let until = RunClock.monotonic() + maxWait
        repeat {
            for (time, item) in inbox.take() {
                switch item {
                case .operation(let c, let op):
                    if op.type != .invoke {
                        if clientTallies.count <= c { clientTallies += Array(repeating: (0, 0), count: c + 1 - clientTallies.count) }
                        clientTallies[c].done += 1
                        if op.type == .ok { clientTallies[c].ok += 1 }
                    }
                    recorder.operation(time: time, node: network.servers.count + c, MaelstromOperation(history: op))
                case .view(let i, let view):
                    record(view: view, of: i, at: time)
                }
            }
            for (i, node) in nodes.enumerated() {
                node.drainOutput { recorder.stderrLine(time: elapsed, node: i, text: $0) }
                if let status = node.reapIfExited() {
                    nodeStatus[i] = .crashed
                    recorder.nodeEvent(.crash, time: elapsed, node: i, text: "exited by itself: \(ChildProcess.describe(status: status))")
                }
            }
            let left = until - RunClock.monotonic()
            if left > 0 { usleep(UInt32(min(left, 10_000))) }
        } while RunClock.monotonic() < until
    }

    /// Records a server's view when its role, term or leader changed (the event log's line).
    private func record(view: RealNodeView?, of i: Int, at time: Int64) {
        guard running.isOn else { return }
        let old = views[i]
        views[i] = view
        let changed = old?.role != view?.role || old?.term != view?.term || old?.leader != view?.leader
        if view != old {
            let line: String?
            if changed {
                if let v = view {
                    line = "\(v.role)" + (v.term.map { " term \($0)" } ?? "") + (v.leader.map { ", leader \($0)" } ?? "")
                } else if nodeStatus[i] == .up {
                    line = "does not answer its status poll"
                } else { line = nil }
            } else { line = nil }
            if let line { recorder.nodeEvent(.log, time: time, node: i, text: line) }
            viewChanges.append((event: recorder.trace.count, node: i, view: view))
        }
    }

    /// The view of server `i` after the record's first `events` events.
    public func view(of i: Int, afterEvents events: Int) -> RealNodeView? {
        viewChanges.last { $0.node == i && $0.event <= events }?.view
    }

    // MARK: faults

    public func partition(_ groups: [[String]], byUser: Bool = true) throws {
        var shape = wallNetwork
        shape.partition(groups)
        try network.apply(groups: groups, cuts: Array(shape.cuts).map { ($0.from, $0.to) })
        wallNetwork = shape
        faults["partition", default: 0] += 1
        recorder.networkEvent(.partition, time: elapsed, text: "partition " + groups.map { $0.joined(separator: " ") }.joined(separator: " | ")
                              + " (blackhole routes)", network: wallNetwork, byUser: byUser)
    }

    public func cut(from a: String, to b: String, byUser: Bool = true) throws {
        var shape = wallNetwork
        shape.cut(from: a, to: b)
        try network.apply(groups: currentGroups(shape), cuts: shape.cuts.map { ($0.from, $0.to) })
        wallNetwork = shape
        faults["cut", default: 0] += 1
        recorder.networkEvent(.link, time: elapsed, text: "cut \(a)→\(b) (TCP needs both ways: connections either side opens fail)",
                              network: wallNetwork, byUser: byUser)
    }

    public func heal(byUser: Bool = true) throws {
        try network.apply(groups: nil, cuts: [])
        wallNetwork.heal()
        faults["heal", default: 0] += 1
        recorder.networkEvent(.heal, time: elapsed, text: "heal (blackhole routes removed)", network: wallNetwork, byUser: byUser)
    }

    private func currentGroups(_ shape: WallNetwork) -> [[String]]? {
        guard let g = shape.groups else { return nil }
        var parts: [Int: [String]] = [:]
        for (name, k) in g { parts[k, default: []].append(name) }
        return parts.keys.sorted().map { parts[$0]!.sorted(by: NodeName.less) }
    }

    /// SIGKILL (a crash: the data directory stays).
    public func kill(node i: Int) {
        guard nodes[i].isRunning else { return }
        nodes[i].kill()
        nodeStatus[i] = .crashed
        faults["kill", default: 0] += 1
        recorder.nodeEvent(.crash, time: elapsed, node: i, text: "SIGKILL")
    }

    /// Starts the server again on its data directory.
    public func restart(node i: Int) throws {
        guard !nodes[i].isRunning else { return }
        try nodes[i].start()
        recorder.started(node: i, pid: nodes[i].pid ?? -1)
        nodeStatus[i] = .up
        faults["restart", default: 0] += 1
        recorder.nodeEvent(.restart, time: elapsed, node: i, text: "restarted on its data directory (pid \(nodes[i].pid ?? -1))")
    }

    /// SIGSTOP / SIGCONT.
    public func pause(node i: Int) {
        guard nodes[i].isRunning, !nodes[i].isPaused else { return }
        nodes[i].pause()
        nodeStatus[i] = .paused
        faults["pause", default: 0] += 1
        recorder.nodeEvent(.pause, time: elapsed, node: i, text: "SIGSTOP")
    }

    public func resume(node i: Int) {
        guard nodes[i].isPaused else { return }
        nodes[i].resume()
        nodeStatus[i] = .up
        recorder.nodeEvent(.resume, time: elapsed, node: i, text: "SIGCONT")
    }

    /// Heals the network, resumes paused servers and restarts crashed ones (before the final check).
    public func recoverAll() throws {
        if wallNetwork.isPartitioned { try heal(byUser: false) }
        for i in nodes.indices {
            if nodes[i].isPaused { resume(node: i) }
            if !nodes[i].isRunning { try restart(node: i) }
        }
    }

    /// A line the runner writes into the event log (a refused action, a stage).
    public func note(_ text: String, byUser: Bool = false) {
        recorder.clusterEvent(.log, time: elapsed, text: text, byUser: byUser)
    }

    // MARK: ending

    /// Stops every thread and process, removes the namespaces and the data directory; safe to call twice.
    public func teardown() {
        running.set(false)
        clientsStop.set(true)
        for node in nodes { node.kill() }
        // Anything a server started in its namespace goes too (the guard does the same if we die).
        for ns in network.namespaces where FileManager.default.fileExists(atPath: "/run/netns/\(ns)") {
            if let pids = try? IPCommand.run(["netns", "pids", ns]) {
                for p in pids.split(whereSeparator: \.isNewline).compactMap({ Int32($0) }) { _ = Glibc.kill(p, SIGKILL) }
            }
        }
        network.destroy()
        try? FileManager.default.removeItem(atPath: dataDir)
        guardProcess?.release()
        guardProcess = nil
    }

    deinit { teardown() }
}

/// Carries a value a thread uses alone (a client, the system) across the thread boundary.
final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

extension MaelstromOperation {
    /// A real client's op as the record keeps it (no Maelstrom node to name).
    init(history op: HistoryOperation) {
        self.init(process: op.process, type: op.type, f: op.f, key: op.key, value: MessageValue(history: op.value),
                  error: op.error.map(MessageValue.init(history:)), node: "")
    }
}
