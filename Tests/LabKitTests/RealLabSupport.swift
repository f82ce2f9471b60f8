import Foundation
import ClusterSim
import ClusterProtocols
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
@testable import LabKit

/// A stand-in for the real systems in tests that need no root: `real-etcd`
/// and `real-redis` "clusters" that are simulated Raft runs of the size the
/// lab asks for. Loading, validation, `--real` and skipped steps are the
/// same code as with real clusters; only the run is not real.
enum FakeRealSystems {
    nonisolated(unsafe) static var started = 0

    /// Registers the fakes once per test process (a static let is initialised once, safely).
    static let ready: Bool = {
        ExternalRuns.registerReal("etcd", check: { spec in
            guard (1...7).contains(spec.nodes) else { throw Problem(description: "--nodes \(spec.nodes): must be 1…7") }
            if spec.masters != nil { throw Problem(description: "--masters does not apply to etcd") }
            return spec.nodes
        }, make: simulated)
        ExternalRuns.registerReal("redis", check: { spec in (spec.masters ?? 3) * (1 + (spec.replicas ?? 1)) }, make: simulated)
        return true
    }()

    struct Problem: Error, CustomStringConvertible { var description: String }

    /// A simulated Raft run with the spec's servers and clients.
    static func simulated(_ spec: RealClusterSpec, _ seed: UInt64?) throws -> ClusterRun {
        started += 1
        let text = "protocol: raft\nnodes: \(spec.nodes)\nclients: \(spec.clients)\nseed: \(seed ?? spec.seed)\n"
        let scenario = try Scenario.parse(SourceText(name: "fake-\(spec.system).yaml", text: text)) {
            ProtocolCatalog.definition(named: $0)?.defaultClients
        }
        return try ProtocolCatalog.makeRun(scenario)
    }
}

/// Whether a real cluster of `system` can run on this machine with the built
/// clusterlab: root, network namespaces, the server on PATH, and the system
/// in this build's catalog. `reason` says what is missing.
enum RealHostSupport {
    static func check(_ system: String, server: String) -> (ok: Bool, reason: String) {
        guard geteuid() == 0 else { return (false, "needs root (network namespaces)") }
        guard (try? Subprocess.run("ip", ["netns", "list"]))?.status == 0 else { return (false, "cannot list network namespaces (iproute2)") }
        guard (try? Subprocess.run("sh", ["-c", "command -v \(server)"]))?.status == 0 else { return (false, "\(server) is not installed") }
        // `clusterlab real nosuch` lists the systems this build has.
        guard let r = try? BuiltBinary.run(["real", "no-such-system"]) else { return (false, "the clusterlab executable was not built") }
        guard r.stderr.range(of: #"choose one of [^\n]*\b\#(system)\b"#, options: .regularExpression) != nil else {
            return (false, "this build's real-system catalog has no \(system)")
        }
        return (true, "")
    }

    static let etcd = check("etcd", server: "etcd")

    /// The program each system's nodes run (what must be installed).
    static let servers = ["etcd": "etcd", "redis": "redis-server", "haproxy": "haproxy", "zookeeper": "/usr/share/zookeeper/bin/zkServer.sh"]
    nonisolated(unsafe) private static var checked: [String: (ok: Bool, reason: String)] = [:]
    private static let lock = NSLock()

    /// `check` once per system per test process.
    static func host(for system: String) -> (ok: Bool, reason: String) {
        lock.lock(); defer { lock.unlock() }
        if let known = checked[system] { return known }
        let answer = check(system, server: servers[system] ?? system)
        checked[system] = answer
        return answer
    }

    /// The real system a lab file's scenario names (`protocol: real-etcd`), read from its text; nil for other labs.
    static func realSystem(ofLab path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let r = text.range(of: #"protocol:\s*real-([a-z]+)"#, options: .regularExpression) else { return nil }
        return String(text[r].split(separator: "-").last!)
    }

    /// Namespaces made since `before` by a run whose clusterlab (`cl<pid>…`) has ended, after waiting up to
    /// 30 s for its guard to remove them: other runs still going on this machine (tests run in parallel) are
    /// not ours to count.
    static func leftBehind(since before: Set<String>) -> [String] {
        func orphans() -> [String] {
            namespaces().subtracting(before).filter { ns in
                guard ns.hasPrefix("cl"), let pid = Int32(ns.dropFirst(2).drop { !$0.isNumber }.prefix { $0.isNumber }) else { return true }
                return kill(pid, 0) != 0
            }.sorted()
        }
        for _ in 0..<300 where !orphans().isEmpty { usleep(100_000) }
        return orphans()
    }

    /// Network namespaces now (to show a real run left none behind).
    static func namespaces() -> Set<String> {
        let out = (try? Subprocess.run("ip", ["netns", "list"]))?.stdout ?? ""
        return Set(out.split(separator: "\n").map { String($0.split(separator: " ")[0]) })
    }

}
