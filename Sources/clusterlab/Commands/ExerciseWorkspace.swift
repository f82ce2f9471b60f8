import ExerciseKit
import Foundation
import LabKit

/// The exercises package on disk (Labs/Exercises, or `$CLUSTERLAB_EXERCISES`)
/// and how to build one exercise's runner from it. The build runs in its own
/// package, so a compile error there is the student's to fix and nothing else
/// of ClusterLab stops working.
struct ExerciseWorkspace {
    let folder: URL

    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> ExerciseWorkspace {
        if let dir = environment["CLUSTERLAB_EXERCISES"], !dir.isEmpty {
            return ExerciseWorkspace(folder: URL(fileURLWithPath: dir))
        }
        return ExerciseWorkspace(folder: LabLibrary.defaultRoot(environment: environment).appendingPathComponent("Exercises"))
    }

    /// The student's folder for an exercise.
    func folder(of e: ExerciseInfo) -> URL { folder.appendingPathComponent(e.folder) }

    /// A path as the student would type it from here.
    func shown(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let p = url.standardizedFileURL.path
        return p.hasPrefix(cwd) ? String(p.dropFirst(cwd.count)) : p
    }

    enum BuildOutcome {
        case built(binary: String, seconds: Double)
        /// The compiler's errors, `file:line:column: error: …` with the source lines it shows.
        case failed(errors: String)
    }

    /// Builds the exercise's runner (`exercise-ID`), quietly; the log goes to
    /// `.build/clusterlab-build.log` inside the package.
    func build(_ e: ExerciseInfo, release: Bool) throws -> BuildOutcome {
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) else {
            throw Spawn.Failure(description: "no exercises package at \(shown(folder)) (Package.swift is missing); run from a ClusterLab checkout or set CLUSTERLAB_EXERCISES")
        }
        let buildDir = folder.appendingPathComponent(".build")
        try FileManager.default.createDirectory(at: buildDir, withIntermediateDirectories: true)
        let log = buildDir.appendingPathComponent("clusterlab-build.log").path
        let started = Date()
        let config = release ? "release" : "debug"
        let status = try Spawn.run("swift", ["build", "--package-path", folder.path, "-c", config, "--product", e.product],
                                   outputTo: log)
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard status == 0 else { return .failed(errors: compilerErrors(text)) }
        let binary = buildDir.appendingPathComponent("\(config)/\(e.product)").path
        return .built(binary: binary, seconds: Date().timeIntervalSince(started))
    }

    /// The errors of a build log with their source excerpts, paths shown from
    /// here; the log's tail when it has no compiler error (a manifest or link problem).
    func compilerErrors(_ log: String) -> String {
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var seen = Set<String>()
        var i = 0
        var errors = 0
        while i < lines.count {
            let line = lines[i]
            if line.contains(": error:") && !seen.contains(line) && errors < 20 {
                seen.insert(line)
                errors += 1
                out.append(relative(line))
                var j = i + 1
                while j < lines.count, Self.isExcerpt(lines[j]) { out.append(lines[j]); j += 1 }
                i = j
                continue
            }
            i += 1
        }
        if out.isEmpty {
            return lines.filter { !$0.hasPrefix("[") && !$0.contains("prohibited flag") }.suffix(30).joined(separator: "\n")
        }
        return out.joined(separator: "\n") + "\n\(errors) error\(errors == 1 ? "" : "s")"
    }

    /// `12 |     foo()` and `   |     `- error: …`: the compiler's source excerpt.
    static func isExcerpt(_ line: String) -> Bool {
        let t = line.drop { $0 == " " }
        let digits = t.prefix { $0.isNumber }
        return t.dropFirst(digits.count).drop { $0 == " " }.hasPrefix("|")
    }

    private func relative(_ line: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return line.hasPrefix(cwd) ? String(line.dropFirst(cwd.count)) : line
    }

    /// The student's Swift files with their sizes and modification times:
    /// what `watch` compares to notice a save.
    func fingerprint(_ e: ExerciseInfo) -> [String: String] {
        var out: [String: String] = [:]
        let dir = folder(of: e)
        guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey]) else { return out }
        for case let url as URL in walker where url.pathExtension == "swift" {
            let v = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
            out[url.path] = "\(v?.contentModificationDate?.timeIntervalSince1970 ?? 0)/\(v?.fileSize ?? 0)"
        }
        return out
    }
}
