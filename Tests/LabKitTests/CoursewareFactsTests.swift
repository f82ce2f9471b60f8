import Testing
import Foundation
import ClusterSim
@testable import ClusterProtocols
import TestSupport
@testable import LabKit

/// Claims in the notes and labs that can be checked mechanically (issue 11's
/// "facts to correct"): arithmetic, the commands they tell students to type,
/// and what a lab says about its own configuration.
@Suite struct CoursewareFactsTests {
    static let root = BuiltBinary.packageRoot

    func text(_ path: String) throws -> String {
        try String(contentsOfFile: Self.root.appendingPathComponent(path).path, encoding: .utf8)
    }

    func groups(_ pattern: String, in text: String) throws -> [[String]] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            (1..<m.numberOfRanges).map { Range(m.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    /// Retries across layers multiply: L layers each making 1 + R attempts
    /// send (1 + R)^L to the bottom (SRE book ch. 22: 3 retries at 3 layers, 64).
    @Test func retriesAcrossLayersMultiply() throws {
        let note = try text("Courseware/backpressure.md").replacingOccurrences(of: "\n", with: " ")
        let words = ["two": 2, "three": 3, "four": 4]
        let claims = try groups(#"(two|three|four) layers each retrying (\d+) times send (?:[\d × ]+ = )?(\d+) attempts"#, in: note)
        #expect(!claims.isEmpty, "backpressure.md no longer states the layered-retry sum in the checked form")
        for c in claims {
            let layers = try #require(words[c[0]]), retries = try #require(Int(c[1])), total = try #require(Int(c[2]))
            var expected = 1
            for _ in 0..<layers { expected *= retries + 1 }
            #expect(total == expected, "\(c[0]) layers retrying \(retries) times: \(expected) attempts, the note says \(total)")
        }
    }

    /// Every `clusterlab WORD` the notes, labs and READMEs tell a student to
    /// type is one of the program's commands (issue 11: `clusterlab hashing`).
    @Test func everyCommandNamedExists() throws {
        let help = try BuiltBinary.run(["--help"])
        #expect(help.status == 0)
        let commands = Set(try groups(#"(?m)^  ([a-z][a-z-]*)\s"#, in: help.stdout.components(separatedBy: "SUBCOMMANDS:").last ?? "").map { $0[0] })
        #expect(commands.contains("hash") && commands.contains("lab"), "subcommands parsed from --help: \(commands.sorted())")
        let labHelp = try BuiltBinary.run(["lab", "--help"])
        let labCommands = Set(try groups(#"(?m)^  ([a-z][a-z-]*)\s"#, in: labHelp.stdout.components(separatedBy: "SUBCOMMANDS:").last ?? "").map { $0[0] })
        #expect(labCommands.contains("open") && labCommands.contains("play"), "lab subcommands: \(labCommands.sorted())")

        var files = ["README.md", "Labs/README.md"]
        for dir in ["Courseware", "Labs"] {
            let found = FileManager.default.enumerator(atPath: Self.root.appendingPathComponent(dir).path)?.compactMap { $0 as? String } ?? []
            // Not build products: `exercise check` builds Labs/Exercises in place (.build/*.yaml name other tools).
            files += found.filter { ($0.hasSuffix(".md") || $0.hasSuffix(".yaml")) && !$0.split(separator: "/").contains(".build") }
                .map { "\(dir)/\($0)" }
        }
        for file in Set(files).sorted() {
            let body = try text(file).replacingOccurrences(of: "\n", with: " ")
            for named in try groups(#"clusterlab\s+([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?"#, in: body) {
                #expect(commands.contains(named[0]), "\(file): `clusterlab \(named[0])` is not a command (\(commands.sorted().joined(separator: " ")))")
                if named[0] == "lab", !named[1].isEmpty {
                    #expect(labCommands.contains(named[1]), "\(file): `clusterlab lab \(named[1])` is not a command")
                }
            }
        }
    }

    /// A false claim issue 11 found, as the words a sentence stating it would
    /// contain: such a sentence must deny it (not, no, never, n't, instead).
    /// Parentheses (definitions, citations, asides) are left out. Words with
    /// capitals match case-sensitively (`WAIT`, the Redis command).
    struct FalseClaim: Sendable, CustomStringConvertible {
        let name: String, source: String
        /// Every group must be matched by one of its words (lower case).
        let mentions: [[String]]
        var description: String { name }
    }

    static let falseClaims: [FalseClaim] = [
        FalseClaim(name: "Cassandra uses version vectors", source: "Cassandra docs, \"Dynamo\": timestamps, last write wins",
                   mentions: [["cassandra"], ["version vector", "vector clock", "sibling"]]),
        FalseClaim(name: "Cassandra with vnodes has a fixed number of partitions", source: "DDIA ch. 6, partitioning proportionally to nodes",
                   mentions: [["cassandra"], ["vnode"], ["fixed"]]),
        FalseClaim(name: "ZooKeeper's sync + read is linearizable", source: "ZooKeeper Internals, Consistency Guarantees",
                   mentions: [["zookeeper"], ["sync"]]),
        FalseClaim(name: "WAIT makes Redis Cluster strongly consistent", source: "Redis docs, Scaling with Redis Cluster",
                   mentions: [["WAIT"]]),
        FalseClaim(name: "the timeout trades completeness against accuracy", source: "Chandra and Toueg 1996",
                   mentions: [["completeness"], ["timeout"], ["against", "trade", "pull"]]),
    ]

    /// Every sentence of the notes, quizzes and labs, flattened to one line.
    func sentences() throws -> [(file: String, sentence: String)] {
        var files: [String] = []
        for dir in ["Courseware", "Labs"] {
            let found = FileManager.default.enumerator(atPath: Self.root.appendingPathComponent(dir).path)?.compactMap { $0 as? String } ?? []
            // Not build products: `exercise check` builds Labs/Exercises in place (.build/*.yaml name other tools).
            files += found.filter { ($0.hasSuffix(".md") || $0.hasSuffix(".yaml")) && !$0.split(separator: "/").contains(".build") }
                .map { "\(dir)/\($0)" }
        }
        return try files.sorted().flatMap { file in
            // Paragraphs end at blank lines and headings; a table row's cells
            // stand alone; a YAML key (`- text:`, `feedback:`) starts a new one.
            var chunks: [String] = [], paragraph: [String] = []
            for line in try text(file).components(separatedBy: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if line.range(of: #"^(- )?[a-z_]+:"#, options: .regularExpression) != nil {
                    chunks.append(paragraph.joined(separator: " "))
                    paragraph = [line]
                } else if line.isEmpty || line.hasPrefix("|") || line.hasPrefix("#") {
                    chunks.append(paragraph.joined(separator: " "))
                    paragraph = []
                    if line.hasPrefix("|") { chunks += line.split(separator: "|").map(String.init) }
                } else {
                    paragraph.append(line)
                }
            }
            chunks.append(paragraph.joined(separator: " "))
            return chunks.flatMap { $0.components(separatedBy: ". ") }.map { (file, $0) }
        }
    }

    @Test(arguments: falseClaims)
    func aFalseClaimIsOnlyEverDenied(_ claim: FalseClaim) throws {
        let denial = try NSRegularExpression(pattern: #"\b(not|no|never|instead)\b|n't\b"#)
        for (file, sentence) in try sentences() {
            var bare = sentence
            while let r = bare.range(of: #"\([^()]*\)"#, options: .regularExpression) { bare.removeSubrange(r) }
            let lower = bare.lowercased()
            guard claim.mentions.allSatisfy({ $0.contains { word in word == word.lowercased() ? lower.contains(word) : bare.contains(word) } }) else { continue }
            let denies = denial.firstMatch(in: lower, range: NSRange(lower.startIndex..., in: lower)) != nil
            #expect(denies, "\(file): \"\(sentence.prefix(240))\" reads as \"\(claim.name)\" (\(claim.source))")
        }
    }

    /// Labs fix their seed and their predictions hold at it; the READMEs must
    /// not suggest that other seeds should give the same answers.
    @Test func theReadmesDoNotSendReadersToOtherSeeds() throws {
        for file in ["README.md", "Labs/README.md"] {
            let body = try text(file).lowercased()
            for phrase in ["other seeds", "another seed", "several n", "--seed $s"] {
                #expect(!body.contains(phrase), "\(file) suggests trying other seeds (\"\(phrase)\")")
            }
        }
    }

    /// README's "Run it" opens what a newcomer came for, the interface's
    /// home screen, and shows the text-mode `run` after it.
    @Test func runItOpensTheInterfaceFirst() throws {
        let readme = try text("README.md")
        let section = try #require(readme.components(separatedBy: "## Run it").dropFirst().first?.components(separatedBy: "\n## ").first)
        let commands = try groups(#"(?m)^(swift run clusterlab.*)$"#, in: section).map { $0[0] }
        #expect(commands.first == "swift run clusterlab", "first command: \(commands)")
        #expect(commands.dropFirst().contains { $0.hasPrefix("swift run clusterlab run ") }, "then text mode: \(commands)")
    }

    /// raft-partitions says its stale leader is harmless because reads go
    /// through the log: its scenario must really run with `read_mode: log`.
    @Test func theStaleLeaderLabReadsThroughTheLog() throws {
        let path = Self.root.appendingPathComponent("Labs/raft/partitions.yaml").path
        let lab = try LabLoader.load(SourceText(name: path, text: String(contentsOfFile: path, encoding: .utf8)))
        let claims = lab.steps.contains { step in
            if case .predict(let p) = step.kind { return p.explanation?.contains("read_mode: log") == true }
            return false
        }
        #expect(claims, "the stale-commit explanation no longer names the read mode it depends on")
        #expect(try RaftProtocol.config(lab.scenario).readMode == .log)
    }
}
