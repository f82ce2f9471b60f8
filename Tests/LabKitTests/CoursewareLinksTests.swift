import Testing
import Foundation
import TestSupport
@testable import LabKit

/// The replication, sharding and failure-detection notes point at labs by id
/// and at files by path; renaming either must not leave a dead pointer.
@Suite struct CoursewareLinksTests {
    static let notes = ["partitioning.md", "consistent-hashing.md", "crdts.md", "gossip.md", "failure-detection.md"]
    static let root = BuiltBinary.packageRoot

    /// Every match of `pattern`'s first group in `text`.
    func matches(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test(arguments: notes)
    func labIdsAndFilesANoteNamesExist(_ note: String) throws {
        let text = try String(contentsOfFile: Self.root.appendingPathComponent("Courseware/\(note)").path, encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        let ids = Set(LabLibrary(root: Self.root.appendingPathComponent("Labs")).entries.map(\.id))
        let named = try matches(#"lab play\s+([a-z0-9-]+)"#, in: text)
        #expect(!named.isEmpty, "\(note) names a lab to try")
        for id in named { #expect(ids.contains(id), "\(note): no lab '\(id)'") }
        for path in try matches(#"((?:Labs|Courseware)/[A-Za-z0-9_./-]+\.(?:yaml|md))"#, in: text) {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path), "\(note): no file \(path)")
        }
    }
}
