import Testing
import Foundation
import TestSupport
@testable import LabKit

/// The CAP, consistency-model and quorum notes name labs by id and files by
/// path; renaming either must not leave a dead pointer.
@Suite struct ConsistencyNotesLinksTests {
    static let notes = ["cap-pacelc.md", "consistency-models.md", "quorums.md"]
    static let root = BuiltBinary.packageRoot

    func matches(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test(arguments: notes)
    func labsAndFilesANoteNamesExist(_ note: String) throws {
        let text = try String(contentsOfFile: Self.root.appendingPathComponent("Courseware/\(note)").path, encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        let ids = Set(LabLibrary(root: Self.root.appendingPathComponent("Labs")).entries.map(\.id))
        for id in try matches(#"`(cap-[a-z0-9-]+)`"#, in: text) { #expect(ids.contains(id), "\(note): no lab '\(id)'") }
        let paths = try matches(#"((?:Labs|Courseware)/[A-Za-z0-9_./-]+\.(?:yaml|md))"#, in: text)
        #expect(!paths.isEmpty, "\(note) points at another note or a scenario")
        for path in paths {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path), "\(note): no file \(path)")
        }
    }

    @Test func theCapNoteNamesBothLabs() throws {
        let text = try String(contentsOfFile: Self.root.appendingPathComponent("Courseware/cap-pacelc.md").path, encoding: .utf8)
        #expect(text.contains("`cap-cp-vs-ap`") && text.contains("`cap-tunable-consistency`"))
    }
}
