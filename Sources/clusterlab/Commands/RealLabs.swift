import ClusterSim
import Foundation
import LabKit
import RealSystems

/// Labs whose scenario is `protocol: real-etcd` (or redis, haproxy,
/// zookeeper), and simulator labs opened with `--real SYSTEM`, run a real
/// cluster in network namespaces: the lab commands hand LabKit the check
/// (a lab file is validated without starting anything) and the factory.
/// However the lab ends, its run ends with it (`LabRunner.end`), and the
/// run's guard removes everything if clusterlab itself is killed.
enum RealLabs {
    /// The systems whose size is `nodes:` (Redis's is masters × (1 + replicas), HAProxy's 1 + backends).
    static let sizedByNodes: Set<String> = ["etcd", "zookeeper"]
    /// Real runs started by this program so far (each gets namespaces of its own).
    nonisolated(unsafe) static var started = 0

    /// Lets labs run real clusters; `progress` hears each stage of a start (it takes seconds).
    static func register(progress: @escaping (String) -> Void = { _ in }) {
        for system in ExternalRuns.realSystems {
            ExternalRuns.registerReal(system, check: { spec in try make(spec).nodeCount }, make: { spec, seed in
                try start(try make(spec, seed: seed), spec: spec, seed: seed ?? spec.seed, progress: progress)
            })
        }
    }

    /// The real system a lab's cluster asks for; errors where the lab says it.
    static func make(_ spec: RealClusterSpec, seed: UInt64? = nil) throws -> RealSystem {
        guard RealSystemCatalog.names.contains(spec.system) else {
            let have = RealSystemCatalog.names.isEmpty ? "none yet" : RealSystemCatalog.names.joined(separator: ", ")
            throw spec.protocolField.error("protocol 'real-\(spec.system)': this clusterlab has no real \(spec.system) system (it has: \(have))")
        }
        let options = RealOptions(nodes: sizedByNodes.contains(spec.system) ? spec.nodes : nil, masters: spec.masters,
                                  replicas: spec.replicas, backends: spec.backends, strategy: spec.strategy,
                                  nodeTimeoutMs: spec.nodeTimeoutMs, clients: spec.clients, seed: seed ?? spec.seed,
                                  selfExecutable: SelfExecutable.path)
        do { return try RealSystemCatalog.make(spec.system, options) }
        catch { throw spec.error("real \(spec.system): \(parameterNames(in: "\(error)"))") }
    }

    /// `--node-timeout-ms` as a lab writes it (`node_timeout_ms`).
    static func parameterNames(in message: String) -> String {
        var text = message
        for key in RealClusterSpec.parameterKeys + ["nodes", "clients"] {
            text = text.replacingOccurrences(of: "--" + key.replacingOccurrences(of: "_", with: "-"), with: key)
        }
        return text
    }

    /// Starts the cluster (root, the server installed, else a clear error and nothing left) and its live run.
    static func start(_ system: RealSystem, spec: RealClusterSpec, seed: UInt64, progress: (String) -> Void) throws -> LiveRealRun {
        do { try RealClusterRunner.preflight(system) }
        catch { throw spec.protocolField.error("cannot start a real \(system.name) cluster: \(error)") }
        started += 1
        let runner = RealClusterRunner(system: system, seed: seed, runID: "cl\(getpid())l\(started)")
        progress("starting \(system.nodeCount) \(system.name) nodes in network namespaces…")
        do { try runner.start(progress: { progress("… \($0)") }) }  // on failure it has removed what it made
        catch { throw spec.protocolField.error("cannot start a real \(system.name) cluster: \(error)") }
        return LiveRealRun(runner: runner)
    }

    /// `lab` against a real `system` cluster (`--real SYSTEM`), or a clear
    /// message naming the labs written for it, and exit 2.
    static func counterpart(of lab: Lab, on system: String, library: LabLibrary) throws -> Lab {
        do { return try lab.onRealCluster(system) } catch {
            let accepting = labs(acceptingReal: system, in: library)
            printError("--real \(system): \(error); "
                       + (accepting.isEmpty ? "no lab here runs on real \(system)" : "labs that do: \(accepting.joined(separator: ", "))"))
            throw Exit.badInput
        }
    }

    /// The ids of the labs whose top-level `real:` names `system` (read from the files' text, without loading them).
    static func labs(acceptingReal system: String, in library: LabLibrary) -> [String] {
        library.entries.filter { entry in
            guard let text = try? String(contentsOfFile: entry.path, encoding: .utf8) else { return false }
            return text.split(separator: "\n").contains { line in
                line.hasPrefix("real:") && line.dropFirst(5).split(whereSeparator: { "[], ".contains($0) }).contains { $0 == system }
            }
        }.map(\.id)
    }
}
