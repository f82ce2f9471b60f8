import Foundation
import Testing
import TestSupport

/// Text from files reaches the terminal inert (issue 12): escape sequences,
/// C0 and C1 controls and bidirectional overrides in a lab or a scenario are
/// printed as `\x1b`, `\u{202E}`… by `lab play`, `labs`, `progress --export
/// csv`, text `run`, `export --format shiviz` and error messages; `labs`
/// prints every id whole.
@Suite struct TerminalTextTests {
    /// ESC, OSC 0 (window title) ended by BEL, C1 CSI, CR, a right-to-left override.
    static let hostile = #"\e]0;pwned\a \x9b31m \r \u202E"#
    static let longID = "replication-eventual-consistency-with-a-long-id"

    static func lab(in dir: URL) throws -> URL {
        let topic = dir.appendingPathComponent("labs/replication")
        try FileManager.default.createDirectory(at: topic, withIntermediateDirectories: true)
        let file = topic.appendingPathComponent("long.yaml")
        try """
            id: \(longID)
            title: "A title long enough to be cut in the listing \(hostile) end"
            topic: replication
            summary: "s"
            prerequisites: []
            minutes: 5
            scenario:
              protocol: gossip
              seed: 1
              nodes: 3
            steps:
              - say: "Narration \(hostile) end"
              - run:
                  for: 100ms

            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static func scenario(in dir: URL) throws -> URL {
        let file = dir.appendingPathComponent("hostile.yaml")
        try """
            protocol: gossip
            seed: 1
            nodes: 3
            until: 50ms
            actions:
              - {at: 10ms, request: {node: n1, command: "broadcast \(hostile)"}}

            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// No byte a terminal acts on: ESC, BEL, CR, C1, bidi overrides.
    static func expectInert(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let live = text.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
        }
        #expect(live.isEmpty, "\(what) printed \(live.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    func env(_ dir: URL) -> [String: String] {
        var e = ProcessInfo.processInfo.environment
        e["XDG_DATA_HOME"] = dir.appendingPathComponent("data").path
        e["CLUSTERLAB_LABS"] = dir.appendingPathComponent("labs").path
        e.removeValue(forKey: "TMUX")
        return e
    }

    func run(_ args: [String], _ dir: URL) throws -> Subprocess.Result {
        try Subprocess.run(try #require(BuiltBinary.clusterlab).path, args, environment: env(dir))
    }

    @Test func labsPrintsIdsWholeAndTitlesInert() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        _ = try Self.lab(in: dir)
        let r = try run(["labs"], dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(Self.longID + " "), "the id is printed whole:\n\(r.stdout)")
        #expect(r.stdout.contains("…"), "the title is cut with an ellipsis")
        Self.expectInert(r.stdout, "labs")
    }

    @Test func labPlayAndProgressCSVAreInert() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        let lab = try Self.lab(in: dir)
        let play = try run(["lab", "play", lab.path, "--save-progress"], dir)
        #expect(play.status == 0, "\(play.stderr)")
        #expect(play.stdout.contains(#"Narration \x1b]0;pwned\x07 \u{9B}31m \x0d \u{202E} end"#), "\(play.stdout)")
        Self.expectInert(play.stdout, "lab play")
        let csv = try run(["progress", "--export", "csv"], dir)
        #expect(csv.status == 0 && csv.stdout.contains(Self.longID), "\(csv.stdout)\(csv.stderr)")
        #expect(csv.stdout.contains(#"\x1b]0;pwned"#))
        Self.expectInert(csv.stdout, "progress --export csv")
    }

    @Test func runAndShiVizExportAreInert() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        let scenario = try Self.scenario(in: dir).path
        let text = try run(["run", scenario], dir)
        #expect(text.stdout.contains(#"broadcast \x1b]0;pwned\x07"#), "\(text.stdout)\(text.stderr)")
        Self.expectInert(text.stdout, "run")
        let shiviz = try run(["export", scenario, "--format", "shiviz"], dir)
        #expect(shiviz.status == 0 && shiviz.stdout.contains(#"\x1b]0;pwned"#), "\(shiviz.stdout)\(shiviz.stderr)")
        Self.expectInert(shiviz.stdout, "export --format shiviz")
    }

    @Test func errorMessagesQuoteTheLineInert() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.yaml")
        try "protocol: gossip\nnodes: 3\nbogus: a\u{1B}]0;pwned\u{07}b\u{202E}\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try run(["run", bad.path], dir)
        #expect(r.status == 2)
        Self.expectInert(r.stderr, "an error message")
    }
}
