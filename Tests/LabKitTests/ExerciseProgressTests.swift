import Foundation
import LabKit
import Testing

/// Exercise checks and hints live in the same progress file as labs and
/// reach both exports: the best graded check scores; ungraded ones never do.
@Suite struct ExerciseProgressTests {
    @Test func theBestGradedCheckScoresAndAnUngradedOneNever() throws {
        var r = ExerciseRecord(title: "Raft election", topic: "raft", maxPoints: 40)
        r.record(.init(at: 10, firstSeed: 1, seedCount: 50, tests: ["a": 10, "b": 0], graded: true))
        r.record(.init(at: 20, firstSeed: 1, seedCount: 3, tests: ["a": 10, "b": 30], graded: false))
        #expect(r.score == 10 && r.latest?.earned == 40 && r.checkCount == 2 && r.firstCheck == 10)
        r.record(.init(at: 30, firstSeed: 1, seedCount: 50, tests: ["a": 10, "b": 30], graded: true))
        r.record(.init(at: 40, firstSeed: 1, seedCount: 50, tests: ["a": 0, "b": 30], graded: true))
        #expect(r.score == 40 && r.completed && r.best?.at == 30 && r.latest?.at == 40)
    }

    @Test func checksAndHintsSurviveSavingAndReachTheExports() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ex-progress-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = ProgressStore(directory: dir)
        _ = try store.update { p in
            p.student = "s1"
            var r = ExerciseRecord(title: "Broadcast", topic: "gossip", maxPoints: 30)
            r.record(.init(at: 1_700_000_000, firstSeed: 1, seedCount: 50, tests: ["reach": 20, "efficient": 0], graded: true))
            r.hints = [1_700_000_100]
            p.exercises["broadcast"] = r
        }
        let loaded = try store.load().usable()
        #expect(loaded.exercises["broadcast"]?.score == 20 && loaded.exercises["broadcast"]?.hints.count == 1)
        let export = ProgressExport(loaded)
        #expect(export.exercises.map(\.id) == ["broadcast"] && export.exercises[0].seeds == "seeds 1–50")
        let rows = export.csv().split(separator: "\n").map(String.init)
        #expect(rows.contains("\"s1\",\"broadcast\",\"Broadcast\",\"gossip\",,,20,30,\"seeds 1–50\",1,\"2023-11-14T22:13:20Z\",\"2023-11-14T22:13:20Z\",false,,student,exercise,1"),
                "\(rows)")
        #expect(rows.contains { $0.hasPrefix("\"s1\",\"broadcast\",\"Broadcast\",\"gossip\",\"efficient\",,0,") })
    }
}
