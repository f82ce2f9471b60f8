import Testing
import Foundation
import TestSupport
@testable import LabKit

/// Every note in Courseware/ points at labs by id and at files by path;
/// renaming either must not leave a dead pointer.
@Suite struct CoursewareLinksTests {
    static let root = BuiltBinary.packageRoot
    static let notes: [String] = {
        let dir = root.appendingPathComponent("Courseware").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
    }()

    /// Backticked words that start like a lab id but name something else.
    static let notLabs: Set<String> = ["raft-rs"]
    /// Paths in the instructor guide's how-to that stand for the reader's own files.
    static let placeholders = ["TOPIC", "mytopic", "my-lab"]

    /// Every match of `pattern`'s first group in `text`.
    func matches(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test func theNotesAreFound() {
        #expect(Self.notes.count >= 15, "Courseware notes: \(Self.notes)")
    }

    /// Lab ids a note names (`lab play ID`, or a backticked word starting with
    /// a lab topic's prefix such as `cap-`) and Labs/ or Courseware/ paths exist.
    @Test(arguments: notes)
    func labIdsAndFilesANoteNamesExist(_ note: String) throws {
        let text = try String(contentsOfFile: Self.root.appendingPathComponent("Courseware/\(note)").path, encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        let ids = Set(LabLibrary(root: Self.root.appendingPathComponent("Labs")).entries.map(\.id))
        let prefixes = Set(ids.compactMap { $0.split(separator: "-").first.map { "\($0)-" } })
        var named = try matches(#"lab play\s+([a-z0-9-]+)"#, in: text)
        named += try matches(#"`([a-z]+-[a-z0-9-]+)`"#, in: text)
            .filter { word in prefixes.contains { word.hasPrefix($0) } && !Self.notLabs.contains(word) }
        for id in named { #expect(ids.contains(id), "\(note): no lab '\(id)'") }
        let paths = try matches(#"((?:Labs|Courseware)/[A-Za-z0-9_./-]+\.(?:yaml|md))"#, in: text)
        for path in paths where !Self.placeholders.contains(where: path.contains) {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path), "\(note): no file \(path)")
        }
    }

    @Test func theCapNoteNamesBothLabs() throws {
        let text = try String(contentsOfFile: Self.root.appendingPathComponent("Courseware/cap-pacelc.md").path, encoding: .utf8)
        #expect(text.contains("`cap-cp-vs-ap`") && text.contains("`cap-tunable-consistency`"))
    }
}
