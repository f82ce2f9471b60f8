import Foundation
import ClusterSim

/// The labs on disk: every `*.yaml` under the labs folder that has `steps:`
/// (scenario-only files and `*.answers.yaml` are not labs).
public struct LabLibrary {
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var title: String
        public var topic: String
        public var minutes: Int
        public var summary: String
        public var path: String
        /// Ids of the labs to do first.
        public var prerequisites: [String] = []
        /// How many steps the lab has.
        public var steps = 0
        /// The indexes of its questions and tasks (for "question 3 of 8").
        public var questions: [Int] = []

        /// "question 3 of 8" for a student at step `position`.
        public func question(at position: Int) -> (number: Int, of: Int) {
            (min(questions.filter { $0 < position }.count + 1, max(questions.count, 1)), questions.count)
        }
    }

    public let root: URL
    public private(set) var entries: [Entry] = []

    /// Labs under `root`, sorted by topic then file path.
    public init(root: URL) {
        self.root = root
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }
            .filter { $0.pathExtension == "yaml" && !$0.lastPathComponent.hasSuffix(".answers.yaml") }
            .sorted { $0.path < $1.path } ?? []
        for f in files {
            guard let source = try? InputFile.text(f.path), let header = try? Self.header(source) else { continue }
            var e = header
            e.path = f.path
            entries.append(e)
        }
        entries.sort { ($0.topic, $0.path) < ($1.topic, $1.path) }
    }

    /// The folder labs ship in: `$CLUSTERLAB_LABS`, else `Labs/` in the
    /// current folder or above the executable (a checkout's build folder).
    public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = environment["CLUSTERLAB_LABS"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Labs")
        if FileManager.default.fileExists(atPath: here.path) { return here }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("Labs")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return here
    }

    /// The lab with this id, or the file at this path.
    public func find(_ idOrPath: String) -> String? {
        if FileManager.default.fileExists(atPath: idOrPath) { return idOrPath }
        return entries.first { $0.id == idOrPath }?.path
    }

    /// A lab's reference answers. Shipped labs keep theirs out of the
    /// student's way, under `Instructors/answers/` beside `Labs/`
    /// (`Labs/raft/x.yaml` → `Instructors/answers/raft/x.answers.yaml`); a
    /// lab outside a `Labs/` folder keeps them beside it (`x.answers.yaml`).
    public static func answersPath(for labPath: String) -> String {
        let beside = String(labPath.dropLast(5)) + ".answers.yaml"
        let parts = URL(fileURLWithPath: labPath).standardizedFileURL.pathComponents
        guard let labs = parts.lastIndex(of: "Labs"), labs + 1 < parts.count else { return beside }
        var moved = Array(parts[..<labs]) + ["Instructors", "answers"] + Array(parts[(labs + 1)...])
        moved[moved.count - 1] = String(moved[moved.count - 1].dropLast(5)) + ".answers.yaml"
        let path = NSString.path(withComponents: moved)
        return FileManager.default.fileExists(atPath: path) || !FileManager.default.fileExists(atPath: beside) ? path : beside
    }

    /// A lab's id, title and topic without running its scenario.
    static func header(_ source: SourceText) throws -> Entry? {
        guard case .mapping(let m) = try YAMLField.document(source).node, m.keys.contains(where: { $0.string == "steps" }) else {
            return nil
        }
        let map = try YAMLField.document(source).mapping()
        return Entry(id: try map.required("id").string(), title: try map["title"]?.string() ?? "",
                     topic: try map["topic"]?.string() ?? "", minutes: try map["minutes"]?.int(in: 1...600) ?? 15,
                     summary: try map["summary"]?.string() ?? "", path: source.name,
                     prerequisites: try map["prerequisites"]?.sequence().map { try $0.string() } ?? [],
                     steps: try map["steps"]?.sequence().count ?? 0,
                     questions: try (map["steps"]?.sequence() ?? []).enumerated().compactMap { i, step in
                         let keys = (try? step.mapping().keys) ?? []
                         return keys.contains { ["ask", "predict", "task"].contains($0) } ? i : nil
                     })
    }
}
