import ClusterSim
import Foundation
import Testing
import TestSupport
@testable import LabKit

/// Shipped labs on real clusters (`Labs/real/`, `protocol: real-…`) are
/// played through the built clusterlab, which has the real systems (this
/// test process does not): to full score with the reference answers, and
/// to less with a wrong first prediction (the play stops at the first step
/// without an answer, so that run is short). Skipped with a printed reason
/// where real clusters cannot run.
@Suite(.serialized) struct RealShippedLabTests {
    /// False for a lab that runs a real cluster (ShippedLabTests leaves its plays to this suite).
    static func playsInProcess(_ path: String) -> Bool { realSystem(path) == nil }

    /// The real system a lab file's scenario runs (`haproxy` for `protocol: real-haproxy`).
    static func realSystem(_ path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let range = text.range(of: #"protocol: real-[a-z]+"#, options: .regularExpression) else { return nil }
        return String(text[range].dropFirst("protocol: real-".count))
    }

    static var labs: [String] { ShippedLabTests.labs.filter { realSystem($0) != nil } }

    static let servers = ["etcd": "etcd", "redis": "redis-server", "haproxy": "haproxy", "zookeeper": "java"]

    func play(_ path: String, answers: String) throws -> Subprocess.Result {
        let bin = try #require(BuiltBinary.clusterlab)
        return try Subprocess.run(bin.path, ["lab", "play", path, "--answers", answers], limit: 600)
    }

    @Test(arguments: labs)
    func aRealLabPlaysToFullScoreWithItsAnswersAndLessWithAWrongOne(_ path: String) throws {
        let system = try #require(Self.realSystem(path))
        let host = RealHostSupport.check(system, server: Self.servers[system] ?? system)
        guard host.ok else { print("skipped \(path): real \(system): \(host.reason)"); return }
        let before = RealHostSupport.namespaces()
        let lab = try LabLoader.load(SourceText(name: path, text: String(contentsOfFile: path, encoding: .utf8)))
        let r = try play(path, answers: LabLibrary.answersPath(for: path))
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").last == "score=\(lab.maxScore)/\(lab.maxScore)", "\(r.stdout)")
        #expect(!r.stdout.contains("PROBLEM"), "\(r.stdout)")

        // The first prediction answered with a choice the run did not bear out.
        let first = try #require(lab.steps.first { if case .predict = $0.kind { return true }; return false })
        guard case .predict(let p) = first.kind, case .choice(let options) = p.key, let id = first.id else { return }
        let reference = try String(contentsOfFile: LabLibrary.answersPath(for: path), encoding: .utf8)
        let given = reference.range(of: #"\#(id): ([a-z])"#, options: .regularExpression).map { reference[$0].last! } ?? "a"
        let wrong = (0..<options.count).map { Character(UnicodeScalar(UInt8(97 + $0))) }.first { $0 != given }!
        let sheet = FileManager.default.temporaryDirectory.appendingPathComponent("wrong-\(UUID().uuidString).answers.yaml")
        try "lab: \(lab.id)\nanswers:\n  \(id): \(wrong)\n".write(to: sheet, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: sheet) }
        let w = try play(path, answers: sheet.path)
        let score = w.stdout.split(separator: "\n").last { $0.hasPrefix("score=") }
        #expect(score != nil && score != "score=\(lab.maxScore)/\(lab.maxScore)", "\(w.stdout)\n\(w.stderr)")
        let left = RealHostSupport.leftBehind(since: before)
        #expect(left.isEmpty, "left behind: \(left)")
    }
}
