import ClusterSim

/// Seeds for randomised tests. `CLUSTERLAB_SEED=n` replays one seed;
/// `CLUSTERLAB_SEEDS=k` widens the sweep.
public enum TestSeeds {
    public static func sweep(_ count: Int, base: UInt64 = 1) -> [UInt64] {
        if let one = ProcessInfoShim.env("CLUSTERLAB_SEED"), let s = UInt64(one) { return [s] }
        let n = ProcessInfoShim.env("CLUSTERLAB_SEEDS").flatMap(Int.init) ?? count
        return (0..<UInt64(n)).map { base &+ $0 }
    }
}

import Foundation
enum ProcessInfoShim {
    static func env(_ name: String) -> String? { ProcessInfo.processInfo.environment[name] }
}
