import Foundation

/// A student's progress in every lab, saved so nothing they did is lost.
public struct StudentProgress: Codable, Sendable, Hashable {
    public struct LabRecord: Codable, Sendable, Hashable {
        public var title: String
        public var topic: String
        /// Index of the next step to do.
        public var position: Int
        /// Answers by step id, as given.
        public var responses: [String: String]
        public var score: Int
        public var maxScore: Int
        public var completed: Bool
        /// Seconds since 1970, when last saved.
        public var updated: Double
    }
    public var version = 1
    public var labs: [String: LabRecord] = [:]
    public init() {}
}

/// Where progress lives (`$XDG_DATA_HOME/clusterlab/progress.json`, by
/// default `~/.local/share/clusterlab/`) and how it is written: to a
/// temporary file in the same folder, flushed, then renamed over the old one,
/// so a crash or kill mid-save leaves either the old file or the new one,
/// never half of one. A file that cannot be read is moved aside (never
/// silently replaced) and reported.
public struct ProgressStore {
    public let directory: URL
    public var file: URL { directory.appendingPathComponent("progress.json") }

    public init(directory: URL) { self.directory = directory }

    /// The store for this user, from the environment.
    public static func forCurrentUser(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressStore {
        let base: URL
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { base = URL(fileURLWithPath: xdg) }
        else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home).appendingPathComponent(".local/share")
        }
        return ProgressStore(directory: base.appendingPathComponent("clusterlab"))
    }

    public enum LoadResult {
        case fresh(StudentProgress)
        case loaded(StudentProgress)
        /// The file was unreadable; it was moved to `keptAt` and a fresh record started.
        case recovered(StudentProgress, keptAt: URL, problem: String)

        public var progress: StudentProgress {
            switch self { case .fresh(let p), .loaded(let p), .recovered(let p, _, _): return p }
        }
    }

    public func load() -> LoadResult {
        guard let data = FileManager.default.contents(atPath: file.path) else { return .fresh(StudentProgress()) }
        do {
            let p = try JSONDecoder().decode(StudentProgress.self, from: data)
            return .loaded(p)
        } catch {
            let aside = directory.appendingPathComponent("progress.corrupt-\(Int(Date().timeIntervalSince1970)).json")
            try? FileManager.default.moveItem(at: file, to: aside)
            return .recovered(StudentProgress(), keptAt: aside, problem: "\(error)")
        }
    }

    /// Writes atomically: temporary file, fsync, rename.
    public func save(_ progress: StudentProgress) throws {
        try save(progress, dyingAfter: nil)
    }

    /// `dyingAfter` stops the write after that many bytes, leaving the
    /// temporary file half-written and never renamed, as a kill would
    /// (tests use it to prove the old progress survives).
    func save(_ progress: StudentProgress, dyingAfter bytes: Int?) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(progress)
        let temp = directory.appendingPathComponent(".progress.\(ProcessInfo.processInfo.processIdentifier).tmp")
        if let bytes {
            try writeDurably(data.prefix(bytes), to: temp)
            throw SimulatedKill()
        }
        try writeDurably(data, to: temp)
        guard rename(temp.path, file.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot replace \(file.path): \(String(cString: strerror(code)))"])
        }
    }

    /// Writes the bytes and flushes them to disk before returning.
    func writeDurably(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path]) }
        defer { close(fd) }
        try data.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = write(fd, buf.baseAddress! + off, buf.count - off)
                guard n > 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
                off += n
            }
        }
        guard fsync(fd) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
    }
}

/// Thrown where a test asked a save to die half-way.
struct SimulatedKill: Error {}

extension StudentProgress {
    /// What a student hands in: CSV with a header, or JSON.
    public func exportCSV() -> String {
        var out = "lab,title,topic,score,max,completed,position\n"
        for (id, r) in labs.sorted(by: { $0.key < $1.key }) {
            let q = { (s: String) in "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            out += "\(q(id)),\(q(r.title)),\(q(r.topic)),\(r.score),\(r.maxScore),\(r.completed),\(r.position)\n"
        }
        return out
    }
}
