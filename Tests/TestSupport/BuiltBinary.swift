import Foundation

/// The `clusterlab` executable built beside the test bundle, and a way to run
/// it as a person would from a shell (separate process, real exit code).
public enum BuiltBinary {
    /// Where `swift build`/`swift test` put the executable: the test runner's own folder.
    public static var clusterlab: URL? {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // Swift Testing on Linux runs from the .xctest bundle's folder.
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("clusterlab")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `clusterlab` with `arguments` and waits for it.
    public static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        guard let bin = clusterlab else {
            throw NSError(domain: "BuiltBinary", code: 1, userInfo: [NSLocalizedDescriptionKey:
                "the clusterlab executable was not found beside the test runner; run `swift build` first"])
        }
        let r = try Subprocess.run(bin.path, arguments, in: directory)
        return Result(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }

    /// The package's root folder (for shipped files such as Labs/).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A fresh temporary folder for a test.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
