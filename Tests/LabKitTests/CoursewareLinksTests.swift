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

    /// Lab ids a note names (`lab open ID`, or a backticked word starting with
    /// a lab topic's prefix such as `cap-`) and Labs/ or Courseware/ paths exist.
    @Test(arguments: notes)
    func labIdsAndFilesANoteNamesExist(_ note: String) throws {
        let text = try String(contentsOfFile: Self.root.appendingPathComponent("Courseware/\(note)").path, encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        let ids = Set(LabLibrary(root: Self.root.appendingPathComponent("Labs")).entries.map(\.id))
        let prefixes = Set(ids.compactMap { $0.split(separator: "-").first.map { "\($0)-" } })
        var named = try matches(#"lab (?:play|open)\s+([a-z0-9-]+)"#, in: text)
        named += try matches(#"`([a-z]+-[a-z0-9-]+)`"#, in: text)
            .filter { word in prefixes.contains { word.hasPrefix($0) } && !Self.notLabs.contains(word) }
        for id in named { #expect(ids.contains(id), "\(note): no lab '\(id)'") }
        let paths = try matches(#"((?:Labs|Courseware)/[A-Za-z0-9_./-]+\.(?:yaml|md))"#, in: text)
        for path in paths where !Self.placeholders.contains(where: path.contains) {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path), "\(note): no file \(path)")
        }
    }

    /// Every `FILE.md#anchor` in the notes, the lab files and the READMEs
    /// names a heading of FILE as GitHub renders it, so a lab's "read more"
    /// link lands on its section rather than the top of the page.
    @Test func everyAnchorNamesAHeading() throws {
        for (file, target, anchor) in try AnchoredLinks.all(under: Self.root) {
            let url = Self.root.appendingPathComponent(target)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                Issue.record("\(file): links to \(target)#\(anchor), and there is no \(target)"); continue
            }
            let slugs = MarkdownHeadings.slugs(in: text)
            #expect(slugs.contains(anchor), "\(file): \(target)#\(anchor) names no heading (headings: \(slugs.joined(separator: " ")))")
        }
    }

    /// The slug rules the anchor check relies on, and proof that it can fail.
    @Test func slugsFollowGitHub() throws {
        let text = "# Raft\n```\n# not a heading\n```\n## Partitions and the stale leader\n## PreVote & CheckQuorum\n## Log\n## Log\n"
        #expect(MarkdownHeadings.slugs(in: text) == ["raft", "partitions-and-the-stale-leader", "prevote--checkquorum", "log", "log-1"])
        #expect(!MarkdownHeadings.slugs(in: text).contains("partitions"))
    }

    /// Notes send students to the interface (`clusterlab lab open ID`), where
    /// a lab asks before it tells; `lab play` is the authors' headless runner.
    @Test(arguments: notes.filter { $0 != "instructor-guide.md" && !LabOutcomeLeakTests.rewrittenElsewhere.contains($0) })
    func aNotePointsToLabOpen(_ note: String) throws {
        let text = try String(contentsOfFile: Self.root.appendingPathComponent("Courseware/\(note)").path, encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        #expect(try matches(#"(lab play)"#, in: text).isEmpty, "\(note) points students to `lab play`; use `clusterlab lab open ID`")
    }

    @Test func theCapNoteNamesBothLabs() throws {
        let text = try String(contentsOfFile: Self.root.appendingPathComponent("Courseware/cap-pacelc.md").path, encoding: .utf8)
        #expect(text.contains("`cap-cp-vs-ap`") && text.contains("`cap-tunable-consistency`"))
    }
}

/// GitHub's heading anchors: lower case, punctuation other than `-` and `_`
/// dropped, each space a `-`, and `-1`, `-2`… on repeats. Headings inside
/// code fences are not headings.
enum MarkdownHeadings {
    static func slugs(in text: String) -> [String] {
        var seen: [String: Int] = [:]
        var slugs: [String] = []
        var inFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") || line.hasPrefix("~~~") { inFence.toggle(); continue }
            guard !inFence, line.hasPrefix("#") else { continue }
            let title = line.drop { $0 == "#" }
            guard title.first == " " else { continue }
            let base = String(title.trimmingCharacters(in: .whitespaces).lowercased()
                .filter { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" }
                .map { $0 == " " ? "-" : $0 })
            let n = seen[base, default: 0]
            seen[base] = n + 1
            slugs.append(n == 0 ? base : "\(base)-\(n)")
        }
        return slugs
    }
}

/// Links with an anchor in the shipped text: `Courseware/x.md#a` (from the
/// package root), `](x.md#a)` (beside the file) and `](#a)` (the file itself).
enum AnchoredLinks {
    static func all(under root: URL) throws -> [(file: String, target: String, anchor: String)] {
        let fm = FileManager.default
        var files = ["README.md", "Labs/README.md"]
        for dir in ["Courseware", "Labs"] {
            let found = fm.enumerator(atPath: root.appendingPathComponent(dir).path)?.compactMap { $0 as? String } ?? []
            files += found.filter { $0.hasSuffix(".md") || $0.hasSuffix(".yaml") }.map { "\(dir)/\($0)" }
        }
        let fromRoot = try NSRegularExpression(pattern: #"((?:Courseware|Labs)/[A-Za-z0-9_./-]+\.md)#([A-Za-z0-9_-]+)"#)
        let relative = try NSRegularExpression(pattern: #"\]\(([A-Za-z0-9_./-]*)#([A-Za-z0-9_-]+)\)"#)
        var links: [(String, String, String)] = []
        for file in Set(files).sorted() {
            guard let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) else { continue }
            let range = NSRange(text.startIndex..., in: text)
            func group(_ m: NSTextCheckingResult, _ i: Int) -> String { Range(m.range(at: i), in: text).map { String(text[$0]) } ?? "" }
            for m in fromRoot.matches(in: text, range: range) { links.append((file, group(m, 1), group(m, 2))) }
            for m in relative.matches(in: text, range: range) where !group(m, 1).hasPrefix("http") {
                let path = group(m, 1)
                let dir = (file as NSString).deletingLastPathComponent
                let target = path.isEmpty ? file : (dir.isEmpty ? path : "\(dir)/\(path)")
                if !path.hasPrefix("Courseware/") && !path.hasPrefix("Labs/") { links.append((file, target, group(m, 2))) }
            }
        }
        return links
    }
}
