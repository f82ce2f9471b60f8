import Foundation
import ClusterSim

/// Reads a file a person gave ClusterLab (a scenario, a lab, an answers
/// file, a history), refusing one larger than its kind allows before
/// reading it all: a stray 50 MB file gets a one-line error, not gigabytes of
/// parsing. Every file-reading command goes through here.
public enum InputFile {
    /// Scenario, lab and answers files: about 100 times the largest shipped
    /// lab (11 KB). YAML parsing costs about 60 bytes of memory per byte of
    /// text (linear, measured), so this bounds a load to tens of megabytes.
    public static let documentLimit = 1 << 20
    /// Client histories for the linearizability checker (one short line per operation).
    public static let historyLimit = 64 << 20

    /// A file that could not be read, or was too large, in words that name it.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// The bytes of `path`, at most `limit` of them, or a `Problem` naming the
    /// path. Reads through a handle with a cap, so a device or a pipe that
    /// never ends (`/dev/zero`) is refused as well as a large regular file.
    public static func bytes(_ path: String, limit: Int) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Problem(path: path, message: "no such file")
        }
        if isDirectory.boolValue { throw Problem(path: path, message: "this is a folder, not a file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Problem(path: path, message: "cannot read the file (permission denied?)")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() }
        catch { throw Problem(path: path, message: "cannot read the file: \(error.localizedDescription)") }
        if data.count > limit {
            throw Problem(path: path, message: "the file is larger than \(describe(limit)), the limit for this kind of file")
        }
        return data
    }

    /// The text of `path`, which must be UTF-8, as a `SourceText` for located
    /// errors; throws `Problem` or (not UTF-8) a `SourceError`.
    public static func text(_ path: String, limit: Int = documentLimit) throws -> SourceText {
        let data = try bytes(path, limit: limit)
        guard let text = String(data: data, encoding: .utf8) else {
            throw SourceError(file: path, line: 1, column: 1, message: "the file is not UTF-8 text")
        }
        return SourceText(name: path, text: text)
    }

    static func describe(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
