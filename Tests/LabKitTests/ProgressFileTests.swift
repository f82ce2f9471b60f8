import Testing
import Foundation
import ClusterSim
import TestSupport
@testable import LabKit

/// Progress is never lost: a file that cannot be read or comes from a newer
/// version is left alone and never saved over, corrupt files set aside never
/// replace each other, fields this version does not know survive a save, and
/// a killed save's temporary file is cleaned up at the next start.
@Suite struct ProgressFileTests {
    func store() throws -> ProgressStore {
        let s = ProgressStore(directory: try BuiltBinary.temporaryDirectory())
        try FileManager.default.createDirectory(at: s.directory, withIntermediateDirectories: true)
        return s
    }

    func threeLabs() -> StudentProgress {
        var p = StudentProgress(id: "fixed-id")
        for id in ["a", "b", "c"] {
            p.labs[id] = .init(title: id, topic: "t", position: 4, steps: 4, responses: [:], score: 1, maxScore: 1,
                               completed: true, updated: 0)
        }
        return p
    }

    /// A save that would replace the file is refused.
    func expectSavesRefused(_ s: ProgressStore) {
        var one = StudentProgress()
        one.labs["d"] = .init(title: "d", topic: "t", position: 0, responses: [:], score: 0, maxScore: 1, completed: false, updated: 0)
        #expect(throws: ProgressStore.Problem.self) { try s.save(one) }
        #expect(throws: ProgressStore.Problem.self) { try s.update { $0.labs["d"] = one.labs["d"] } }
    }

    @Test func aFileThatCannotBeReadIsReportedAndNeverOverwritten() throws {
        let s = try store()
        try s.save(threeLabs())
        let original = try #require(FileManager.default.contents(atPath: s.file.path))
        // Root reads any file whatever its mode, so the test also runs as root
        // only where it can: mode 000 when not root.
        guard getuid() != 0 else { return }
        chmod(s.file.path, 0)
        defer { chmod(s.file.path, 0o644) }
        guard case .unusable(.unreadable(let path, let reason)) = s.load() else { Issue.record("an unreadable file was taken as empty"); return }
        #expect(path == s.file.path && reason.contains("ermission"))
        expectSavesRefused(s)
        chmod(s.file.path, 0o644)
        #expect(FileManager.default.contents(atPath: s.file.path) == original, "the three labs are still there")
    }

    /// What root cannot read either: a folder where the file should be.
    @Test func aProgressPathThatIsNoFileIsReportedNotTakenAsEmpty() throws {
        let s = try store()
        try FileManager.default.createDirectory(at: s.file, withIntermediateDirectories: true)
        guard case .unusable(let problem) = s.load() else { Issue.record("taken as empty progress"); return }
        #expect(problem.description.contains(s.file.path))
        #expect(throws: ProgressStore.Problem.self) { try s.save(threeLabs()) }
    }

    @Test func aNewerVersionIsRefusedAndLeftAlone() throws {
        let s = try store()
        let newer = Data(#"{"version": 999, "id": "x", "labs": {}, "hologram": true}"#.utf8)
        try newer.write(to: s.file)
        guard case .unusable(let problem) = s.load() else { Issue.record("version 999 accepted"); return }
        #expect(problem == .newerFile(path: s.file.path, version: 999))
        #expect(problem.description.contains("newer"))
        expectSavesRefused(s)
        #expect(FileManager.default.contents(atPath: s.file.path) == newer, "the file is untouched")
    }

    @Test func twoCorruptFilesInOneSecondAreBothKept() throws {
        let s = try store()
        var kept: [URL] = []
        for text in ["{\"labs\": tru", "not json at all"] {
            try Data(text.utf8).write(to: s.file)
            guard case .recovered(_, let aside, _) = s.load() else { Issue.record("corruption not reported"); return }
            kept.append(aside)
        }
        #expect(kept[0] != kept[1], "set-aside names never collide")
        #expect(try String(contentsOf: kept[0], encoding: .utf8) == "{\"labs\": tru")
        #expect(try String(contentsOf: kept[1], encoding: .utf8) == "not json at all")
    }

    @Test func fieldsThisVersionDoesNotKnowSurviveASave() throws {
        let s = try store()
        let text = """
            {"version": 2, "id": "abc", "teacher": {"section": 3, "tags": ["x", null]},
             "labs": {"a": {"title": "A", "topic": "t", "position": 1, "responses": {}, "score": 0, "maxScore": 2,
                            "completed": false, "updated": 0, "reviewedBy": "TA"}}}
            """
        try Data(text.utf8).write(to: s.file)
        try s.update { $0.labs["b"] = $0.labs["a"] }
        let saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: s.file)) as? [String: Any])
        let teacher = try #require(saved["teacher"] as? [String: Any])
        #expect(teacher["section"] as? Int == 3)
        let labs = try #require(saved["labs"] as? [String: [String: Any]])
        #expect(labs["a"]?["reviewedBy"] as? String == "TA" && labs["b"]?["reviewedBy"] as? String == "TA")
        #expect(saved["id"] as? String == "abc")
    }

    @Test func staleTemporaryFilesOfDeadSavesAreRemovedAtTheNextStart() throws {
        let s = try store()
        try s.save(threeLabs())
        // A pid above the kernel's maximum (4194304) belongs to no process.
        let stale = s.directory.appendingPathComponent(".progress.2147483646.tmp")
        let live = s.directory.appendingPathComponent(".progress.\(getpid()).tmp")
        try Data("half".utf8).write(to: stale)
        try Data("mine".utf8).write(to: live)
        guard case .loaded(let p) = s.load() else { Issue.record("progress not loaded"); return }
        #expect(p == threeLabs())
        #expect(!FileManager.default.fileExists(atPath: stale.path), "a dead process's temporary file is cleaned up")
        #expect(FileManager.default.fileExists(atPath: live.path), "a live process's save in progress is left alone")
    }
}

/// A progress file written before attempts and ids (version 1) still loads,
/// and is saved in today's format with its labs intact.
@Suite struct ProgressVersionOneTests {
    @Test func aVersionOneFileLoadsAndIsUpgradedOnSave() throws {
        let s = ProgressStore(directory: try BuiltBinary.temporaryDirectory())
        try FileManager.default.createDirectory(at: s.directory, withIntermediateDirectories: true)
        let v1 = #"{"version": 1, "labs": {"x": {"title": "X", "topic": "t", "position": 2, "responses": {"q": "b"}, "score": 1, "maxScore": 3, "completed": false, "updated": 5}}}"#
        try Data(v1.utf8).write(to: s.file)
        guard case .loaded(let p) = s.load() else { Issue.record("a version 1 file did not load"); return }
        #expect(p.labs["x"]?.score == 1 && p.labs["x"]?.responses == ["q": "b"] && p.labs["x"]?.questions.isEmpty == true)
        try s.save(p)
        let again = s.load().progress
        #expect(again.version == StudentProgress.currentVersion && again.labs == p.labs && again.id == p.id)
    }
}

/// A later play of a lab adds attempts after the earlier ones and never
/// takes the student back from where they got to.
@Suite struct LabRecordMergeTests {
    func record(position: Int, completed: Bool, answer: String, points: Int, at: Double) -> StudentProgress.LabRecord {
        var r = StudentProgress.LabRecord(title: "X", topic: "t", position: position, steps: 5, responses: ["q": answer],
                                          score: points, maxScore: 1, completed: completed, updated: at)
        r.questions["q"] = QuestionRecord(step: 2, maxPoints: 1,
                                          attempts: [Attempt(answer: answer, correct: points > 0, points: points, at: at, source: .student)])
        return r
    }

    @Test func theFirstAnswerKeepsCountingAndADoneLabStaysDone() {
        let first = record(position: 5, completed: true, answer: "a", points: 0, at: 1)
        let later = record(position: 2, completed: false, answer: "b", points: 1, at: 2)
        let merged = first.followed(by: later)
        #expect(merged.questions["q"]?.attempts.map(\.answer) == ["a", "b"])
        #expect(merged.score == 0, "the first answer counts")
        #expect(merged.completed && merged.position == 5 && merged.responses == ["q": "a"], "not taken back")
        let further = record(position: 1, completed: false, answer: "a", points: 0, at: 1).followed(by: later)
        #expect(further.position == 2 && further.responses == ["q": "b"], "a play that got further moves the place on")
    }
}
