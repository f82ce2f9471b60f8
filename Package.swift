// swift-tools-version:6.0
import PackageDescription

/// The engine is generic over a protocol's node type, and protocols live in
/// another module: cross-module optimisation lets the compiler specialise the
/// event loop for each node type instead of running it through witness tables
/// (about 10x on `bench flood`). Exclusivity is still checked in debug builds.
let engineSettings: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "ClusterLab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "clusterlab", targets: ["clusterlab"]),
        // What Labs/Exercises (a package of its own, so a student's compile
        // error never breaks ClusterLab) builds students' protocols against.
        .library(name: "ExerciseKit", targets: ["ExerciseKit"]),
        .library(name: "ExerciseRunner", targets: ["ExerciseRunner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses",
                       pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "ClusterSim",
                dependencies: [.product(name: "Yams", package: "Yams")],
                swiftSettings: engineSettings),
        .target(name: "ClusterProtocols", dependencies: ["ClusterSim"], swiftSettings: engineSettings),
        .target(name: "LabKit", dependencies: ["ClusterSim", "ClusterProtocols",
                                              .product(name: "Yams", package: "Yams")]),
        .target(name: "Maelstrom", dependencies: ["ClusterSim"]),
        .target(name: "RealSystems", dependencies: ["ClusterSim", "ClusterProtocols", "Maelstrom"]),
        .target(name: "TerminalUI", dependencies: ["ClusterSim", "ClusterProtocols", "LabKit", "CNcurses"]),
        .target(name: "ExerciseKit", dependencies: ["ClusterSim", "ClusterProtocols", "LabKit"]),
        .target(name: "ExerciseRunner", dependencies: ["ExerciseKit", "TerminalUI"]),
        .target(name: "ExerciseReference", dependencies: ["ExerciseKit"], path: "Instructors/exercises",
                exclude: ["README.md"]),
        .executableTarget(name: "clusterlab",
                          dependencies: ["ClusterSim", "ClusterProtocols", "LabKit", "TerminalUI", "ExerciseKit", "Maelstrom", "RealSystems",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(name: "TestSupport", dependencies: ["ClusterSim"], path: "Tests/TestSupport"),
        .testTarget(name: "ClusterSimTests", dependencies: ["ClusterSim", "ClusterProtocols", "TestSupport"]),
        .testTarget(name: "ClusterProtocolsTests", dependencies: ["ClusterSim", "ClusterProtocols", "TestSupport"]),
        .testTarget(name: "LabKitTests", dependencies: ["LabKit", "Maelstrom", "TestSupport"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TestSupport"]),
        .testTarget(name: "ExerciseKitTests", dependencies: ["ExerciseKit", "ExerciseReference", "TestSupport"]),
        .testTarget(name: "MaelstromTests", dependencies: ["Maelstrom", "ClusterSim", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "RealSystemsTests", dependencies: ["RealSystems", "ClusterSim", "Maelstrom", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "LabKit", "ClusterSim", "ExerciseKit"]),
    ],
    swiftLanguageModes: [.v6]
)
