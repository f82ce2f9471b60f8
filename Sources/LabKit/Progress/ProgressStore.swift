import Foundation

/// Where progress lives (`$XDG_DATA_HOME/clusterlab/progress.json`, by
/// default `~/.local/share/clusterlab/`) and how it is written: to a
/// temporary file in the same folder, flushed, then renamed over the old one,
/// so a crash or kill mid-save leaves either the old file or the new one,
/// never half of one. A file that cannot be read is moved aside (never
/// silently replaced) and reported; one that exists but cannot be read, or
/// comes from a newer version, is left alone and never saved over.
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

    /// Why progress cannot be used: it is never overwritten then.
    public enum Problem: Error, CustomStringConvertible, Equatable {
        case unreadable(path: String, reason: String)
        case newerVersion(Int)
        case newerFile(path: String, version: Int)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason):
                return "\(path): cannot read your progress (\(reason)); it was left untouched: fix its permissions and try again"
            case .newerVersion(let v):
                return "written by a newer ClusterLab (format version \(v); this one reads up to \(StudentProgress.currentVersion))"
            case .newerFile(let path, let v):
                return "\(path): written by a newer ClusterLab (format version \(v); this one reads up to \(StudentProgress.currentVersion)); it was left untouched: use the newer ClusterLab"
            }
        }
    }

    public enum LoadResult {
        case fresh(StudentProgress)
        case loaded(StudentProgress)
        /// The file was not valid progress; it was moved to `keptAt` and a fresh record started.
        case recovered(StudentProgress, keptAt: URL, problem: String)
        /// The file exists but cannot be used (unreadable, or from a newer
        /// version). It is left as it is, and `save` refuses to replace it.
        case unusable(Problem)

        /// The progress to show; empty when `unusable` (never to be saved over the file).
        public var progress: StudentProgress {
            switch self {
            case .fresh(let p), .loaded(let p), .recovered(let p, _, _): return p
            case .unusable: return StudentProgress()
            }
        }

        /// The progress, or the problem that makes it unusable.
        public func usable() throws -> StudentProgress {
            if case .unusable(let problem) = self { throw problem }
            return progress
        }
    }

    /// Reads the progress file. Temporary files left by a save that was
    /// killed are removed first; a file that is not valid progress is set
    /// aside under a name no other set-aside file has.
    public func load() -> LoadResult {
        removeStaleTemporaryFiles()
        switch read() {
        case .absent: return .fresh(StudentProgress())
        case .unusable(let problem): return .unusable(problem)
        case .progress(let p, _): return .loaded(p)
        case .invalid(let problem):
            guard let aside = setAside() else {
                return .unusable(.unreadable(path: file.path, reason: "not valid progress (\(problem)) and it cannot be moved aside"))
            }
            return .recovered(StudentProgress(), keptAt: aside, problem: problem)
        }
    }

    enum FileState {
        case absent
        case unusable(Problem)
        case invalid(String)
        /// With the id as stored (nil in a file from before ids).
        case progress(StudentProgress, storedID: String?)
    }

    private struct StoredID: Decodable { var id: String? }

    /// What is on disk now, touching nothing.
    func read() -> FileState {
        var info = stat()
        if stat(file.path, &info) != 0 && errno == ENOENT { return .absent }
        let data: Data
        do { data = try readAll(file.path) }
        catch { return .unusable(.unreadable(path: file.path, reason: "\(error)")) }
        do {
            let progress = try JSONDecoder().decode(StudentProgress.self, from: data)
            return .progress(progress, storedID: (try? JSONDecoder().decode(StoredID.self, from: data))?.id)
        }
        catch ProgressStore.Problem.newerVersion(let v) { return .unusable(.newerFile(path: file.path, version: v)) }
        catch { return .invalid("\(error)") }
    }

    /// The file's bytes, or the system's reason they cannot be read (which
    /// `FileManager.contents` would hide by returning nil).
    func readAll(_ path: String) throws -> Data {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ReadFailure(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return data }
            if n < 0 { if errno == EINTR { continue }; throw ReadFailure(reason: String(cString: strerror(errno))) }
            data.append(contentsOf: buffer[0..<n])
        }
    }

    struct ReadFailure: Error, CustomStringConvertible { var reason: String; var description: String { reason } }

    /// Moves the invalid file to `progress.corrupt-SECONDS[-N].json`. A hard
    /// link fails if the name is taken, so two set-asides in the same second
    /// get different names and neither replaces the other.
    func setAside() -> URL? {
        let stamp = Int(Date().timeIntervalSince1970)
        for n in 1...10_000 {
            let aside = directory.appendingPathComponent("progress.corrupt-\(stamp)\(n == 1 ? "" : "-\(n)").json")
            if link(file.path, aside.path) == 0 {
                unlink(file.path)
                return aside
            }
            if errno != EEXIST { return nil }
        }
        return nil
    }

    /// Removes `.progress.PID.tmp` files whose process is gone (a save killed
    /// half-way); a live process's file is its save in progress and stays.
    func removeStaleTemporaryFiles() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(".progress.") && name.hasSuffix(".tmp") {
            guard let pid = Int32(name.dropFirst(".progress.".count).dropLast(".tmp".count)) else { continue }
            if pid != getpid(), pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH) {
                unlink(directory.appendingPathComponent(name).path)
            }
        }
    }

    /// Loads, changes and saves the progress in one go; throws (saving
    /// nothing) when the file is unusable.
    @discardableResult
    public func update(_ change: (inout StudentProgress) -> Void) throws -> LoadResult {
        let loaded = load()
        var progress = try loaded.usable()
        change(&progress)
        try save(progress)
        return loaded
    }

    /// Writes atomically: temporary file, fsync, rename.
    public func save(_ progress: StudentProgress) throws {
        try save(progress, dyingAfter: nil)
    }

    /// `dyingAfter` stops the write after that many bytes, leaving the
    /// temporary file half-written and never renamed, as a kill would
    /// (tests use it to prove the old progress survives).
    func save(_ progress: StudentProgress, dyingAfter bytes: Int?) throws {
        // Never replace what could not be read: it may hold everything the student did.
        var progress = progress
        switch read() {
        case .unusable(let problem): throw problem
        case .progress(_, let stored): progress.id = stored ?? progress.id  // one id per file, whoever loaded it first
        case .invalid: _ = setAside()  // appeared since it was loaded: keep it too
        case .absent: break
        }
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
