// swift-tools-version:6.0
import PackageDescription

/// Students' exercises: a package of its own, which depends on ClusterLab's
/// libraries by path, so that a compile error here never breaks
/// `swift run clusterlab`. Each exercise is a library of the student's files
/// and a small executable (Runners/ID/main.swift) that runs its suite;
/// `clusterlab exercise check ID` builds only that exercise's executable.
/// `CLUSTERLAB_ROOT` points at another checkout (tests build a copy of this folder).
let root = Context.environment["CLUSTERLAB_ROOT"] ?? "../.."

let package = Package(
    name: "Exercises",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "ClusterLab", path: root)],
    targets: [
    ] + exercises.flatMap { e in [
        Target.target(name: e.module, dependencies: [.product(name: "ExerciseKit", package: "ClusterLab")], path: e.folder),
        Target.executableTarget(name: "exercise-\(e.id)",
                                dependencies: [.target(name: e.module), .product(name: "ExerciseRunner", package: "ClusterLab")],
                                path: "Runners/\(e.id)"),
    ] }.reduce(into: [Target]()) { targets, t in
        // The Raft exercises share one module (raft/): declare it once.
        if !targets.contains(where: { $0.name == t.name }) { targets.append(t) }
    },
    swiftLanguageModes: [.v6]
)

/// Exercise id, the folder of the student's files, and its module's name.
var exercises: [(id: String, folder: String, module: String)] {
    [
        ("broadcast", "broadcast", "Broadcast"),
        ("vector-clocks", "vector-clocks", "VectorClocks"),
        ("failure-detector", "failure-detector", "FailureDetector"),
        ("load-balancer", "load-balancer", "LoadBalancer"),
        ("quorum-kv", "quorum-kv", "QuorumKV"),
        ("raft-election", "raft", "Raft"),
        ("raft-log", "raft", "Raft"),
        ("raft-persistence", "raft", "Raft"),
        ("raft-kv", "raft", "Raft"),
        ("two-phase-commit", "two-phase-commit", "TwoPhaseCommit"),
    ]
}
